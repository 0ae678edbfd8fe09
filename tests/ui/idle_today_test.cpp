// Idle is free: signed in on Today with nothing happening, the window asks for no frame until the idle
// lock's deadline (or the next clinic day); Today's rows are formatted once per list, and a frame draws
// only the rows on screen, however long the day's list is.
#include "ui/frame.hpp"
#include "ui/sign_in_screen.hpp"
#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>

using namespace infusion;

namespace {

// `count` drafts on the driver's clinic day (2026-03-02), each for its own patient. Every row's text has
// the same length ("MRN-500007", "Patient 007"), so rows draw the same whichever are on screen.
std::vector<storage::VisitId> add_todays_visits(test::UiDriver& d, int count) {
    std::vector<storage::VisitId> ids;
    const storage::Actor nurse{"rn.okafor", "2026-03-02T14:00:00Z"};
    for (int i = 0; i < count; ++i) {
        core::Visit visit = test::sample_visit();
        std::array<char, 16> number{};
        (void)std::snprintf(number.data(), number.size(), "%03d", i);
        visit.patient.id = "MRN-500" + std::string(number.data());
        visit.patient.name = "Patient " + std::string(number.data());
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

// What the last frame gave the renderer: vertices, indices and draw commands of all windows.
struct DrawCounts {
    int vertices = 0;
    int indices = 0;
    int commands = 0;
    bool operator==(const DrawCounts&) const = default;
};

// Today with `count` of the day's visits, the pointer outside the window, a few frames to settle.
DrawCounts today_frame(int count, std::size_t* rows_drawn = nullptr, ui::TodayRow* second_row = nullptr) {
    test::UiDriver d;
    add_todays_visits(d, count);
    d.state().today.stale = true;
    ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    d.frames(4);
    REQUIRE(d.state().today.today_rows.size() == static_cast<std::size_t>(count));
    if (rows_drawn != nullptr) *rows_drawn = d.state().today.rows_drawn;
    if (second_row != nullptr && count > 1) *second_row = d.state().today.today_rows[1];
    const ImDrawData* data = ImGui::GetDrawData();
    REQUIRE(data != nullptr);
    DrawCounts counts{data->TotalVtxCount, data->TotalIdxCount, 0};
    for (int i = 0; i < data->CmdListsCount; ++i) counts.commands += data->CmdLists[i]->CmdBuffer.Size;
    return counts;
}

// Characters ImGui draws a quad for (one each; not spaces).
int visible_characters(const std::string& text) {
    return static_cast<int>(std::count_if(text.begin(), text.end(), [](char c) { return c != ' '; }));
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
    CHECK(ui::why_hidden(d.state()) == "Patient data is hidden after 1 second without use.");
    while (ui::seconds_until_due(d.state()) <= 0.0) d.frames(1);  // the password field takes the cursor
    CHECK(std::isinf(ui::seconds_until_due(d.state())));          // nothing on the lock screen changes by itself
}

TEST_CASE("the lock screen's password field has the cursor before the first key, and again after a refusal") {
    // Found from outside: the lock comes by a timer, the window slept on its first frame, and the first
    // key only moved the cursor into the field: "nurse-demo-1" arrived as "urse-demo-1", was refused and
    // audited as a failed sign-in; after Enter the field had no cursor at all.
    test::UiDriver d;
    d.state().lock_after_seconds = 1.0;
    const auto lock = [&] {
        while (!d.state().sign_in.locked) d.frames(1);
        // Only the frames the real window draws with no input: while something is due now.
        int drawn = 0;
        while (ui::seconds_until_due(d.state()) <= 0.0 && drawn < 10) {
            d.frames(1);
            ++drawn;
        }
        CHECK(drawn <= 4);
    };
    lock();
    d.type("rn.okafor-password-1");
    d.press(ImGuiKey_Enter);
    CHECK_FALSE(d.state().sign_in.locked);
    CHECK(d.state().sign_in.message.empty());

    lock();
    d.type("wrong-password");
    d.press(ImGuiKey_Enter);
    REQUIRE(d.state().sign_in.locked);
    CHECK_FALSE(d.state().sign_in.message.empty());
    d.type("rn.okafor-password-1");
    d.press(ImGuiKey_Enter);
    CHECK_FALSE(d.state().sign_in.locked);
}

TEST_CASE("Account > Lock now locks as the idle lock does: audited, and the password field ready") {
    // Found from outside: it set the flag alone, so the audit log had no lock row for it.
    test::UiDriver d;
    const std::size_t locks = d.test_clinic().audited("lock");
    d.click("menu.account");
    d.click("menu.account.lock");
    REQUIRE(d.state().sign_in.locked);
    CHECK(d.test_clinic().audited("lock") == locks + 1);
    // It said "hidden after 5 minutes without use" a moment after Lock now (found in the real window).
    CHECK(ui::why_hidden(d.state()) == "Patient data is hidden: locked from the Account menu.");
    int drawn = 0;
    while (ui::seconds_until_due(d.state()) <= 0.0 && drawn < 10) {
        d.frames(1);
        ++drawn;
    }
    d.type("rn.okafor-password-1");
    d.press(ImGuiKey_Enter);
    CHECK_FALSE(d.state().sign_in.locked);
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
    d.type_into("new.patient_name", "Tran, Minh");
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

// Issue 15: a frame on Today must cost the same however many visits the day has. Under a software
// OpenGL what a frame costs is what it draws, so the test counts what the frame hands the renderer.
TEST_CASE("a frame on Today draws the same with 100 visits as with 400: only a screenful of rows") {
    std::size_t drawn_100 = 0;
    std::size_t drawn_400 = 0;
    const DrawCounts with_100 = today_frame(100, &drawn_100);
    const DrawCounts with_400 = today_frame(400, &drawn_400);
    CHECK(drawn_100 > 5);
    CHECK(drawn_100 < 30);
    CHECK(drawn_400 == drawn_100);
    CHECK(with_400.vertices == with_100.vertices);
    CHECK(with_400.indices == with_100.indices);
    CHECK(with_400.commands == with_100.commands);
}

TEST_CASE("a drawn row on Today is its text and one separator: no row background, no extra widgets") {
    ui::TodayRow second;
    const DrawCounts one = today_frame(1);
    const DrawCounts two = today_frame(2, nullptr, &second);
    REQUIRE(second.patient_id == "MRN-500000");  // the newest first: the first visit is the second row
    const int characters = visible_characters(second.status) + visible_characters(second.patient_id) +
                           visible_characters(second.patient_name) + visible_characters(second.clinician) +
                           (!second.billing ? 1 : visible_characters(second.billing_text));  // "-"
    // One quad (4 vertices, 6 indices) per character and one for the line under the row, and one for
    // the count's plural ("1 visit today", "2 visits today"). The second row is the one an alternating
    // row background would fill.
    CHECK(two.vertices - one.vertices <= 4 * (characters + 1 + 1));
    CHECK(two.indices - one.indices <= 6 * (characters + 1 + 1));
    CHECK(two.commands == one.commands);
}

namespace {

// A visit documented the day before the driver's clinic day.
core::Visit yesterdays_visit() {
    core::Visit yesterday = test::sample_visit();
    const auto back = [](std::optional<core::WallTime>& t) {
        if (t) t->local -= std::chrono::days{1};
    };
    for (auto& setup : yesterday.pump_setups) {
        back(setup.set_up_at), back(setup.start), back(setup.stop);
        for (auto& pause : setup.pauses) back(pause.start), back(pause.stop);
    }
    for (auto& note : yesterday.notes) back(note.at);
    yesterday.patient.id = "MRN-400001";
    return yesterday;
}

// A draft documented the day before the driver's clinic day.
storage::VisitId add_yesterdays_draft(test::UiDriver& d) {
    const auto id = d.database().visits().create_draft(yesterdays_visit(), {"rn.okafor", "2026-03-01T16:00:00Z"});
    REQUIRE(id);
    return id.value();
}

// `n` drafts of the day before, in one batch.
void add_yesterdays_drafts(test::UiDriver& d, std::size_t n) {
    const std::vector<storage::VisitStore::NewVisit> batch(n, {yesterdays_visit(), std::nullopt});
    REQUIRE(d.database().visits().create_many(batch, {"rn.okafor", "2026-03-01T16:00:00Z"}));
}

}  // namespace

TEST_CASE("with a short list today, drafts from earlier days are shown whole below it") {
    test::UiDriver d;
    const auto today = add_todays_visits(d, 2);
    const auto older = add_yesterdays_draft(d);
    d.state().today.stale = true;
    ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    d.frames(4);
    CHECK(d.in_view_now("visit." + std::to_string(older)));
    CHECK(d.in_view_now("visit." + std::to_string(today.front())));
    CHECK_FALSE(d.visible("older_drafts.toggle"));  // nothing to open: all of it is there
}

TEST_CASE("drafts from earlier days keep their place on screen below a long list of today's visits") {
    // Found in the real window: with a screenful of today's visits, today's table took the whole height
    // and the earlier drafts (work left undone) were drawn below the window's edge, out of reach.
    test::UiDriver d;
    const auto today = add_todays_visits(d, 40);
    const auto older = add_yesterdays_draft(d);
    d.state().today.stale = true;
    ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    d.frames(4);
    REQUIRE(d.state().today.open_drafts.size() == 1);
    // Today's list is longer than the screen: the earlier drafts are a line with "Show", in view.
    REQUIRE(d.in_view_now("older_drafts.toggle"));
    CHECK_FALSE(d.in_view_now("visit." + std::to_string(older)));
    d.click("older_drafts.toggle");
    d.frames(2);
    CHECK(d.in_view_now("visit." + std::to_string(older)));
    CHECK(d.in_view_now("visit." + std::to_string(today.back())));  // the newest of today's list, on screen too
    d.click("visit." + std::to_string(older));
    d.frames(2);
    CHECK(d.state().editor.id() == older);
}

TEST_CASE("Today lists and counts every draft from earlier days, and says when there are more than it holds") {
    // Found in the real window: the demo's 61 drafts from earlier days were counted "(50)", and the 11
    // oldest, the most overdue, were not on Today at all.
    test::UiDriver d;
    add_yesterdays_drafts(d, 61);
    d.state().today.stale = true;
    d.frames(2);
    CHECK(d.state().today.open_drafts.size() == 61);
    CHECK_FALSE(d.state().today.more_open_drafts);

    add_yesterdays_drafts(d, 500);
    d.state().today.stale = true;
    d.frames(2);
    CHECK(d.state().today.open_drafts.size() == 500);
    CHECK(d.state().today.more_open_drafts);  // counted "500+"
}

TEST_CASE("a new visit left before it has a start time is on Today, first among today's visits") {
    // Found in the real window: a draft with no date of service was on no list, and the patient's
    // search started yet another visit. Then (found from outside) it was under "Drafts from other days or
    // not started", and "N visits today" left it out.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.click("new");
    d.type_into("new.patient_id", "MRN-589394");
    d.type_into("new.patient_name", "Tran, Minh");
    d.click("new.start");
    REQUIRE(d.state().screen == ui::Screen::visit);
    const auto id = d.state().editor.id();
    d.click("back");
    REQUIRE(d.state().screen == ui::Screen::today);
    d.frames(2);
    const auto& today = d.state().today.today;
    REQUIRE_FALSE(today.empty());
    CHECK(today.front().id == id);  // first, where it is seen without scrolling
    CHECK(d.state().today.open_drafts.empty());
}

TEST_CASE("switching user leaves no trace of the last person's patient search on Today") {
    // Found in the real window: rn.okafor's search and its match were shown to the next person.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.state().today.search = "MRN-589";
    d.state().today.searched = "MRN-589";
    d.state().today.matches.push_back(
        storage::PatientSummary{"MRN-589394", "Tran, Minh", std::nullopt, "", std::nullopt});
    d.state().today.new_patient_id = "MRN-5";
    d.state().end_session();
    CHECK(d.state().today.search.empty());
    CHECK(d.state().today.matches.empty());
    CHECK(d.state().today.new_patient_id.empty());
    CHECK(d.state().today.stale);
}

TEST_CASE("a patient search that finds nobody says so") {
    // Found in the real window: nothing at all appeared, as if the search had not run.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.type_into("search", "zzzz");
    CHECK(d.visible("search.none"));
    CHECK(d.state().today.matches.empty());
}

TEST_CASE("a draft not started yet and begun today is one of today's visits, and one left the day before is not") {
    // Found from outside: a visit opened for the patient in the chair and left before its start was
    // counted under "Drafts from other days or not started", and "N visits today" left it out. The day is
    // the clinic's: 04:00 UTC on the driver's day is 23:00 the evening before in New York.
    test::UiDriver d;
    core::Visit unstarted = test::sample_visit();
    for (auto& setup : unstarted.pump_setups) setup.set_up_at.reset(), setup.start.reset(), setup.stop.reset();
    unstarted.pump_setups.resize(1);
    unstarted.pump_setups[0].pauses.clear();
    unstarted.patient.id = "MRN-600001";
    const auto begun_today = d.database().visits().create_draft(unstarted, {"rn.okafor", "2026-03-02T13:55:00Z"});
    unstarted.patient.id = "MRN-600002";
    const auto left_last_night = d.database().visits().create_draft(unstarted, {"rn.okafor", "2026-03-02T04:00:00Z"});
    REQUIRE(begun_today);
    REQUIRE(left_last_night);
    d.state().today.stale = true;
    d.frames(4);
    const auto& t = d.state().today;
    REQUIRE(t.today.size() == 1);
    CHECK(t.today.front().id == begun_today.value());
    CHECK(t.today_rows.size() == 1);
    REQUIRE(t.open_drafts.size() == 1);
    CHECK(t.open_drafts.front().id == left_last_night.value());
    CHECK(t.undated_drafts);
    CHECK(d.in_view_now("visit." + std::to_string(begun_today.value())));
}
