// platform/unchanged_picture: a frame is drawn again only when its picture differs from the one on
// screen. The danger is the other way round (a change that never reaches the screen), so most checks
// are that a change of any kind is seen as a change.
#include "platform/unchanged_picture.hpp"
#include "platform/headless.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <string>

using infusion::platform::HeadlessUi;
using infusion::platform::UnchangedPicture;

namespace {

// A small screen: a button (its colour follows the pointer) and a line of text.
struct Screen {
    std::string text = "MRN-500007  Patient 007";
    ImVec2 button_at;
    void draw() {
        ImGui::SetNextWindowPos(ImVec2(20.0F, 20.0F));
        ImGui::SetNextWindowSize(ImVec2(400.0F, 300.0F));
        ImGui::Begin("Today", nullptr, ImGuiWindowFlags_NoSavedSettings);
        ImGui::Button("+ New visit");
        const ImVec2 min = ImGui::GetItemRectMin();
        const ImVec2 max = ImGui::GetItemRectMax();
        button_at = ImVec2((min.x + max.x) / 2.0F, (min.y + max.y) / 2.0F);
        ImGui::TextUnformatted(text.c_str());
        ImGui::End();
    }
};

// One frame, then whether its picture is the last one's.
bool frame_unchanged(HeadlessUi& ui, Screen& screen, UnchangedPicture& picture) {
    ui.frame([&screen] { screen.draw(); });
    return picture.same_as_last(*ImGui::GetDrawData());
}

}  // namespace

TEST_CASE("the first frame is drawn, and the same frame again is not") {
    HeadlessUi ui;
    Screen screen;
    UnchangedPicture picture;
    ui.move_mouse(ImVec2(390.0F, 290.0F));  // inside the window, over nothing
    CHECK_FALSE(frame_unchanged(ui, screen, picture));
    ui.frames(2, [&screen] { screen.draw(); });  // ImGui settles the layout
    (void)picture.same_as_last(*ImGui::GetDrawData());
    CHECK(frame_unchanged(ui, screen, picture));
    CHECK(frame_unchanged(ui, screen, picture));

    SUBCASE("the pointer moving over empty space changes nothing") {
        ui.move_mouse(ImVec2(380.0F, 280.0F));
        CHECK(frame_unchanged(ui, screen, picture));
    }
    SUBCASE("the pointer over the button changes its colour: drawn, then the same again is not") {
        ui.move_mouse(screen.button_at);
        CHECK_FALSE(frame_unchanged(ui, screen, picture));
        CHECK(frame_unchanged(ui, screen, picture));
        ui.move_mouse(ImVec2(390.0F, 290.0F));  // and back: drawn again
        CHECK_FALSE(frame_unchanged(ui, screen, picture));
    }
    SUBCASE("one character of the text changed is a new picture") {
        screen.text = "MRN-500008  Patient 007";
        CHECK_FALSE(frame_unchanged(ui, screen, picture));
    }
    SUBCASE("a resized display is a new picture") {
        ui.set_display_size(ImVec2(1024.0F, 768.0F));
        CHECK_FALSE(frame_unchanged(ui, screen, picture));
    }
    SUBCASE("after forget() the next frame is drawn even when it is the same") {
        picture.forget();
        CHECK_FALSE(frame_unchanged(ui, screen, picture));
        CHECK(frame_unchanged(ui, screen, picture));
    }
}

TEST_CASE("a frame with a draw callback is always drawn") {
    HeadlessUi ui;
    UnchangedPicture picture;
    const auto draw = [] {
        ImGui::Begin("Body map", nullptr, ImGuiWindowFlags_NoSavedSettings);
        ImGui::GetWindowDrawList()->AddCallback([](const ImDrawList*, const ImDrawCmd*) {}, nullptr);
        ImGui::TextUnformatted("site 1");
        ImGui::End();
    };
    ui.frames(3, draw);
    CHECK_FALSE(picture.same_as_last(*ImGui::GetDrawData()));
    ui.frame(draw);
    CHECK_FALSE(picture.same_as_last(*ImGui::GetDrawData()));  // the callback may draw something new
}
