// Defects the fuzz targets found (docs/fuzzing.md, tests/fuzz): each case is the smallest form of the
// input that broke a property, kept here as a plain test so it runs in every build, clang or not.
#include "core/signing_policy.hpp"
#include "core/time_entry.hpp"
#include "core/wall_time.hpp"
#include "settings/config.hpp"
#include "settings/visit_file.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

using namespace infusion;

// visit_file target: a set-up time in the year 4052 (a slip of "2026") overflowed the nanosecond
// instant T is measured on (signed integer overflow in std::chrono, caught by UBSan) while coding.
TEST_CASE("a documented time beyond the supported years is a clear problem, not an overflow") {
    core::Visit visit = test::sample_visit();
    visit.pump_setups.front().set_up_at = test::at(4052, 9, 21, 10, 20);
    const core::Coding coding = test::derive(visit);
    CHECK_FALSE(coding.billable);
    CHECK(test::has_problem(coding, "time.out-of-range"));

    visit = test::sample_visit();
    visit.pump_setups.front().stop = test::at(1492, 10, 12, 9, 0);
    CHECK(test::has_problem(test::derive(visit), "time.out-of-range"));

    // Signing treats a year past the range as in the future (it has not happened), and never overflows.
    visit = test::sample_visit();
    visit.pump_setups.front().stop = test::at(9999, 12, 31, 23, 59);
    const auto now = std::chrono::sys_days{std::chrono::year{2026} / 3 / 2} + std::chrono::hours{15};
    const auto future = core::future_time_problems(
        visit, "America/New_York", std::chrono::time_point_cast<std::chrono::seconds>(now), test::repo_config().rules);
    CHECK(future.size() == 1);
}

TEST_CASE("a visit file with a date-time outside 1900 to 2199 is refused at its line") {
    std::ifstream in(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml");
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const std::string from = "set_up_at = 2026-03-02T09:05:00";
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), "set_up_at = 4052-03-02T09:05:00");
    const auto read = settings::parse_visit(text, "far.toml", test::repo_config().sites);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().message.find("the year 4052 is not between 1900 and 2199") != std::string::npos);
    CHECK(read.error().pos.line > 0);
}

TEST_CASE("a typed time in a year outside 1900 to 2199 is refused, saying which years are allowed") {
    const std::chrono::year_month_day day{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{2}};
    const auto far = core::read_time_entry("4052-03-02 09:40", day);
    REQUIRE_FALSE(far.ok());
    CHECK(far.error().message == "4052-03-02 09:40: the year must be 1900 to 2199");
    CHECK(core::read_time_entry("2199-12-31 23:59", day).ok());
    CHECK_FALSE(core::read_time_entry("1899-12-31 23:59", day).ok());
}

// config target: coding-rules.toml with `version = ""` was read, and every coding signed under it would
// have recorded an empty rules version. Found after 3.3 million executions of the long run.
TEST_CASE("coding rules with an empty version or an MUE row without a code are refused at their line") {
    std::ifstream in(std::string(INFUSIONDOC_SOURCE_DIR) + "/config/coding-rules.toml");
    const std::string shipped{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    REQUIRE(settings::parse_coding_rules(shipped, "coding-rules.toml").ok());
    const auto with = [&](const std::string& from, const std::string& to) {
        std::string text = shipped;
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        return text.replace(at, from.size(), to);
    };
    for (const std::string blank : {"\"\"", "\"  \""}) {
        const auto read =
            settings::parse_coding_rules(with("version = \"2026.2\"", "version = " + blank), "coding-rules.toml");
        REQUIRE_FALSE(read.ok());
        CHECK(read.error().file == "coding-rules.toml");
        CHECK(read.error().message.find("version: must not be empty") != std::string::npos);
        CHECK(read.error().pos.line == 6);
    }
    const auto no_code = settings::parse_coding_rules(with("code = \"96369\"", "code = \"\""), "coding-rules.toml");
    REQUIRE_FALSE(no_code.ok());
    CHECK(no_code.error().message.find("code: must not be empty") != std::string::npos);
}

// time target: an ISO date-time with the offset "+99:70" was read as 100 hours 10 minutes ahead of UTC,
// and written back as "+100:10", which nothing reads (the stored times, exports and HL7 use this reader).
TEST_CASE("a stored date-time whose offset is not hours and minutes of a day is refused, not written back as another") {
    CHECK_FALSE(core::parse_iso("2026-03-09T21:00:00.0+99:70").has_value());
    CHECK_FALSE(core::parse_iso("2026-03-09T21:00:00+24:00").has_value());
    CHECK_FALSE(core::parse_iso("2026-03-09T21:00:00-05:60").has_value());
    // The widest real offsets and the edges of the range still read, and write back as they were written.
    for (const char* text : {"2026-03-09T21:00:00+14:00", "2026-03-09T21:00:00-12:00", "2026-03-09T21:00:00+23:59",
                             "2026-03-09T21:00:00.5+05:45"}) {
        const auto read = core::parse_iso(text);
        REQUIRE(read.has_value());
        CHECK(core::format_iso(*read) == text);
    }
}
