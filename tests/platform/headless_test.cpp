// platform/headless: the test driver itself, on a form with a button and a text field. If these
// fail, every screen test built on HeadlessUi is suspect.
#include "platform/headless.hpp"

#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>

using infusion::platform::HeadlessUi;

namespace {

ImVec2 item_center() {
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    return {(min.x + max.x) / 2.0f, (min.y + max.y) / 2.0f};
}

// What the form reports back from each frame.
struct Form {
    int saves = 0;
    std::string name;
    ImVec2 save_at;
    ImVec2 name_at;
    bool save_focused = false;
    bool name_focused = false;
    bool name_active = false;

    void draw() {
        ImGui::SetNextWindowPos(ImVec2(20.0f, 20.0f));
        ImGui::SetNextWindowSize(ImVec2(400.0f, 300.0f));
        ImGui::Begin("Visit", nullptr, ImGuiWindowFlags_NoSavedSettings);
        if (ImGui::Button("Save")) ++saves;
        save_at = item_center();
        save_focused = ImGui::IsItemFocused();
        ImGui::InputText("Name", &name);
        name_at = item_center();
        name_focused = ImGui::IsItemFocused();
        name_active = ImGui::IsItemActive();
        ImGui::End();
    }
};

}  // namespace

TEST_CASE("HeadlessUi: click() presses a button exactly once, on the release") {
    HeadlessUi ui;
    Form form;
    const auto draw = [&form] { form.draw(); };
    ui.frames(2, draw);  // lay out, so the button's position is known

    const int before = ui.frame_count();
    ui.click(form.save_at, draw);
    CHECK(ui.frame_count() == before + 3);
    CHECK(form.saves == 1);

    ui.frames(5, draw);  // the mouse stays over the button with the button up: no second press
    CHECK(form.saves == 1);

    SUBCASE("a second click is a second press") {
        ui.click(form.save_at, draw);
        CHECK(form.saves == 2);
    }
    SUBCASE("a click beside the button presses nothing") {
        ui.click(ImVec2(form.save_at.x, form.save_at.y + 200.0f), draw);
        CHECK(form.saves == 1);
    }
}

TEST_CASE("HeadlessUi: type() fills the text field that has focus") {
    HeadlessUi ui;
    Form form;
    const auto draw = [&form] { form.draw(); };
    ui.frames(2, draw);

    ui.type("ignored");  // no field is active yet: the characters are dropped with the frame
    ui.frame(draw);
    CHECK(form.name.empty());

    ui.click(form.name_at, draw);
    CHECK(form.name_active);
    ui.type("Peña Müller Nguyễn");
    ui.frame(draw);
    CHECK(form.name == "Peña Müller Nguyễn");

    ui.press(ImGuiKey_Backspace);
    ui.frames(2, draw);
    CHECK(form.name == "Peña Müller Nguyễ");
}

TEST_CASE("HeadlessUi: keyboard navigation") {
    HeadlessUi ui;
    Form form;
    const auto draw = [&form] { form.draw(); };
    ui.frames(2, draw);
    REQUIRE_FALSE(form.name_active);

    SUBCASE("Tab moves the keyboard focus into the text field, and typing goes there") {
        // ImGui 1.86 tabs only between text fields, sliders and drags; buttons are reached with arrows.
        ui.press(ImGuiKey_Tab);
        ui.frames(2, draw);
        CHECK(form.name_active);
        ui.type("Müller");
        ui.frame(draw);
        CHECK(form.name == "Müller");

        ui.press(ImGuiKey_Escape);
        ui.frames(2, draw);
        CHECK_FALSE(form.name_active);
        CHECK(form.saves == 0);
    }

    // A window that appears puts the keyboard focus (not yet highlighted) on its first item.
    SUBCASE("arrows move the focus between items, Space presses the focused button once") {
        ui.press(ImGuiKey_DownArrow);
        ui.frames(2, draw);
        CHECK(form.name_focused);
        ui.press(ImGuiKey_UpArrow);
        ui.frames(2, draw);
        REQUIRE(form.save_focused);
        ui.press(ImGuiKey_Space);
        ui.frames(3, draw);
        CHECK(form.saves == 1);
    }

    SUBCASE("Space and Enter do nothing until an arrow or Tab has shown the focus") {
        REQUIRE(form.save_focused);
        ui.press(ImGuiKey_Space);
        ui.press(ImGuiKey_Enter);
        ui.frames(4, draw);
        CHECK(form.saves == 0);
    }

    SUBCASE("Enter presses the focused button too (let_enter_activate)") {
        ui.press(ImGuiKey_DownArrow);
        ui.press(ImGuiKey_UpArrow);
        ui.frames(3, draw);
        REQUIRE(form.save_focused);
        ui.press(ImGuiKey_Enter);
        ui.frames(3, draw);
        CHECK(form.saves == 1);
        CHECK_FALSE(form.name_active);
    }

    SUBCASE("Enter on the focused text field starts editing it, and ends it again") {
        ui.press(ImGuiKey_DownArrow);
        ui.press(ImGuiKey_Enter);
        ui.frames(4, draw);
        CHECK(form.name_active);
        ui.type("Peña");
        ui.press(ImGuiKey_Enter);
        ui.frames(3, draw);
        CHECK_FALSE(form.name_active);
        CHECK(form.name == "Peña");
        CHECK(form.saves == 0);
    }

    SUBCASE("presses queue one per frame; a repeated key waits one frame for its release") {
        ui.press(ImGuiKey_DownArrow);
        ui.press(ImGuiKey_UpArrow);
        ui.press(ImGuiKey_Space);
        ui.press(ImGuiKey_Space);
        ui.press(ImGuiKey_Space);
        ui.frames(9, draw);
        CHECK(form.saves == 3);
    }
}

TEST_CASE("HeadlessUi: display size and independent contexts") {
    HeadlessUi small(ImVec2(320.0f, 240.0f));
    small.frame([] { CHECK(ImGui::GetIO().DisplaySize.x == doctest::Approx(320.0f)); });
    small.set_display_size(ImVec2(800.0f, 600.0f));
    {
        HeadlessUi other;  // a second context must not disturb the first
        other.frame([] { CHECK(ImGui::GetIO().DisplaySize.x == doctest::Approx(1280.0f)); });
    }
    small.frame([] { CHECK(ImGui::GetIO().DisplaySize.y == doctest::Approx(600.0f)); });
    CHECK(small.frame_count() == 2);
}
