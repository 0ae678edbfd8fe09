// "Sign" on the visit screen is refused for the same reasons signing itself refuses, shown before the
// nurse presses it: found in the real window, where a draft documented elsewhere with a stop later than
// now offered "Sign", asked to confirm, and only then said it could not be signed.
#include "ui/frame.hpp"
#include "ui/tab_order.hpp"
#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>

using namespace infusion;

namespace {

// The sample visit (infusion 09:10 to 10:25 EST) as a draft, open on the visit screen.
void open_sample_draft(test::UiDriver& d) {
    const auto id = d.database().visits().create_draft(test::sample_visit(), {"rn.okafor", "2026-03-02T14:00:00Z"});
    REQUIRE(id);
    d.state().open_visit(id.value());
    d.frames(3);
}

}  // namespace

TEST_CASE("a draft whose stop is later than now says so beside Sign, until that time has come") {
    test::UiDriver d("2026-03-02T15:00:00Z");  // 10:00 in New York; the sample infusion runs 09:10 to 10:25
    open_sample_draft(d);
    REQUIRE(d.visible("sign.blocker"));
    const auto blockers = d.state().editor.sign_blockers();
    REQUIRE_FALSE(blockers.empty());
    CHECK(blockers.front().code == "time.in-future");
    CHECK(blockers.front().message.find("is later than now (2026-03-02 10:00 EST)") != std::string::npos);

    d.set_clock("2026-03-02T15:30:00Z");  // 10:30: the stop has happened
    d.frames(3);
    CHECK_FALSE(d.visible("sign.blocker"));
    CHECK(d.state().editor.sign_blockers().empty());
    d.click("sign");
    d.frames(2);
    d.click("sign.confirm");
    d.frames(2);
    CHECK(d.state().editor.status() == storage::VisitStatus::signed_);
}

TEST_CASE("the visit screen wakes when that stop has come, so Sign is offered without a touch") {
    // Found in the real window: the window sleeps until input, so "Cannot sign yet" stayed on screen
    // after the stop had passed until the nurse moved the pointer.
    test::UiDriver d("2026-03-02T15:00:00Z");  // the stop, 10:25 EST, is 15:25Z
    open_sample_draft(d);
    REQUIRE(d.visible("sign.blocker"));
    // Signing accepts a time up to the clock-skew allowance (120 s) ahead: Sign is due at 15:23Z.
    const auto coming = d.state().editor.seconds_until_sign_blockers_change();
    REQUIRE(coming);
    CHECK(*coming == doctest::Approx(23 * 60));
    // With no idle lock (nothing else due), the window sleeps until then, waking at each minute of the
    // wall clock meanwhile so the line's "now" stays the minute it is.
    d.state().lock_after_seconds = 0.0;
    const auto twenty_past =
        std::chrono::sys_days{std::chrono::year{2026} / 3 / 2} + std::chrono::hours{15} + std::chrono::seconds{20};
    CHECK(ui::seconds_until_due(d.state(), twenty_past) == doctest::Approx(40.0));
    d.set_clock("2026-03-02T15:22:50Z");  // ten seconds before Sign is allowed, forty before the minute
    CHECK(ui::seconds_until_due(d.state(), twenty_past) == doctest::Approx(10.0));

    d.set_clock("2026-03-02T15:23:00Z");
    CHECK_FALSE(d.state().editor.seconds_until_sign_blockers_change());
    d.frames(1);
    CHECK_FALSE(d.visible("sign.blocker"));
}

TEST_CASE("the reason beside Sign leads to its field: clicked, the stop takes what the nurse types next") {
    test::UiDriver d("2026-03-02T15:00:00Z");  // 10:00 in New York; the sample's stop, 10:25, is later
    open_sample_draft(d);
    REQUIRE(d.state().editor.sign_blockers().front().code == "time.in-future");
    d.click("sign.blocker");
    d.frames(2);
    // Typed without touching the field: the cursor is in the stop the reason named.
    d.type("09:58");
    d.press(ImGuiKey_Enter);
    const auto stop = d.state().editor.visit().pump_setups[0].stop;
    REQUIRE(stop);
    CHECK(core::format_iso(*stop) == "2026-03-02T09:58:00");
    CHECK(d.state().editor.sign_blockers().empty());
    CHECK_FALSE(d.visible("sign.blocker"));
}

TEST_CASE("Sign clicked while a typed stop is still in its field opens the dialog at that one click") {
    // Found in the real window: the click left the field (saving the stop and lifting the hold) while the
    // button was still greyed for that frame, so the first click did nothing and a second was needed.
    test::UiDriver d("2026-03-02T15:30:00Z");
    core::Visit v = test::sample_visit();
    v.pump_setups[0].stop.reset();
    const auto id = d.database().visits().create_draft(v, {"rn.okafor", "2026-03-02T14:00:00Z"});
    REQUIRE(id);
    d.state().open_visit(id.value());
    d.frames(3);
    REQUIRE(d.visible("sign.blocker"));           // no stop yet
    d.type_into("pump_setups[0].stop", "10:25");  // typed, not left with Tab
    d.click("sign");
    d.frames(2);
    CHECK(d.visible("sign.confirm"));
    CHECK(d.state().editor.visit().pump_setups[0].stop.has_value());
}

TEST_CASE(
    "the sign dialog shows the lines as signed now: a visit of the patient's date signed elsewhere since the last "
    "edit") {
    // Found in the real window: the footer still said 96369 after another workstation signed the
    // patient's earlier visit of the date; the signature stored no 96369 (its MUE counts the other visit).
    test::UiDriver d("2026-03-02T23:00:00Z");
    open_sample_draft(d);  // 09:10 to 10:25
    REQUIRE(d.state().editor.coding().lines.front().code == "96369");
    const app::Acting nurse = d.test_clinic().as("rn.lindqvist", {app::Role::nurse});
    core::Visit earlier = test::sample_visit();
    earlier.clinician = "rn.lindqvist";
    earlier.pump_setups[0].start->local -= std::chrono::hours{3};
    earlier.pump_setups[0].stop->local -= std::chrono::hours{3};
    const auto other = d.clinic().visits().create(nurse, earlier).value();
    REQUIRE(d.clinic().visits().sign(nurse, other).value().signed_visit);
    d.frames(2);
    d.click("sign");
    REQUIRE(d.visible("sign.confirm"));
    CHECK(d.visible("sign.lines"));
    CHECK(test::summary(d.state().editor.coding().lines) == "J1559x80:JZ");
    d.click("sign.confirm");
    const auto stored = d.database().visits().load(d.state().editor.id()).value();
    CHECK(test::summary(stored.current().coding->lines) == test::summary(d.state().editor.coding().lines));
}

TEST_CASE("'No site documented' clicked puts the keyboard on + Needle, not on the Start time after it") {
    // Found from outside: the click put the cursor in Start, and whatever the nurse typed next became a start time.
    test::UiDriver d("2026-03-02T15:00:00Z");
    core::Visit v = test::sample_visit();
    v.pump_setups[0].sites.clear();
    const auto id = d.database().visits().create_draft(v, {"rn.okafor", "2026-03-02T14:00:00Z"});
    d.state().open_visit(id.value());
    d.frames(3);
    const auto& blockers = d.state().editor.sign_blockers();
    REQUIRE(std::any_of(blockers.begin(), blockers.end(), [](const auto& p) { return p.code == "setup.no-site"; }));
    d.state().visit_screen.focus_field = "pump_setups[0].sites";  // what the footer's link asks for
    d.frames(6);
    CHECK(ui::focused_stop(d.state()) == "pump_setups[0].add_needle");
    d.type("0930");
    d.frames(2);
    CHECK(core::format_iso(*d.state().editor.visit().pump_setups[0].start) ==
          core::format_iso(*v.pump_setups[0].start));  // nothing typed went into Start
}
