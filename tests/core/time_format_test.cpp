// The stored forms of dates and instants ("2026-03-02", "2026-03-02T14:10:00Z") are what seals, exports
// and `db check` compare byte for byte: the hand-written formatters (issue 15) must write exactly what
// date::format wrote before them, for every day and second, including the edges of days and years.
#include "core/wall_time.hpp"

#include <date/date.h>
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <random>

using namespace infusion;
using namespace std::chrono;

TEST_CASE("format_utc writes what date::format wrote, for instants from 1900 to 2200") {
    const auto first = sys_days(year{1900} / January / 1);
    const auto last = sys_days(year{2200} / December / 31);
    std::mt19937_64 random(15);
    std::uniform_int_distribution<long long> second((first - sys_days{}).count() * 86400,
                                                    (last - sys_days{}).count() * 86400 + 86399);
    for (int i = 0; i < 20000; ++i) {
        const core::Instant at{seconds{second(random)}};
        CHECK(core::format_utc(at) == date::format("%Y-%m-%dT%H:%M:%SZ", at));
    }
    // The edges of a day, a leap day, the epoch, the last second of a year.
    for (const core::Instant at :
         {core::Instant{}, core::Instant{seconds{-1}}, sys_days(year{2024} / February / 29) + seconds{0},
          sys_days(year{2024} / February / 29) + seconds{86399}, sys_days(year{2026} / December / 31) + seconds{86399},
          sys_days(year{2000} / January / 1) + hours{12} + minutes{34} + seconds{56}}) {
        CHECK(core::format_utc(at) == date::format("%Y-%m-%dT%H:%M:%SZ", at));
    }
    CHECK(core::format_utc(sys_days(year{2026} / March / 2) + hours{14} + minutes{10}) == "2026-03-02T14:10:00Z");
}

TEST_CASE("format_date writes YYYY-MM-DD for every day from 1900 to 2200, and years beyond as before") {
    for (auto day = sys_days(year{1900} / January / 1); day <= sys_days(year{2200} / December / 31); day += days{1}) {
        const year_month_day d{day};
        REQUIRE(core::format_date(d) == date::format("%Y-%m-%d", day));
    }
    CHECK(core::format_date(year{10000} / January / 2) == "10000-01-02");
    CHECK(core::format_date(year{7} / March / 9) == "0007-03-09");
}
