// What a nurse types into a time field (core::read_time_entry) and the "not in the future" check.
#include "core/time_entry.hpp"

#include <doctest/doctest.h>

using namespace infusion;
using namespace std::chrono;

namespace {

constexpr year_month_day visit_day{year{2026}, month{3}, day{2}};

std::string read(const std::string& text) {
    auto entry = core::read_time_entry(text, visit_day);
    if (!entry) return "error: " + entry.error().message;
    switch (entry.value().kind) {
        case core::TimeEntryKind::empty: return "empty";
        case core::TimeEntryKind::now: return "now";
        case core::TimeEntryKind::reading: return core::format_local(entry.value().reading);
    }
    return "?";
}

core::Instant utc(const std::string& iso) { return core::resolve(*core::parse_iso(iso), "UTC").instant; }

}  // namespace

TEST_CASE("a time alone is read on the visit's day, in the forms nurses type") {
    CHECK(read("09:40") == "2026-03-02 09:40");
    CHECK(read("6:40") == "2026-03-02 06:40");
    CHECK(read("0640") == "2026-03-02 06:40");
    CHECK(read("  23:59 ") == "2026-03-02 23:59");
    CHECK(read("0:05") == "2026-03-02 00:05");
}

TEST_CASE("a full date-time, with a space or a T, keeps its own day") {
    CHECK(read("2026-03-03 01:10") == "2026-03-03 01:10");
    CHECK(read("2026-03-03T01:10") == "2026-03-03 01:10");
    CHECK(read("2026-03-03T01:10:00") == "2026-03-03 01:10");
}

TEST_CASE("now in any case, and an empty field, are their own kinds") {
    CHECK(read("now") == "now");
    CHECK(read(" NOW ") == "now");
    CHECK(read("") == "empty");
    CHECK(read("   ") == "empty");
}

TEST_CASE("what is not a time is an error that says why and how to write it, never a guess") {
    CHECK(read("6:4").find("is not a time: write 09:40") != std::string::npos);
    CHECK(read("640").find("is not a time") != std::string::npos);
    CHECK(read("6.40").find("is not a time") != std::string::npos);
    CHECK(read("noon").find("is not a time") != std::string::npos);
    CHECK(read("25:10") == "error: 25:10: the hour must be 0 to 23");
    CHECK(read("09:75") == "error: 09:75: the minutes must be 00 to 59");
    CHECK(read("2026-02-30 09:40").find("is not a date") != std::string::npos);
    CHECK(read("2026-03-02 9").find("is not a time") != std::string::npos);
    CHECK(read("2026-03-02T09:40:30") == "error: 2026-03-02T09:40:30: give the time to the minute");
}

TEST_CASE("the example of how to write a time uses the visit's own day, not a fixed date") {
    const auto entry = core::read_time_entry("10:7", year_month_day{year{2026}, month{11}, day{30}});
    REQUIRE_FALSE(entry);
    CHECK(entry.error().message == "\"10:7\" is not a time: write 09:40, 9:40, 0940, 2026-11-30 09:40 or now");
}

TEST_CASE("a time later than now beyond the clock skew is in the future, within it is not") {
    const auto now = utc("2026-03-02T14:00:00Z");
    const seconds skew{120};  // the coding rules' default clock_skew_minutes = 2
    CHECK_FALSE(core::later_than_now(now, now, skew));
    CHECK_FALSE(core::later_than_now(now + seconds{120}, now, skew));  // two clocks never agree to the second
    CHECK(core::later_than_now(now + seconds{121}, now, skew));
    CHECK(core::later_than_now(now + minutes{60}, now, skew));
    CHECK_FALSE(core::later_than_now(now - hours{5}, now, skew));
    // Another clinic's allowance: 10 minutes, or none at all.
    CHECK_FALSE(core::later_than_now(now + minutes{10}, now, minutes{10}));
    CHECK(core::later_than_now(now + seconds{1}, now, seconds{0}));
}

TEST_CASE("stamps are shown in the clinic's zone with its name, whatever zone they were stored in") {
    CHECK(core::format_stamp(utc("2026-03-02T16:02:40Z"), "America/New_York") == "2026-03-02 11:02 EST");
    CHECK(core::format_stamp(utc("2026-07-02T16:02:40Z"), "America/New_York") == "2026-07-02 12:02 EDT");
    CHECK(core::format_stamp("2026-03-02T16:02:40Z", "Europe/Berlin") == "2026-03-02 17:02 CET");
    CHECK(core::format_stamp("not a stamp", "Europe/Berlin") == "not a stamp");
    CHECK(core::zone_label(utc("2026-03-02T16:02:40Z"), "Asia/Dubai") == "UTC+04:00");
    CHECK(core::zone_label(utc("2026-03-02T16:02:40Z"), "Nowhere/Atlantis").empty());
}
