// Slips at the chair that cost a nurse what she typed (found from outside, in the real window): a key that
// lands on a button instead of a field, a second click that lands on what moved under it. Each is undone or
// kept from happening.
#include "ui/tab_order.hpp"
#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>

using namespace infusion;

namespace {

core::Visit stored(test::UiDriver& d) {
    return d.database().visits().load(d.state().editor.id()).value().current().content;
}

}  // namespace

TEST_CASE("Tab out of a typed time passes its Now, so the Enter that follows keeps the time just typed") {
    // Found from outside: "1:30", Tab, then Enter replaced the set-up time with this moment (01:34:44).
    test::UiDriver d("2026-03-02T14:00:00Z");  // 09:00 in New York
    d.start_new_visit("MRN-781001", "Tran, Minh");
    // An empty time's Now is a stop: Tab, Space records this moment (the keyboard walk's way).
    d.click("pump_setups[0].start");
    d.press(ImGuiKey_Tab);
    CHECK(ui::focused_stop(d.state()) == "pump_setups[0].start.now");
    // A time typed: Tab goes on to the next field, and Enter there changes nothing.
    d.click("pump_setups[0].set_up_at");
    d.type("6:40");
    d.press(ImGuiKey_Tab);
    d.frames(2);
    CHECK(ui::focused_stop(d.state()) == "pump_setups[0].add_needle");  // the Tab is not lost either
    d.press(ImGuiKey_Enter);
    d.frames(2);
    const auto setup = stored(d).pump_setups.at(0);
    REQUIRE(setup.set_up_at.has_value());
    CHECK(core::format_iso(*setup.set_up_at) == "2026-03-02T06:40:00");
}

TEST_CASE("Tab from a Now that pressed its time goes on to the next stop, and Shift+Tab back to its field") {
    // Once its time is set, a Now is no stop: the focus it had is placed by the stop before it, not lost
    // (a Tab from it skipped the next field).
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.start_new_visit("MRN-781002", "Tran, Minh");
    d.click("pump_setups[0].set_up_at");
    d.press(ImGuiKey_Tab);
    REQUIRE(ui::focused_stop(d.state()) == "pump_setups[0].set_up_at.now");
    d.press(ImGuiKey_Space);
    REQUIRE(d.state().editor.visit().pump_setups[0].set_up_at.has_value());
    d.frames(3);
    d.press(ImGuiKey_Tab);
    d.frames(2);
    CHECK(ui::focused_stop(d.state()) == "pump_setups[0].add_needle");
    d.shift_tab();
    d.frames(2);
    CHECK(ui::focused_stop(d.state()) == "pump_setups[0].set_up_at");
}

TEST_CASE("a note removed by a slip comes back with Undo, its words and time with it") {
    // Found from outside: Shift+Tab from a note's text put the focus on its Remove, the space of the next
    // words pressed it, and the reaction note was gone from the screen and the record.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.start_new_visit("MRN-781003", "Tran, Minh");
    d.click("note.add.reaction");
    d.type_into("notes[0].text", "swelling 3 cm");
    d.click("notes[0].remove");
    CHECK(d.state().editor.visit().notes.empty());
    CHECK(stored(d).notes.empty());
    REQUIRE(d.visible("note.removed"));
    d.click("note.undo_remove");
    REQUIRE(d.state().editor.visit().notes.size() == 1);
    CHECK(d.state().editor.visit().notes[0].text == "swelling 3 cm");
    CHECK(d.state().editor.visit().notes[0].kind == core::NoteKind::reaction);
    REQUIRE(stored(d).notes.size() == 1);
    CHECK(stored(d).notes[0].text == "swelling 3 cm");
    CHECK_FALSE(d.visible("note.removed"));
}

TEST_CASE("a pump set-up added by mistake is removed, and Undo brings it back whole") {
    // Found from outside: a double click's second click landed on "+ Additional pump set-up"; the set-up
    // held signing for want of a site, and nothing took it off.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.start_new_visit("MRN-781004", "Tran, Minh");
    CHECK_FALSE(d.visible("pump_setups[0].remove"));  // one set-up: nothing to remove
    d.click("setup.add");
    REQUIRE(d.state().editor.visit().pump_setups.size() == 2);
    d.click("map.thigh-left");  // the new set-up takes the taps
    REQUIRE(d.state().editor.visit().pump_setups[1].sites.size() == 1);
    d.click("pump_setups[1].remove");
    CHECK(d.state().editor.visit().pump_setups.size() == 1);
    CHECK(stored(d).pump_setups.size() == 1);
    d.click("setup.undo_remove");
    REQUIRE(d.state().editor.visit().pump_setups.size() == 2);
    CHECK(d.state().editor.visit().pump_setups[1].sites.size() == 1);
    CHECK(stored(d).pump_setups.size() == 2);
}

TEST_CASE("words typed right after a note's button go into the new note") {
    // Found from outside: "+ Site check" added a note out of view, the keyboard was not in it, and "BP 122/78"
    // went nowhere; the note was saved empty.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.start_new_visit("MRN-781005", "Tran, Minh");
    d.click("note.add.monitoring");
    d.frames(2);
    d.type("BP 122/78");
    d.frames(2);
    REQUIRE(d.state().editor.visit().notes.size() == 1);
    CHECK(d.state().editor.visit().notes[0].text == "BP 122/78");
}

TEST_CASE("a draft opened again puts the body map's taps on its newest set-up, as before it was left") {
    // Found from outside: reopened, the taps went to set-up 1, stopped long before, with no word.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.start_new_visit("MRN-781006", "Tran, Minh");
    d.click("setup.add");
    REQUIRE(d.state().editor.visit().pump_setups.size() == 2);
    const auto id = d.state().editor.id();
    d.state().open_visit(id);
    d.frames(2);
    d.click("map.thigh-right");
    const auto setups = d.state().editor.visit().pump_setups;
    CHECK(setups[0].sites.empty());
    REQUIRE(setups[1].sites.size() == 1);
    CHECK(setups[1].sites[0].location == "thigh-right");
}

TEST_CASE("Tab out of the last note goes on to the notes' buttons, even with the column scrolled to its end") {
    // Found from outside: Tab from the last note scrolled the column each frame and never left the note; an "x"
    // typed next landed in it.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.start_new_visit("MRN-781007", "Tran, Minh");
    d.click("note.add.monitoring");
    d.type("Sites fine");
    d.click("note.add.instructions");
    d.type("Call if fever");
    d.press(ImGuiKey_Tab);
    d.frames(8);
    CHECK(ui::focused_stop(d.state()) == "note.add.monitoring");
    d.type("x");
    d.frames(2);
    CHECK(d.state().editor.visit().notes.back().text == "Call if fever");
}

TEST_CASE("a removed pause comes back with Undo, and its minutes come off the billed time again") {
    // Found from outside: a typed Stop, Tab (onto "Remove pause"), Enter: the pause was gone, its minutes billed as
    // infusion, with no way back.
    test::UiDriver d("2026-03-02T14:00:00Z");  // 09:00 in New York
    d.start_new_visit("MRN-781008", "Tran, Minh");
    d.click("pump_setups[0].start.now");
    d.set_clock("2026-03-02T14:40:00Z");
    d.click("pump_setups[0].add_pause");
    d.click("pump_setups[0].pauses[0].start.now");
    d.set_clock("2026-03-02T14:55:00Z");
    d.click("pump_setups[0].pauses[0].stop.now");
    d.type_into("pump_setups[0].pauses[0].reason", "site swelling");
    d.set_clock("2026-03-02T15:30:00Z");
    d.click("pump_setups[0].stop.now");
    REQUIRE(d.state().editor.coding().infusion_minutes == 75);
    d.click("pump_setups[0].pauses[0].remove");
    CHECK(d.state().editor.visit().pump_setups[0].pauses.empty());
    CHECK(d.state().editor.coding().infusion_minutes == 90);
    REQUIRE(d.visible("pump_setups[0].pause_removed"));
    d.click("pump_setups[0].undo_remove_pause");
    REQUIRE(d.state().editor.visit().pump_setups[0].pauses.size() == 1);
    CHECK(d.state().editor.visit().pump_setups[0].pauses[0].reason == "site swelling");
    CHECK(d.state().editor.coding().infusion_minutes == 75);
    CHECK(stored(d).pump_setups[0].pauses.size() == 1);
}

TEST_CASE("a double click on a needle's Delete entry deletes one needle, not the one that comes under it") {
    // Found from outside: the second click of a double click landed on the next needle's "Delete entry", which had
    // moved under the pointer, and Undo brought back only the second needle.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.start_new_visit("MRN-781009", "Tran, Minh");
    d.click("map.abdomen-left-lower");
    d.click("map.abdomen-right-lower");
    d.click("map.thigh-left");
    REQUIRE(d.state().editor.visit().pump_setups[0].sites.size() == 3);
    d.double_click("pump_setups[0].sites[0].remove");
    const auto& sites = d.state().editor.visit().pump_setups[0].sites;
    REQUIRE(sites.size() == 2);
    CHECK(sites[0].location == "abdomen-right-lower");
    d.click("pump_setups[0].undo_remove");
    CHECK(d.state().editor.visit().pump_setups[0].sites.size() == 3);
}

TEST_CASE("Undo of a removed set-up gives the body map's taps back to it") {
    // Found from outside: restored, set-up 2 showed "Place needles here" and the next tap went to set-up 1.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.start_new_visit("MRN-781010", "Tran, Minh");
    d.click("setup.add");
    d.click("pump_setups[1].remove");
    d.click("setup.undo_remove");
    REQUIRE(d.state().editor.visit().pump_setups.size() == 2);
    d.click("map.thigh-right");
    CHECK(d.state().editor.visit().pump_setups[0].sites.empty());
    CHECK(d.state().editor.visit().pump_setups[1].sites.size() == 1);
}

TEST_CASE("typing straight after a problem's link goes whole into the field it leads to") {
    // Found from outside: the billing error "No stop time" clicked and "13:40" typed at once left "3:40" in Stop,
    // saved as 03:40 after Tab.
    test::UiDriver d("2026-03-02T19:00:00Z");  // 14:00 in New York
    d.start_new_visit("MRN-781011", "Tran, Minh");
    d.click("pump_setups[0].start");
    d.type("13:00");
    d.press(ImGuiKey_Tab);
    d.frames(2);
    REQUIRE(d.visible("problem.time.stop-missing"));
    d.click_and_type("problem.time.stop-missing", "13:40");
    CHECK(d.state().visit_screen.time_drafts["pump_setups[0].stop"].text == "13:40");
}

TEST_CASE("Cancel on an amendment that changed something asks first, and Keep amending keeps it") {
    // Found from outside: Cancel, beside "Sign amendment...", threw an added needle away at once.
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto id = d.signed_sample_visit("MRN-781012");
    d.start_amendment(id);
    d.click("amend.cancel");  // nothing changed yet: cancelled at once
    CHECK_FALSE(d.state().editor.amending());
    d.start_amendment(id);
    d.click("map.thigh-right");
    const auto needles = d.state().editor.visit().pump_setups[0].sites.size();
    d.click("amend.cancel");
    REQUIRE(d.visible("amend.cancel.question"));
    CHECK(d.state().editor.amending());
    d.click("amend.cancel.keep");
    CHECK(d.state().editor.amending());
    CHECK(d.state().editor.visit().pump_setups[0].sites.size() == needles);
    d.click("amend.cancel");
    d.click("amend.cancel.discard");
    CHECK_FALSE(d.state().editor.amending());
    CHECK(d.state().editor.visit().pump_setups[0].sites.size() == needles - 1);
}

TEST_CASE("each Undo on a set-up brings back its own: a pause's while a needle's is also offered") {
    // Found from outside: with a needle of the set-up waiting to be undone, the pause's Undo did nothing (both
    // buttons were one to ImGui), and the nurse believed the pause and its minutes restored.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.start_new_visit("MRN-781013", "Tran, Minh");
    d.click("map.abdomen-left-lower");
    d.click("map.abdomen-right-lower");
    d.click("pump_setups[0].start.now");
    d.set_clock("2026-03-02T14:40:00Z");
    d.click("pump_setups[0].add_pause");
    d.click("pump_setups[0].pauses[0].start.now");
    d.click("pump_setups[0].sites[1].remove");
    d.click("pump_setups[0].pauses[0].remove");
    REQUIRE(d.visible("pump_setups[0].undo_remove"));
    REQUIRE(d.visible("pump_setups[0].undo_remove_pause"));
    d.click("pump_setups[0].undo_remove_pause");
    CHECK(d.state().editor.visit().pump_setups[0].pauses.size() == 1);
    CHECK(d.state().editor.visit().pump_setups[0].sites.size() == 1);
    d.click("pump_setups[0].undo_remove");
    CHECK(d.state().editor.visit().pump_setups[0].sites.size() == 2);
}

TEST_CASE("a double click on a checklist toggle leaves it on") {
    // Found from outside: a double click on "Prepped" turned it on and straight off again; the missing tick read
    // as done.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.start_new_visit("MRN-781014", "Tran, Minh");
    d.click("map.abdomen-left-lower");
    d.double_click("pump_setups[0].sites[0].prepped");
    CHECK(d.state().editor.visit().pump_setups[0].sites[0].prepped == true);
    d.click("pump_setups[0].sites[0].prepped");  // a single click still turns it off
    CHECK(d.state().editor.visit().pump_setups[0].sites[0].prepped != true);
}

TEST_CASE("a pause's Undo goes away when a set-up before it is removed, so it never lands in another set-up") {
    // Found in the review: the pause kept its set-up's number, and after set-up 1 was removed its Undo showed under
    // (and restored the pause into) the set-up that had moved into that number.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.start_new_visit("MRN-781015", "Tran, Minh");
    d.click("setup.add");
    d.click("setup.add");
    REQUIRE(d.state().editor.visit().pump_setups.size() == 3);
    d.click("pump_setups[1].start.now");
    d.set_clock("2026-03-02T14:40:00Z");
    d.click("pump_setups[1].add_pause");
    d.click("pump_setups[1].pauses[0].start.now");
    d.click("pump_setups[1].pauses[0].remove");
    REQUIRE(d.visible("pump_setups[1].pause_removed"));
    d.click("pump_setups[0].remove");
    REQUIRE(d.state().editor.visit().pump_setups.size() == 2);
    CHECK_FALSE(d.visible("pump_setups[0].pause_removed"));
    CHECK_FALSE(d.visible("pump_setups[1].pause_removed"));
    for (const auto& setup : d.state().editor.visit().pump_setups) CHECK(setup.pauses.empty());
}
