// Coding rules edition 2, time (coding-rules.md 2, 3, 5 and 7a): exact instants truncated once, every
// documented pause excluded, set-ups ordered by time, DST in several zones, the local date of service.
// Each table row quotes the rule it checks.
#include "core/infusion_time.hpp"
#include "core_test_helpers.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>

using namespace infusion;
using std::chrono::milliseconds;
using std::chrono::minutes;

namespace {

// A local reading with a fraction of a second.
core::WallTime frac(core::WallTime t, int ms) {
    t.fraction = milliseconds{ms};
    return t;
}

core::Visit one_pump(const core::WallTime& start, const core::WallTime& stop) {
    core::Visit v = test::sample_visit();
    v.pump_setups = {coretest::setup(start, stop, "abdomen-left-lower")};
    return v;
}

}  // namespace

TEST_CASE("ed. 2: T is the union on exact instants, fractions included, truncated to whole minutes once") {
    // "Drop the seconds of the elapsed time, never of each timestamp: 10:00:00.6 -> 10:16:00.2 is
    //  15 min 59.6 s, so T = 15 (96372)."
    struct Row {
        const char* rule;
        int start_s, start_ms, stop_s, stop_ms;  // seconds after 10:00:00 and their fraction
        int minutes;
        const char* admin;
    };
    const Row rows[] = {
        {"15 min 59.6 s is 15: 96372", 0, 600, 16 * 60, 200, 15, "96372x1"},
        {"exactly 16 min with fractions on both ends: 96369", 0, 600, 16 * 60, 600, 16, "96369x1"},
        {"15 min 59.999 s is 15", 0, 0, 15 * 60 + 59, 999, 15, "96372x1"},
        {"15 min 0.4 s is 15, not 16 (truncation of each stamp would not matter here)", 0, 300, 15 * 60, 700, 15,
         "96372x1"},
        {"90 min 59.9 s is 90: no 96370", 0, 500, 91 * 60, 400, 90, "96369x1"},
        {"91 min exactly across fractions: 96369 + 96370", 0, 500, 91 * 60, 500, 91, "96369x1 96370x1"},
        {"whole-second stamps 15:59 apart: 15 (edition 1 agreed)", 1, 0, 16 * 60, 0, 15, "96372x1"},
    };
    const auto ten = test::at(2026, 3, 2, 10, 0);
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        const auto v = one_pump(frac(coretest::plus(ten, std::chrono::seconds{row.start_s}), row.start_ms),
                                frac(coretest::plus(ten, std::chrono::seconds{row.stop_s}), row.stop_ms));
        const auto c = test::derive(v);
        REQUIRE(c.billable);
        CHECK(c.infusion_minutes == row.minutes);
        CHECK(coretest::admin_summary(c.lines) == row.admin);
    }
}

TEST_CASE("ed. 2: the union of two pumps is measured on exact instants before truncating") {
    // "Measure the union on exact instants (fractions included), then truncate once."
    // A: 10:00:00.5-10:08:00.4 (7:59.9), B: 10:08:00.4-10:16:00.3 (7:59.9). Each truncated alone gives
    // 7 + 7 = 14; the union is 15:59.8 -> 15.
    const auto ten = test::at(2026, 3, 2, 10, 0);
    core::Visit v = test::sample_visit();
    v.pump_setups = {coretest::setup(frac(ten, 500), frac(coretest::plus(ten, minutes{8}), 400), "abdomen-left-lower"),
                     coretest::setup(frac(coretest::plus(ten, minutes{8}), 400),
                                     frac(coretest::plus(ten, minutes{16}), 300), "abdomen-left-lower")};
    const auto c = test::derive(v);
    CHECK(c.infusion_minutes == 15);
}

TEST_CASE("ed. 2: every documented pause is excluded from T, a pause while another pump runs is not") {
    // "Documented pauses inside an interval are all excluded from T ... A pause of one pump while another
    //  keeps running does not shorten the union." [CMS Transmittal 902]
    struct PauseSpec {
        int setup, from, to;  // minutes after 09:00
    };
    struct Row {
        const char* rule;
        std::vector<std::pair<int, int>> pumps;  // minutes after 09:00
        std::vector<PauseSpec> pauses;
        int minutes;
        const char* admin;
    };
    const std::vector<Row> rows = {
        {"a 1-minute pause counts (threshold 0): 100 - 1 = 99", {{0, 100}}, {{0, 30, 31}}, 99, "96369x1 96370x1"},
        {"a 10-minute pause: 100 - 10 = 90, no 96370", {{0, 100}}, {{0, 30, 40}}, 90, "96369x1"},
        {"two pauses are both excluded", {{0, 100}}, {{0, 10, 12}, {0, 50, 53}}, 95, "96369x1 96370x1"},
        {"pump A pauses while pump B runs: union unchanged",
         {{0, 100}, {20, 100}},
         {{0, 30, 50}},
         100,
         "96369x1 96370x1 96371x1"},
        {"both pumps pause over the same minutes: cut once",
         {{0, 100}, {0, 100}},
         {{0, 40, 50}, {1, 40, 50}},
         90,
         "96369x1 96371x1"},
        {"overlapping pauses of two pumps: only the shared part is cut",
         {{0, 100}, {0, 100}},
         {{0, 30, 50}, {1, 40, 60}},
         90,
         "96369x1 96371x1"},
        {"a pause of 16 min on a 31-min infusion leaves 15: 96372", {{0, 31}}, {{0, 5, 21}}, 15, "96372x1"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        core::Visit v = test::sample_visit();
        v.pump_setups.clear();
        const char* sites[] = {"abdomen-left-lower", "abdomen-right-lower"};
        for (std::size_t i = 0; i < row.pumps.size(); ++i) {
            v.pump_setups.push_back(coretest::setup_minutes(row.pumps[i].first, row.pumps[i].second, sites[i % 2]));
        }
        const auto nine = test::at(2026, 3, 2, 9, 0);
        for (const auto& p : row.pauses) {
            core::Pause pause;
            pause.start = coretest::plus(nine, minutes{p.from});
            pause.stop = coretest::plus(nine, minutes{p.to});
            v.pump_setups[static_cast<std::size_t>(p.setup)].pauses.push_back(pause);
        }
        const auto c = test::derive(v);
        CHECK(c.infusion_minutes == row.minutes);
        CHECK(coretest::admin_summary(c.lines) == row.admin);
    }
}

TEST_CASE("ed. 2: set-ups are ordered by set-up time (else start): every file order bills the same") {
    // "'Earlier' means earlier in time (set-up time, else infusion start), never earlier in the file or
    //  on the screen: set-ups are ordered by time before sites are compared."
    struct Spec {
        int set_up;  // minutes after 09:00; < 0: no set-up time (the start decides)
        int start, stop;
        const char* sites;
    };
    struct Row {
        const char* rule;
        std::vector<Spec> setups;
        const char* admin;
        const char* new_site;  // the site 96371's reason names, "" for none
    };
    const std::vector<Row> rows = {
        {"the later set-up adds thigh-right: 96371 whatever the order",
         {{0, 5, 80, "abdomen-left-lower"}, {30, 35, 80, "abdomen-left-lower thigh-right"}},
         "96369x1 96371x1",
         "thigh-right"},
        {"the later set-up re-uses the earlier one's site: no 96371 whatever the order",
         {{0, 5, 80, "thigh-left"}, {30, 35, 80, "thigh-left"}},
         "96369x1",
         ""},
        {"no set-up times: the infusion start orders them",
         {{-1, 0, 80, "abdomen-left-lower"}, {-1, 40, 80, "abdomen-left-lower arm-left"}},
         "96369x1 96371x1",
         "arm-left"},
        {"three set-ups, the second re-primes, the third adds a site",
         {{0, 5, 80, "thigh-left"}, {20, 25, 80, "thigh-left"}, {40, 45, 80, "thigh-right"}},
         "96369x1 96371x1",
         "thigh-right"},
        {"set-up time decides over start (set up early, started late)",
         {{0, 50, 80, "buttock-left"}, {10, 10, 80, "buttock-left arm-right"}},
         "96369x1 96371x1",
         "arm-right"},
        {"set up at the same moment: neither is earlier, so no 96371 when one of them covers every site",
         {{0, 0, 80, "thigh-left arm-left"}, {0, 0, 80, "thigh-left"}},
         "96369x1",
         ""},
        {"a set-up time after its own start is not trusted to make the set-up later",
         {{30, 0, 80, "thigh-left arm-left"}, {-1, 10, 80, "thigh-left"}},
         "96369x1",
         ""},
    };
    const auto nine = test::at(2026, 3, 2, 9, 0);
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        std::vector<std::size_t> perm(row.setups.size());
        std::iota(perm.begin(), perm.end(), std::size_t{0});
        do {
            core::Visit v = test::sample_visit();
            v.pump_setups.clear();
            for (std::size_t i : perm) {
                const Spec& s = row.setups[i];
                auto p = coretest::setup_minutes(s.start, s.stop, s.sites);
                if (s.set_up >= 0) p.set_up_at = coretest::plus(nine, minutes{s.set_up});
                v.pump_setups.push_back(p);
            }
            const auto c = test::derive(v);
            CAPTURE(perm.front());
            CHECK(coretest::admin_summary(c.lines) == row.admin);
            const auto* line = coretest::find_line(c.lines, "96371");
            if (*row.new_site != '\0') {
                REQUIRE(line != nullptr);
                CHECK(line->reason.find(row.new_site) != std::string::npos);
            }
            // 96369 always includes the earliest set-up: its reason names the pump set-up listed where
            // the earliest one stands in this file order.
            const auto earliest = static_cast<std::size_t>(std::find(perm.begin(), perm.end(), 0) - perm.begin());
            const auto* initial = coretest::find_line(c.lines, "96369");
            REQUIRE(initial != nullptr);
            CHECK(initial->reason.find("pump set-up " + std::to_string(earliest + 1)) != std::string::npos);
        } while (std::next_permutation(perm.begin(), perm.end()));
    }
}

TEST_CASE("ed. 2: set-ups set up at the same moment at different sites: 96371 whichever came first") {
    const auto nine = test::at(2026, 3, 2, 9, 0);
    for (const bool reversed : {false, true}) {
        core::Visit v = test::sample_visit();
        v.pump_setups = {coretest::setup_minutes(0, 80, "thigh-left"), coretest::setup_minutes(0, 80, "arm-left")};
        for (auto& p : v.pump_setups) p.set_up_at = nine;
        if (reversed) std::swap(v.pump_setups[0], v.pump_setups[1]);
        const auto c = test::derive(v);
        CAPTURE(reversed);
        CHECK(coretest::admin_summary(c.lines) == "96369x1 96371x1");
        CHECK_FALSE(test::has_problem(c, "addon.96371-same-time"));
    }
    // The tie that decides: the warning names both set-ups and says what to document.
    core::Visit v = test::sample_visit();
    v.pump_setups = {coretest::setup_minutes(0, 80, "thigh-left"),
                     coretest::setup_minutes(0, 80, "thigh-left arm-left")};
    for (auto& p : v.pump_setups) p.set_up_at = nine;
    const auto c = test::derive(v);
    CHECK(coretest::admin_summary(c.lines) == "96369x1");
    const auto* p = coretest::find_problem(c, "addon.96371-same-time");
    REQUIRE(p != nullptr);
    CHECK(p->severity == core::Severity::warning);
    CHECK(p->message.find("Pump set-up 1 and pump set-up 2 were set up at the same time") == 0);
}

TEST_CASE("ed. 2: a set-up whose pauses cover it from start to stop earns no 96371") {
    // Written as start = stop it would hold the claim; paused whole, it infused nothing either.
    core::Visit v = test::sample_visit();
    v.pump_setups = {coretest::setup_minutes(0, 30, "abdomen-left-lower"),
                     coretest::setup_minutes(10, 20, "thigh-left")};
    core::Pause pause;
    pause.start = v.pump_setups[1].start;
    pause.stop = v.pump_setups[1].stop;
    v.pump_setups[1].pauses.push_back(pause);
    const auto c = test::derive(v);
    INFO(coretest::describe(c));
    CHECK(c.billable);
    CHECK(coretest::admin_summary(c.lines) == "96369x1");
    const auto* p = coretest::find_problem(c, "setup.nothing-infused");
    REQUIRE(p != nullptr);
    CHECK(p->field == "pump_setups[1].pauses");
    // Paused for all but a minute, it infused: 96371 for its new site.
    v.pump_setups[1].pauses[0].stop->local -= std::chrono::minutes{1};
    CHECK(coretest::admin_summary(test::derive(v).lines) == "96369x1 96371x1");
}

TEST_CASE("ed. 2: a set-up with sites but no start or no stop holds the visit") {
    // "A set-up with sites but no start or no stop holds the visit (ask the nurse); it is never silently
    //  dropped or billed."
    struct Row {
        const char* rule;
        bool start, stop;
        const char* problem;
    };
    const Row rows[] = {
        {"no start", false, true, "time.start-missing"},
        {"no stop", true, false, "time.stop-missing"},
        {"neither", false, false, "time.start-missing"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        core::Visit v = test::sample_visit(75);
        auto second = coretest::setup_minutes(20, 60, "thigh-left");
        if (!row.start) second.start.reset();
        if (!row.stop) second.stop.reset();
        v.pump_setups.push_back(second);
        const auto c = test::derive(v);
        CHECK_FALSE(c.billable);
        CHECK(c.lines.empty());
        CHECK(test::has_problem(c, row.problem));
    }
}

TEST_CASE("ed. 2: DST in several zones: T between instants, the date of service a local date") {
    // "Compute T from absolute instants (UTC), never by subtracting local wall-clock times"; "the local
    //  date, in the visit's zone, of the first infusion start (not the UTC date)".
    struct Row {
        const char* rule;
        const char* zone;
        core::WallTime start, stop;
        int minutes;
        std::chrono::year_month_day date;
    };
    using namespace std::chrono;
    const Row rows[] = {
        {"New York spring forward: 01:30 EST -> 03:05 EDT is 35", "America/New_York", test::at(2026, 3, 8, 1, 30),
         test::at(2026, 3, 8, 3, 5), 35, 2026y / March / 8},
        {"Berlin spring forward: 01:30 CET -> 03:05 CEST is 35", "Europe/Berlin", test::at(2026, 3, 29, 1, 30),
         test::at(2026, 3, 29, 3, 5), 35, 2026y / March / 29},
        {"Sydney fall back: 01:30 AEDT -> 03:30 AEST is 180", "Australia/Sydney", test::at(2026, 4, 5, 1, 30),
         test::at(2026, 4, 5, 3, 30), 180, 2026y / April / 5},
        {"Auckland spring forward: 01:30 NZST -> 03:30 NZDT is 60", "Pacific/Auckland", test::at(2026, 9, 27, 1, 30),
         test::at(2026, 9, 27, 3, 30), 60, 2026y / September / 27},
        {"Kolkata 00:30 is the previous day in UTC; the date of service is the local one", "Asia/Kolkata",
         test::at(2026, 3, 2, 0, 30), test::at(2026, 3, 2, 1, 45), 75, 2026y / March / 2},
        {"Los Angeles visit, start written with a New York offset: the date is LA's (23:30 on the 1st)",
         "America/Los_Angeles", test::at_offset(2026, 3, 2, 2, 30, -300), test::at(2026, 3, 2, 0, 45), 75,
         2026y / March / 1},
        {"New York fall back, written with offsets: 01:20 EDT -> 01:10 EST is 50", "America/New_York",
         test::at_offset(2026, 11, 1, 1, 20, -240), test::at_offset(2026, 11, 1, 1, 10, -300), 50,
         2026y / November / 1},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        core::Visit v = one_pump(row.start, row.stop);
        v.time_zone = row.zone;
        const auto c = test::derive(v);
        CHECK(c.billable);
        CHECK(c.infusion_minutes == row.minutes);
        CHECK(c.date_of_service == row.date);
        for (const auto& line : c.lines) CHECK(line.service_date == row.date);
    }
}

TEST_CASE("ed. 2: a reading's fraction of a second survives the ISO form storage uses") {
    auto t = frac(test::at(2026, 3, 2, 10, 16), 200);
    CHECK(core::format_iso(t) == "2026-03-02T10:16:00.2");
    CHECK(core::parse_iso("2026-03-02T10:16:00.2") == t);
    t.utc_offset = minutes{-300};
    CHECK(core::format_iso(t) == "2026-03-02T10:16:00.2-05:00");
    CHECK(core::parse_iso(core::format_iso(t)) == t);
    CHECK(core::format_iso(test::at(2026, 3, 2, 10, 16)) == "2026-03-02T10:16:00");  // unchanged form
    CHECK_FALSE(core::parse_iso("2026-03-02T10:16:00.").has_value());
    CHECK_FALSE(core::parse_iso("2026-03-02T10:16:00.1234567891").has_value());
}
