// Idle is free: signed in on Today with nothing happening, the window asks for no frame until the idle
// lock's deadline (or the next clinic day); Today's rows are formatted once per list, and a frame draws
// only the rows on screen, however long the day's list is.
#include "ui/frame.hpp"
#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace infusion;

namespace {

// `count` drafts on the driver's clinic day (2026-03-02), each for its own patient.
std::vector<storage::VisitId> add_todays_visits(test::UiDriver& d, int count) {
    std::vector<storage::VisitId> ids;
    const storage::Actor nurse{"rn.okafor", "2026-03-02T14:00:00Z"};
    for (int i = 0; i < count; ++i) {
        core::Visit visit = test::sample_visit();
        visit.patient.id = "MRN-" + std::to_string(500000 + i);
        visit.patient.name = "Patient " + std::to_string(i);
        auto id = d.database().visits().create_draft(visit, nurse);
        REQUIRE(id);
        ids.push_back(id.value());
    }
    return ids;
}

// Turns the wheel down with the pointer at `at`, a frame at a time, as a person scrolls a long list to
// its end (ImGui scrolls at most two thirds of the view per frame).
void scroll_to_end(test::UiDriver& d, ImVec2 at) {
    ImGui::GetIO().MousePos = at;
    d.frames(1);
    for (int i = 0; i < 60; ++i) {
        ImGui::GetIO().MouseWheel = -10.0F;
        d.frames(1);
    }
    d.frames(2);
}

}  // namespace

TEST_CASE("signed in on Today with no input, nothing is due before the idle lock's deadline") {
    test::UiDriver d;  // the nurse on Today, the lock after 5 minutes
    REQUIRE(d.state().screen == ui::Screen::today);
    REQUIRE(d.state().lock_after_seconds == 300.0);
    const double first = ui::seconds_until_due(d.state());
    CHECK(first > 299.0);  // not the old once-a-second tick: no frame for five minutes
    CHECK(first <= 300.0);
    d.frames(60);  // a second of frames (60 Hz): the deadline comes a second closer, it does not move
    CHECK(ui::seconds_until_due(d.state()) == doctest::Approx(first - 1.0).epsilon(0.001));

    // Input moves the deadline: the pointer moved, so the five minutes start again.
    ImGui::GetIO().MousePos = ImVec2(300.0F, 300.0F);
    d.frames(1);
    ImGui::GetIO().MousePos = ImVec2(320.0F, 310.0F);
    d.frames(1);
    CHECK(ui::seconds_until_due(d.state()) == doctest::Approx(300.0).epsilon(0.001));
}

TEST_CASE("the idle lock comes at its deadline, and a locked screen waits for input only") {
    test::UiDriver d;
    d.state().lock_after_seconds = 1.0;
    d.frames(1);
    CHECK(ui::seconds_until_due(d.state()) <= 1.0);
    d.frames(61);  // just over a second without input
    CHECK(d.state().sign_in.locked);
    CHECK(std::isinf(ui::seconds_until_due(d.state())));  // nothing on the lock screen changes by itself
}

TEST_CASE("without an idle lock, Today wakes only for the next clinic day, and then shows that day") {
    test::UiDriver d("2026-03-02T14:00:00Z");  // 09:00 in New York: 15 hours to the clinic's midnight
    d.state().lock_after_seconds = 0.0;
    d.frames(1);
    CHECK(ui::seconds_until_due(d.state()) == doctest::Approx(15.0 * 3600.0));
    add_todays_visits(d, 2);
    d.state().today.stale = true;
    d.frames(1);
    CHECK(d.state().today.today_rows.size() == 2);
    d.set_clock("2026-03-03T05:00:01Z");  // 00:00:01 on the 3rd in New York: no visits yet
    d.frames(1);
    CHECK(d.state().today.title == "Today, 2026-03-03");
    CHECK(d.state().today.today_rows.empty());
    CHECK(ui::seconds_until_due(d.state()) == doctest::Approx(24.0 * 3600.0 - 1.0));
}

TEST_CASE("a running infusion timer is due at the real clock's next second") {
    test::UiDriver d;
    d.click("new");
    d.type_into("new.patient_id", "MRN-777010");
    d.click("new.start");
    REQUIRE(d.state().screen == ui::Screen::visit);
    CHECK(ui::seconds_until_due(d.state()) > 1.0);  // nothing running yet: only the idle lock
    d.click("pump_setups[0].start.now");
    const auto wall =
        std::chrono::system_clock::time_point{} + std::chrono::seconds{1'772'460'000} + std::chrono::milliseconds{250};
    CHECK(ui::seconds_until_due(d.state(), wall) == doctest::Approx(0.75));
}

TEST_CASE("Today with 350 visits formats each row once per list and draws only the rows on screen") {
    test::UiDriver d;
    const auto ids = add_todays_visits(d, 350);
    auto& today = d.state().today;
    const std::size_t before = today.rows_formatted;
    today.stale = true;
    d.frames(3);
    REQUIRE(today.today_rows.size() == 350);
    CHECK(today.rows_formatted == before + 350);
    // Frames without a change format nothing, and each draws a screenful (800 px: about 20 rows).
    d.frames(30);
    CHECK(today.rows_formatted == before + 350);
    CHECK(today.rows_drawn > 5);
    CHECK(today.rows_drawn < 30);

    // The newest visit is on top; scrolled to the end, the oldest shows, still a screenful drawn.
    REQUIRE(d.in_view_now("visit." + std::to_string(ids.back())));
    CHECK_FALSE(d.in_view_now("visit." + std::to_string(ids.front())));
    scroll_to_end(d, d.state().locations.rects.at("visit." + std::to_string(ids.back())).center());
    CHECK(d.in_view_now("visit." + std::to_string(ids.front())));
    CHECK_FALSE(d.in_view_now("visit." + std::to_string(ids.back())));
    CHECK(today.rows_drawn < 30);
    CHECK(today.rows_formatted == before + 350);

    // A change of the list (here: coming back to Today) formats it again, once.
    d.state().go_today();
    d.frames(3);
    CHECK(today.rows_formatted == before + 700);
    // And a row still opens its visit.
    d.click("visit." + std::to_string(ids.front()));
    CHECK(d.state().screen == ui::Screen::visit);
    CHECK(d.state().editor.id() == ids.front());
}
