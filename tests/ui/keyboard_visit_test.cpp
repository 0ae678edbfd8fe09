// A whole two-pump visit documented from the keyboard (issue 13): every keystroke and click is counted.
// Before this issue a nurse needed 30 clicks and 228 keystrokes in the real window; the goal is fewer
// than half. The walk is the procedure (practice.md): set up, needles with their checklist, start,
// stop; then a second pump set-up the same way; sign.
#include "ui/tab_order.hpp"
#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>

using namespace infusion;

namespace {

// Tab until `stop` has the focus, as a person would (each Tab counts); fails after `limit` presses.
void tab_to(test::UiDriver& d, const std::string& stop, int limit = 12) {
    for (int i = 0; i < limit; ++i) {
        if (ui::focused_stop(d.state()) == stop) return;
        d.press(ImGuiKey_Tab);
    }
    REQUIRE_MESSAGE(ui::focused_stop(d.state()) == stop,
                    "Tab never reached " << stop << " (at \"" << ui::focused_stop(d.state()) << "\")");
}

// "+ Needle", Enter on the suggested site, then its checklist: Prepped, No blood, Secured.
void needle(test::UiDriver& d, int setup) {
    const std::string card = "pump_setups[" + std::to_string(setup) + "]";
    tab_to(d, card + ".add_needle");
    d.press(ImGuiKey_Space);
    REQUIRE(ui::focused_stop(d.state()) == "map");
    d.press(ImGuiKey_Enter);
    const auto& sites = d.state().editor.visit().pump_setups[static_cast<std::size_t>(setup)].sites;
    const std::string row = card + ".sites[" + std::to_string(sites.size() - 1) + "]";
    REQUIRE(ui::focused_stop(d.state()) == row + ".prepped");
    d.press(ImGuiKey_Space);
    tab_to(d, row + ".aspiration.0");
    d.press(ImGuiKey_Space);
    tab_to(d, row + ".secured");
    d.press(ImGuiKey_Space);
}

}  // namespace

TEST_CASE("a two-pump visit is documented and signed from the keyboard in fewer than half the keystrokes") {
    test::UiDriver d("2026-03-02T14:00:00Z");  // 09:00 in New York
    d.click("new");                            // Today's "+ New visit": the walk's one click
    d.type("MRN-790100");
    d.press(ImGuiKey_Tab);
    d.type("Quist, Ama");
    d.press(ImGuiKey_Enter);
    REQUIRE(d.state().screen == ui::Screen::visit);

    tab_to(d, "patient.allergies");
    d.type("NKDA");
    tab_to(d, "visit.diagnoses");
    d.type("D80.1");
    tab_to(d, "substances[0].name");
    d.press(ImGuiKey_Space);  // the product list opens on its first entry
    d.press(ImGuiKey_Enter);
    tab_to(d, "substances[0].dose");
    d.type("8");
    tab_to(d, "substances[0].lot");
    d.type("P100234");
    tab_to(d, "pump_setups[0].pump");
    d.press(ImGuiKey_Space);
    d.press(ImGuiKey_Enter);  // Freedom60, the first pump
    tab_to(d, "pump_setups[0].set_up_at.now");
    d.press(ImGuiKey_Space);
    needle(d, 0);
    needle(d, 0);
    d.set_clock("2026-03-02T14:05:00Z");  // 09:05: the infusion starts
    tab_to(d, "pump_setups[0].start.now");
    d.press(ImGuiKey_Space);
    d.set_clock("2026-03-02T15:06:00Z");  // the first pump ran an hour; its stop is read off the pump
    tab_to(d, "pump_setups[0].stop");
    d.type("10:05");

    // Then a second pump set-up with its own site (step 8 of the procedure), the pump copied.
    tab_to(d, "setup.add");
    d.press(ImGuiKey_Space);
    REQUIRE(ui::focused_stop(d.state()) == "pump_setups[1].pump");
    tab_to(d, "pump_setups[1].set_up_at.now");
    d.press(ImGuiKey_Space);
    needle(d, 1);
    d.set_clock("2026-03-02T15:10:00Z");
    tab_to(d, "pump_setups[1].start.now");
    d.press(ImGuiKey_Space);
    d.set_clock("2026-03-02T16:00:00Z");  // 11:00
    tab_to(d, "pump_setups[1].stop.now");
    d.press(ImGuiKey_Space);
    d.ctrl_enter();  // Sign, from anywhere on the visit
    REQUIRE(d.visible("sign.confirm"));
    CHECK(d.state().editor.status() == storage::VisitStatus::draft);  // Ctrl+Enter only asks
    d.press(ImGuiKey_Enter);

    CHECK(d.state().editor.status() == storage::VisitStatus::signed_);
    const auto stored = d.database().visits().load(d.state().editor.id()).value();
    const core::Visit& v = stored.current().content;
    CHECK(v.patient.allergies == "NKDA");
    CHECK(v.diagnoses == std::vector<std::string>{"D80.1"});
    CHECK(v.substances[0].name == "Hizentra");
    CHECK(v.substances[0].lot == "P100234");
    REQUIRE(v.pump_setups.size() == 2);
    CHECK(v.pump_setups[0].pump == "Freedom60");
    CHECK(v.pump_setups[1].pump == "Freedom60");
    REQUIRE(v.pump_setups[0].sites.size() == 2);
    REQUIRE(v.pump_setups[1].sites.size() == 1);
    for (const auto& setup : v.pump_setups) {
        for (const auto& site : setup.sites) {
            CHECK(site.prepped == true);
            CHECK(site.aspiration == core::Aspiration::no_blood);
            CHECK(site.secured == true);
        }
    }
    CHECK(core::format_iso(*v.pump_setups[0].start) == "2026-03-02T09:05:00-05:00");
    CHECK(core::format_iso(*v.pump_setups[0].stop) == "2026-03-02T10:05:00");
    CHECK(core::format_iso(*v.pump_setups[1].start) == "2026-03-02T10:10:00-05:00");
    CHECK(core::format_iso(*v.pump_setups[1].stop) == "2026-03-02T11:00:00-05:00");
    CHECK(stored.current().coding->billable);

    MESSAGE("keyboard-only two-pump visit: " << d.keystrokes() << " keystrokes, " << d.clicks() << " click(s)");
    CHECK(d.keystrokes() < 228 / 2);
    CHECK(d.clicks() <= 1);
}

TEST_CASE("before the infusion starts, Tab goes on past the greyed + Pause to the next set-up and the notes") {
    // Found from outside: on a set-up not started yet, Tab stopped at the Stop's "Now" for good: the greyed
    // "+ Pause" after it took the turn but no focus, so "+ Additional pump set-up", the notes and Sign were
    // out of the keyboard's reach.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.start_new_visit("MRN-790200", "Osei, Kofi");
    REQUIRE(d.state().screen == ui::Screen::visit);
    REQUIRE_FALSE(d.state().editor.visit().pump_setups.at(0).start);
    tab_to(d, "pump_setups[0].stop", 40);
    tab_to(d, "pump_setups[0].stop.now");
    d.press(ImGuiKey_Tab);
    CHECK(ui::focused_stop(d.state()) != "pump_setups[0].stop.now");
    CHECK(ui::focused_stop(d.state()) != "pump_setups[0].add_pause");
    tab_to(d, "setup.add", 4);
    // Wholly in view when it has the focus, above the footer (found from outside: a 10 px sliver at the
    // column's edge took the focus, and the nurse could not see what Enter would press).
    REQUIRE(d.in_view_now("setup.add"));
    REQUIRE(d.in_view_now("sign"));
    const auto& rects = d.state().locations.rects;
    CHECK(rects.at("setup.add").max.y < rects.at("sign").min.y);
}

TEST_CASE("Ctrl+Enter held while the window draws asks to sign and does not sign: the Enter still down is not a yes") {
    // Found from outside: Ctrl+Enter held about 150 ms right after a save signed the visit (and sealed an
    // amendment) with no dialog on screen. Ctrl came up before Enter, and the Enter still held pressed the
    // dialog's Sign as it opened.
    test::UiDriver d("2026-03-02T16:00:00Z");
    core::Visit v = test::sample_visit(75);
    const auto id = d.clinic().visits().create(d.test_clinic().as("rn.okafor", {app::Role::nurse}), v).value();
    d.state().open_visit(id);
    d.frames(2);
    REQUIRE_FALSE(d.visible("sign.blocker"));
    d.press(ImGuiKey_Tab);  // at the keyboard: a dialog opens with the keyboard's focus on its first button
    d.press(ImGuiKey_Tab);
    ImGuiIO& io = ImGui::GetIO();
    const int enter = io.KeyMap[ImGuiKey_Enter];
    io.KeyCtrl = true;
    io.KeysDown[enter] = true;
    d.frames(2);  // Ctrl+Enter: asks
    io.KeyCtrl = false;
    d.frames(4);  // Ctrl up first, Enter still held while the dialog opens
    io.KeysDown[enter] = false;
    d.frames(2);
    CHECK(d.state().editor.status() == storage::VisitStatus::draft);
    CHECK(d.visible("sign.confirm"));  // asked, and waiting for a yes of its own
    d.press(ImGuiKey_Enter);           // a new Enter is that yes
    CHECK(d.state().editor.status() == storage::VisitStatus::signed_);
}
