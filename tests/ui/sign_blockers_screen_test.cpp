// "Sign" on the visit screen is refused for the same reasons signing itself refuses, shown before the
// nurse presses it: found in the real window, where a draft documented elsewhere with a stop later than
// now offered "Sign", asked to confirm, and only then said it could not be signed.
#include "ui/frame.hpp"
#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>

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
