// coding-rules.md section 2: infusion time from UTC instants, and local times that do not exist
// (spring-forward gap) or exist twice (fall-back hour) are never guessed. Northern and southern
// hemisphere zones, and zones without daylight saving time.
#include "core/wall_time.hpp"
#include "core_test_helpers.hpp"

#include <doctest/doctest.h>

using namespace infusion;
using coretest::plus;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

struct Local {
    int year;
    unsigned month;
    unsigned day;
    int hour;
    int minute;
};

core::WallTime local(const Local& l) { return test::at(l.year, l.month, l.day, l.hour, l.minute); }
core::WallTime with_offset(const Local& l, int offset_minutes) {
    return test::at_offset(l.year, l.month, l.day, l.hour, l.minute, offset_minutes);
}

struct ZoneRow {
    const char* zone;
    Local gap;                  // a local time inside the spring-forward gap
    Local repeated;             // a local time inside the fall-back repeated hour
    int standard;               // UTC offset in minutes outside daylight saving time
    int daylight;               // UTC offset in minutes during daylight saving time
    const char* first_offset;   // how the message names the earlier reading of the repeated hour
    const char* second_offset;  // ... and the later one
};

// 2026 transitions: US second Sunday of March / first Sunday of November at 02:00; EU last Sunday of
// March / October at 01:00 UTC; New South Wales first Sunday of October (forward) and of April (back).
const ZoneRow zones[] = {
    {"America/New_York", {2026, 3, 8, 2, 30}, {2026, 11, 1, 1, 30}, -300, -240, "-04:00", "-05:00"},
    {"America/Chicago", {2026, 3, 8, 2, 30}, {2026, 11, 1, 1, 30}, -360, -300, "-05:00", "-06:00"},
    {"America/Los_Angeles", {2026, 3, 8, 2, 30}, {2026, 11, 1, 1, 30}, -480, -420, "-07:00", "-08:00"},
    {"Europe/Berlin", {2026, 3, 29, 2, 30}, {2026, 10, 25, 2, 30}, 60, 120, "+02:00", "+01:00"},
    {"Australia/Sydney", {2026, 10, 4, 2, 30}, {2026, 4, 5, 2, 30}, 600, 660, "+11:00", "+10:00"},
};

core::Visit visit_in(const char* zone, const core::WallTime& start, const core::WallTime& stop) {
    auto v = test::sample_visit();
    v.time_zone = zone;
    v.pump_setups[0].start = start;
    v.pump_setups[0].stop = stop;
    return v;
}

void check_blocked(const core::Coding& coding, const char* code, const char* field) {
    INFO(coretest::describe(coding));
    CHECK_FALSE(coding.billable);
    CHECK(coding.lines.empty());
    CHECK_FALSE(coding.infusion_minutes.has_value());
    const core::Problem* p = coretest::find_problem(coding, code);
    REQUIRE(p != nullptr);
    CHECK(p->severity == core::Severity::error);
    CHECK(p->field == field);
}

}  // namespace

TEST_CASE("DST: a start or stop in the spring-forward gap holds the claim as time.nonexistent") {
    // "A local time that does not exist (spring-forward gap) ... is ambiguous documentation: ask which
    // one, never guess."
    for (const auto& row : zones) {
        CAPTURE(row.zone);
        const auto gap = local(row.gap);
        SUBCASE("start in the gap") {
            const auto coding = test::derive(visit_in(row.zone, gap, plus(gap, hours{2})));
            check_blocked(coding, "time.nonexistent", "pump_setups[0].start");
            CHECK(coding.problems.front().message.find(row.zone) != std::string::npos);
        }
        SUBCASE("stop in the gap") {
            const auto coding = test::derive(visit_in(row.zone, plus(gap, -hours{1}), gap));
            check_blocked(coding, "time.nonexistent", "pump_setups[0].stop");
        }
    }
}

TEST_CASE(
    "DST: a start or stop in the fall-back repeated hour holds the claim as time.ambiguous and offers both offsets") {
    // "... or exists twice (fall-back hour) in the clinic's time zone is ambiguous documentation: ask which
    // one, never guess."
    for (const auto& row : zones) {
        CAPTURE(row.zone);
        const auto twice = local(row.repeated);
        SUBCASE("start in the repeated hour") {
            const auto coding = test::derive(visit_in(row.zone, twice, plus(twice, hours{2})));
            check_blocked(coding, "time.ambiguous", "pump_setups[0].start");
            const core::Problem* p = coretest::find_problem(coding, "time.ambiguous");
            REQUIRE(p != nullptr);
            CAPTURE(p->message);
            CHECK(p->message.find(std::string("UTC") + row.first_offset) != std::string::npos);
            CHECK(p->message.find(std::string("UTC") + row.second_offset) != std::string::npos);
        }
        SUBCASE("stop in the repeated hour") {
            const auto coding = test::derive(visit_in(row.zone, plus(twice, -hours{2}), twice));
            check_blocked(coding, "time.ambiguous", "pump_setups[0].stop");
        }
    }
}

TEST_CASE("DST: the same gap or repeated-hour time with an explicit UTC offset is placed and billed") {
    // core::WallTime::utc_offset: "an offset reading is an instant" - the nurse said which one was meant.
    for (const auto& row : zones) {
        CAPTURE(row.zone);
        SUBCASE("gap time read with the standard offset: 02:30 std -> 04:30 daylight is one real hour") {
            const auto start = with_offset(row.gap, row.standard);
            const auto coding = test::derive(visit_in(row.zone, start, plus(local(row.gap), hours{2})));
            INFO(coretest::describe(coding));
            CHECK(coding.billable);
            REQUIRE(coding.infusion_minutes);
            CHECK(*coding.infusion_minutes == 60);
            CHECK(coretest::admin_summary(coding.lines) == "96369x1");
        }
        SUBCASE("repeated hour, the first (daylight) reading: 3 real hours to 2 wall-clock hours later") {
            const auto start = with_offset(row.repeated, row.daylight);
            const auto coding = test::derive(visit_in(row.zone, start, plus(local(row.repeated), hours{2})));
            INFO(coretest::describe(coding));
            CHECK(coding.billable);
            REQUIRE(coding.infusion_minutes);
            CHECK(*coding.infusion_minutes == 180);
            // "151 - 210: 96369 x 1 + 96370 x 2"
            CHECK(coretest::admin_summary(coding.lines) == "96369x1 96370x2");
        }
        SUBCASE("repeated hour, the second (standard) reading: 2 real hours") {
            const auto start = with_offset(row.repeated, row.standard);
            const auto coding = test::derive(visit_in(row.zone, start, plus(local(row.repeated), hours{2})));
            INFO(coretest::describe(coding));
            CHECK(coding.billable);
            REQUIRE(coding.infusion_minutes);
            CHECK(*coding.infusion_minutes == 120);
            // "91 - 150: 96369 x 1 + 96370 x 1"
            CHECK(coretest::admin_summary(coding.lines) == "96369x1 96370x1");
        }
    }
}

TEST_CASE("DST: infusion minutes across a transition are real elapsed minutes, not a wall-clock difference") {
    // "Compute T from absolute instants (UTC), never by subtracting local wall-clock times: on a
    // daylight-saving day 01:30 EST -> 03:05 EDT is 35 minutes, and 01:20 EDT -> 01:10 EST is 50 minutes."
    struct Row {
        const char* zone;
        core::WallTime start;
        core::WallTime stop;
        int minutes;
        const char* lines;  // administration lines
        const char* rule;
    };
    const Row rows[] = {
        {"America/New_York", test::at(2026, 3, 8, 1, 30), test::at(2026, 3, 8, 3, 5), 35, "96369x1",
         "01:30 EST -> 03:05 EDT is 35 minutes (wall clock says 95: no 96370)"},
        {"America/New_York", test::at_offset(2026, 11, 1, 1, 20, -240), test::at_offset(2026, 11, 1, 1, 10, -300), 50,
         "96369x1", "01:20 EDT -> 01:10 EST is 50 minutes (wall clock says -10)"},
        {"America/Chicago", test::at(2026, 11, 1, 0, 30), test::at(2026, 11, 1, 3, 0), 210, "96369x1 96370x2",
         "00:30 CDT -> 03:00 CST is 210 minutes (wall clock says 150: one 96370 too few)"},
        {"America/Chicago", test::at_offset(2026, 11, 1, 1, 20, -300), test::at_offset(2026, 11, 1, 1, 10, -360), 50,
         "96369x1", "01:20 CDT -> 01:10 CST is 50 minutes"},
        {"America/Los_Angeles", test::at(2026, 3, 8, 0, 45), test::at(2026, 3, 8, 4, 0), 135, "96369x1 96370x1",
         "00:45 PST -> 04:00 PDT is 135 minutes (wall clock says 195: one 96370 too many)"},
        {"Europe/Berlin", test::at(2026, 3, 29, 1, 30), test::at(2026, 3, 29, 3, 5), 35, "96369x1",
         "01:30 CET -> 03:05 CEST is 35 minutes"},
        {"Europe/Berlin", test::at(2026, 10, 25, 1, 30), test::at(2026, 10, 25, 3, 0), 150, "96369x1 96370x1",
         "01:30 CEST -> 03:00 CET is 150 minutes (wall clock says 90: no 96370)"},
        {"Europe/Berlin", test::at_offset(2026, 10, 25, 2, 20, 120), test::at_offset(2026, 10, 25, 2, 10, 60), 50,
         "96369x1", "02:20 CEST -> 02:10 CET is 50 minutes"},
        {"Australia/Sydney", test::at(2026, 10, 4, 1, 30), test::at(2026, 10, 4, 3, 5), 35, "96369x1",
         "southern spring (October): 01:30 AEST -> 03:05 AEDT is 35 minutes"},
        {"Australia/Sydney", test::at(2026, 4, 5, 1, 30), test::at(2026, 4, 5, 3, 0), 150, "96369x1 96370x1",
         "southern autumn (April): 01:30 AEDT -> 03:00 AEST is 150 minutes"},
        {"Australia/Sydney", test::at_offset(2026, 4, 5, 2, 20, 660), test::at_offset(2026, 4, 5, 2, 10, 600), 50,
         "96369x1", "southern autumn: 02:20 AEDT -> 02:10 AEST is 50 minutes"},
        {"America/New_York", test::at_offset(2026, 11, 1, 1, 40, -240), test::at(2026, 11, 1, 3, 0), 140,
         "96369x1 96370x1", "an offset start with a plain local stop: 01:40 EDT -> 03:00 EST is 140 minutes"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        const auto coding = test::derive(visit_in(row.zone, row.start, row.stop));
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        REQUIRE(coding.infusion_minutes);
        CHECK(*coding.infusion_minutes == row.minutes);
        CHECK(coretest::admin_summary(coding.lines) == std::string(row.lines));
    }
}

TEST_CASE("DST: zones without daylight saving time place every local time, even on other zones' transition days") {
    // America/Phoenix (MST all year) and Asia/Tokyo (JST all year): 02:30 exists on every date.
    struct Row {
        const char* zone;
        Local start;
        int offset;
    };
    const Row rows[] = {
        {"America/Phoenix", {2026, 3, 8, 2, 30}, -420},   // US spring-forward day
        {"America/Phoenix", {2026, 11, 1, 1, 30}, -420},  // US fall-back day
        {"Asia/Tokyo", {2026, 3, 29, 2, 30}, 540},        // EU spring-forward day
        {"Asia/Tokyo", {2026, 10, 25, 2, 30}, 540},       // EU fall-back day
    };
    for (const auto& row : rows) {
        CAPTURE(row.zone);
        CAPTURE(row.start.month);
        const auto start = local(row.start);
        const auto resolved = core::resolve(start, row.zone);
        REQUIRE(resolved.status == core::TimeResolution::ok);
        REQUIRE(resolved.offset);
        CHECK(resolved.offset->count() == row.offset);

        const auto coding = test::derive(visit_in(row.zone, start, plus(start, minutes{75})));
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        REQUIRE(coding.infusion_minutes);
        CHECK(*coding.infusion_minutes == 75);
        CHECK(coretest::admin_summary(coding.lines) == "96369x1");
    }
}

TEST_CASE("DST: the clinic's time zone decides when the visit names none") {
    // ClinicSettings::time_zone "the default for visits that name none".
    auto visit = visit_in("", test::at(2026, 3, 8, 2, 30), test::at(2026, 3, 8, 4, 30));
    SUBCASE("clinic in America/New_York: 02:30 on 8 March does not exist") {
        check_blocked(test::derive(visit), "time.nonexistent", "pump_setups[0].start");
    }
    SUBCASE("clinic in Europe/Berlin: the same reading is an ordinary time") {
        settings::Config config = test::repo_config();
        config.clinic.time_zone = "Europe/Berlin";
        const auto coding = coretest::derive_with(visit, config);
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        REQUIRE(coding.infusion_minutes);
        CHECK(*coding.infusion_minutes == 120);
    }
}

TEST_CASE("DST: pause, set-up and note times in a gap or repeated hour hold the claim at their own field") {
    // coding-rules.md 5: "an ambiguous or non-existent local time (section 2)" blocks the claim wherever it is.
    SUBCASE("a pause starting in the repeated hour") {
        auto v = visit_in("America/New_York", test::at(2026, 11, 1, 0, 0), test::at(2026, 11, 1, 3, 0));
        core::Pause pause;
        pause.start = test::at(2026, 11, 1, 1, 30);
        pause.stop = test::at(2026, 11, 1, 2, 30);
        v.pump_setups[0].pauses.push_back(pause);
        check_blocked(test::derive(v), "time.ambiguous", "pump_setups[0].pauses[0].start");
    }
    SUBCASE("a set-up time in the gap") {
        auto v = visit_in("America/New_York", test::at(2026, 3, 8, 3, 0), test::at(2026, 3, 8, 4, 30));
        v.pump_setups[0].set_up_at = test::at(2026, 3, 8, 2, 45);
        const auto coding = test::derive(v);
        CHECK_FALSE(coding.billable);
        CHECK(coding.lines.empty());
        const core::Problem* p = coretest::find_problem(coding, "time.nonexistent");
        REQUIRE(p != nullptr);
        CHECK(p->field == "pump_setups[0].set_up_at");
    }
    SUBCASE("a monitoring note in the repeated hour") {
        auto v = visit_in("Europe/Berlin", test::at(2026, 10, 25, 0, 30), test::at(2026, 10, 25, 1, 45));
        core::Note note;
        note.at = test::at(2026, 10, 25, 2, 15);
        note.kind = core::NoteKind::monitoring;
        note.text = "site checked, no redness";
        v.notes.push_back(note);
        const auto coding = test::derive(v);
        CHECK_FALSE(coding.billable);
        CHECK(coding.lines.empty());
        const core::Problem* p = coretest::find_problem(coding, "time.ambiguous");
        REQUIRE(p != nullptr);
        CHECK(p->field == "notes[0].at");
        CHECK(p->severity == core::Severity::error);
    }
}

TEST_CASE("DST: the date of service is the clinic's local date of the first start, not the UTC date") {
    struct Row {
        const char* zone;
        core::WallTime start;
        unsigned day;  // expected day of service in March 2026
    };
    const Row rows[] = {
        {"America/New_York", test::at(2026, 3, 1, 23, 30), 1},  // 04:30 UTC on the 2nd
        {"Australia/Sydney", test::at(2026, 3, 2, 8, 0), 2},    // 21:00 UTC on the 1st
        {"Asia/Tokyo", test::at(2026, 3, 2, 7, 0), 2},          // 22:00 UTC on the 1st
    };
    for (const auto& row : rows) {
        CAPTURE(row.zone);
        const auto coding = test::derive(visit_in(row.zone, row.start, plus(row.start, minutes{75})));
        CHECK(coding.billable);
        REQUIRE(coding.date_of_service);
        CHECK(*coding.date_of_service ==
              std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::March, std::chrono::day{row.day}});
    }
}

TEST_CASE("DST: resolve() names both candidate instants of a repeated hour, one hour apart") {
    const auto r = core::resolve(test::at(2026, 11, 1, 1, 30), "America/New_York");
    REQUIRE(r.status == core::TimeResolution::ambiguous);
    CHECK(r.second - r.first == hours{1});
    // 01:30 EDT is 05:30 UTC.
    CHECK(r.first == core::resolve(test::at_offset(2026, 11, 1, 1, 30, -240), "America/New_York").instant);
    CHECK(core::resolve(test::at(2026, 3, 8, 2, 30), "America/New_York").status == core::TimeResolution::nonexistent);
    CHECK(core::resolve(test::at(2026, 3, 8, 2, 30), "Mars/Olympus_Mons").status == core::TimeResolution::unknown_zone);
}

TEST_CASE("a stop written in UTC before a local start is shown on the visit's clock in the message") {
    // 11:00Z is 06:00 in New York: "11:00 is before 10:00" would leave the nurse nothing to fix.
    core::Visit v = test::sample_visit();
    core::WallTime stop = test::at(2026, 3, 2, 11, 0);
    stop.utc_offset = std::chrono::minutes{0};
    v.pump_setups[0].stop = stop;
    const auto c = test::derive(v);
    const auto* p = coretest::find_problem(c, "time.stop-not-after-start");
    REQUIRE(p != nullptr);
    CAPTURE(p->message);
    CHECK(p->message.find("(2026-03-02 06:00, written 2026-03-02T11:00:00+00:00)") != std::string::npos);
    CHECK(p->message.find("before its start (2026-03-02 09:10)") != std::string::npos);
}

TEST_CASE("DST: a zone file that is each machine's own zone is no zone: 'localtime' is unknown") {
    // Found from outside: time_zone = "localtime" was stored and resolved to the workstation's /etc/localtime
    // (UTC there), so 01:30 on the fall-back night was not ambiguous, and another workstation would code the
    // same record differently.
    for (const char* name : {"localtime", "posixrules", "right/America/New_York"}) {
        CAPTURE(name);
        CHECK(core::resolve(test::at(2026, 11, 1, 1, 30), name).status == core::TimeResolution::unknown_zone);
    }
    CHECK(core::resolve(test::at(2026, 11, 1, 1, 30), "America/New_York").status == core::TimeResolution::ambiguous);
}

TEST_CASE("a time written with an offset its zone did not have then is said, and one no zone uses holds the claim") {
    // Found from outside: a file from another system with 09:10+13:45 to 10:25-00:00 in a New York visit was
    // billed as a 900-minute infusion with nothing pointing at the offsets, and 09:10+23:59 was measured.
    const auto foreign = test::derive(visit_in("America/New_York", with_offset({2026, 11, 10, 9, 10}, 13 * 60 + 45),
                                               with_offset({2026, 11, 10, 10, 25}, 0)));
    INFO(coretest::describe(foreign));
    const core::Problem* p = coretest::find_problem(foreign, "time.offset-not-zone");
    REQUIRE(p != nullptr);
    CHECK(p->severity == core::Severity::warning);  // an instant all the same: a file may be another zone's
    CHECK(p->field == "pump_setups[0].start");
    CHECK(p->message.find("UTC+13:45") != std::string::npos);
    CHECK(p->message.find("America/New_York was at UTC-05:00") != std::string::npos);
    CHECK(coretest::find_problem(foreign, "time.offset-impossible") == nullptr);

    const auto impossible = test::derive(
        visit_in("America/New_York", with_offset({2026, 11, 11, 9, 10}, 23 * 60 + 59), test::at(2026, 11, 11, 10, 25)));
    check_blocked(impossible, "time.offset-impossible", "pump_setups[0].start");

    SUBCASE("UTC (Z) and the zone's own offsets say nothing") {
        const auto utc = test::derive(visit_in("America/New_York", with_offset({2026, 11, 10, 14, 10}, 0),
                                               with_offset({2026, 11, 10, 10, 25}, -300)));
        INFO(coretest::describe(utc));
        CHECK(utc.billable);
        CHECK(coretest::find_problem(utc, "time.offset-not-zone") == nullptr);
        REQUIRE(utc.infusion_minutes);
        CHECK(*utc.infusion_minutes == 75);
    }
    SUBCASE("a daylight-saving offset in winter, away from a clock change, is said") {
        const auto summer = test::derive(visit_in("America/New_York", with_offset({2026, 12, 1, 9, 10}, -240),
                                                  with_offset({2026, 12, 1, 10, 25}, -300)));
        CHECK(coretest::find_problem(summer, "time.offset-not-zone") != nullptr);
    }
}
