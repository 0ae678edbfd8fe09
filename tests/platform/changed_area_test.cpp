// platform/changed_area: a frame is drawn again only where its picture differs from the one on screen.
// The danger is a change that never reaches the screen, so most checks are that a change of any kind is
// seen, and that the area said to change holds all of it; then that it is no larger than the change.
#include "platform/changed_area.hpp"
#include "platform/headless.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <optional>
#include <string>

using infusion::platform::ChangedArea;
using infusion::platform::HeadlessUi;
using infusion::platform::PixelRect;

namespace {

PixelRect pixels(ImVec2 min, ImVec2 max) {
    return {static_cast<int>(min.x), static_cast<int>(min.y), static_cast<int>(max.x) + 1, static_cast<int>(max.y) + 1};
}

bool holds(const PixelRect& outer, const PixelRect& inner) {
    return outer.x0 <= inner.x0 && outer.y0 <= inner.y0 && outer.x1 >= inner.x1 && outer.y1 >= inner.y1;
}

PixelRect grown(const PixelRect& rect, int by) { return {rect.x0 - by, rect.y0 - by, rect.x1 + by, rect.y1 + by}; }

// A small screen: a button (its colour follows the pointer), a line of text and one below it.
struct Screen {
    std::string text = "MRN-500007  Patient 007";
    ImVec2 button_at;
    PixelRect button;
    PixelRect line;
    PixelRect next_line;
    void draw() {
        ImGui::SetNextWindowPos(ImVec2(20.0F, 20.0F));
        ImGui::SetNextWindowSize(ImVec2(400.0F, 300.0F));
        ImGui::Begin("Today", nullptr, ImGuiWindowFlags_NoSavedSettings);
        ImGui::Button("+ New visit");
        button = pixels(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        button_at = ImVec2((ImGui::GetItemRectMin().x + ImGui::GetItemRectMax().x) / 2.0F,
                           (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) / 2.0F);
        ImGui::TextUnformatted(text.c_str());
        line = pixels(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        ImGui::TextUnformatted("Okafor, Ada");
        next_line = pixels(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        ImGui::End();
    }
};

// One frame, then where its picture differs from the last one's.
std::optional<PixelRect> frame_changes(HeadlessUi& ui, Screen& screen, ChangedArea& changes) {
    ui.frame([&screen] { screen.draw(); });
    return changes.since_last(*ImGui::GetDrawData());
}

const PixelRect whole{0, 0, 1280, 800};

}  // namespace

TEST_CASE("the first frame changes the whole display, and the same frame again changes nothing") {
    HeadlessUi ui;
    Screen screen;
    ChangedArea changes;
    ui.move_mouse(ImVec2(390.0F, 290.0F));  // inside the window, over nothing
    CHECK(frame_changes(ui, screen, changes) == whole);
    ui.frames(2, [&screen] { screen.draw(); });  // ImGui settles the layout
    (void)changes.since_last(*ImGui::GetDrawData());
    CHECK_FALSE(frame_changes(ui, screen, changes).has_value());
    CHECK_FALSE(frame_changes(ui, screen, changes).has_value());

    SUBCASE("the pointer moving over empty space changes nothing") {
        ui.move_mouse(ImVec2(380.0F, 280.0F));
        CHECK_FALSE(frame_changes(ui, screen, changes).has_value());
    }
    SUBCASE("the pointer over the button changes the button, and only it") {
        ui.move_mouse(screen.button_at);
        const auto lit = frame_changes(ui, screen, changes);
        REQUIRE(lit.has_value());
        CHECK(holds(*lit, screen.button));
        CHECK(holds(grown(screen.button, 2), *lit));
        CHECK_FALSE(frame_changes(ui, screen, changes).has_value());
        ui.move_mouse(ImVec2(390.0F, 290.0F));  // and back: the button drawn plain again
        const auto plain = frame_changes(ui, screen, changes);
        REQUIRE(plain.has_value());
        CHECK(holds(*plain, screen.button));
        CHECK(holds(grown(screen.button, 2), *plain));
    }
    SUBCASE("one character of the text changed: that line changes, not the button or the next line") {
        screen.text = "MRN-500008  Patient 007";
        const auto changed = frame_changes(ui, screen, changes);
        REQUIRE(changed.has_value());
        CHECK(holds(grown(screen.line, 2), *changed));
        CHECK(changed->y1 <= screen.next_line.y0 + 2);
        CHECK(changed->y0 >= screen.button.y1 - 2);
    }
    SUBCASE("a longer line changes where it grew and nowhere past it") {
        const PixelRect before = screen.line;
        screen.text += " (signed)";
        const auto changed = frame_changes(ui, screen, changes);
        REQUIRE(changed.has_value());
        CHECK(changed->x0 >= before.x1 - 2);  // the old text is not drawn again
        CHECK(changed->x1 >= screen.line.x1 - 2);
        CHECK(holds(grown(screen.line, 2), *changed));
    }
    SUBCASE("a resized display is a new picture, whole") {
        ui.set_display_size(ImVec2(1024.0F, 768.0F));
        CHECK(frame_changes(ui, screen, changes) == PixelRect{0, 0, 1024, 768});
    }
    SUBCASE("after forget() the next frame changes everything, even when it is the same") {
        changes.forget();
        CHECK(frame_changes(ui, screen, changes) == whole);
        CHECK_FALSE(frame_changes(ui, screen, changes).has_value());
    }
}

TEST_CASE("a window moved over another changes where it was and where it is") {
    HeadlessUi ui;
    ChangedArea changes;
    ImVec2 at(100.0F, 100.0F);
    const auto draw = [&at] {
        ImGui::SetNextWindowPos(ImVec2(50.0F, 50.0F));
        ImGui::SetNextWindowSize(ImVec2(600.0F, 500.0F));
        ImGui::Begin("Visit", nullptr, ImGuiWindowFlags_NoSavedSettings);
        ImGui::TextUnformatted("Pump set-up 1");
        ImGui::End();
        ImGui::SetNextWindowPos(at);
        ImGui::SetNextWindowSize(ImVec2(200.0F, 100.0F));
        ImGui::Begin("Sign?", nullptr, ImGuiWindowFlags_NoSavedSettings);
        ImGui::TextUnformatted("Sign this visit?");
        ImGui::End();
    };
    ui.frames(3, draw);
    (void)changes.since_last(*ImGui::GetDrawData());
    at = ImVec2(300.0F, 250.0F);
    ui.frame(draw);
    const auto changed = changes.since_last(*ImGui::GetDrawData());
    REQUIRE(changed.has_value());
    CHECK(holds(*changed, PixelRect{100, 100, 500, 350}));  // from the old top left to the new bottom right
    CHECK(holds(PixelRect{90, 90, 510, 360}, *changed));
}

TEST_CASE("a frame with a draw callback changes the whole display, every time") {
    HeadlessUi ui;
    ChangedArea changes;
    const auto draw = [] {
        ImGui::Begin("Body map", nullptr, ImGuiWindowFlags_NoSavedSettings);
        ImGui::GetWindowDrawList()->AddCallback([](const ImDrawList*, const ImDrawCmd*) {}, nullptr);
        ImGui::TextUnformatted("site 1");
        ImGui::End();
    };
    ui.frames(3, draw);
    CHECK(changes.since_last(*ImGui::GetDrawData()) == whole);
    ui.frame(draw);
    CHECK(changes.since_last(*ImGui::GetDrawData()) == whole);  // the callback may draw something new
}
