// coding-rules.md sections 2 and 9: T is the union of the set-ups' intervals in whole minutes, seconds
// dropped, documented pauses over the threshold excluded. Each interpretation is also a setting.
#include "core/infusion_time.hpp"
#include "core_test_helpers.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace infusion;
using coretest::plus;
using coretest::setup_minutes;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

struct Span {
    int from;  // minutes after 09:00
    int to;
};

// One set-up per span; the first at the abdomen, the others each at a new thigh or arm site.
core::Visit visit_with(const std::vector<Span>& spans) {
    static const char* const locations[] = {"abdomen-left-lower abdomen-right-lower", "thigh-left", "thigh-right",
                                            "arm-left"};
    auto v = test::sample_visit();
    v.pump_setups.clear();
    for (std::size_t i = 0; i < spans.size(); ++i) {
        v.pump_setups.push_back(setup_minutes(spans[i].from, spans[i].to, locations[i]));
    }
    return v;
}

core::Visit visit_lasting(seconds length) {
    auto v = test::sample_visit();
    v.pump_setups[0].stop = plus(*v.pump_setups[0].start, length);
    return v;
}

core::Pause pause_at(const core::WallTime& start, seconds length) {
    core::Pause p;
    p.start = start;
    p.stop = plus(start, length);
    p.reason = "patient to the restroom";
    return p;
}

}  // namespace

TEST_CASE("overlap: two pumps running at the same time count once, sequential pumps do not count the gap") {
    // "T is the wall-clock length of the union of all SC infusion intervals ... Two pumps running at the
    // same time count once"; "Overlapping or sequential pumps both feed the one union of time".
    struct Row {
        std::vector<Span> spans;
        int minutes;
        const char* lines;  // administration lines (every extra set-up is at a new site: 96371)
        const char* rule;
    };
    const Row rows[] = {
        {{{0, 60}, {30, 90}},
         90,
         "96369x1 96371x1",
         "overlapping 09:00-10:00 and 09:30-10:30 is 90, not 120: no 96370"},
        {{{30, 90}, {0, 60}}, 90, "96369x1 96371x1", "the order the set-ups are listed in does not matter"},
        {{{0, 45}, {90, 135}},
         90,
         "96369x1 96371x1",
         "sequential 45 + 45 with a 45-minute gap is 90: the gap is not infusion"},
        {{{0, 90}, {30, 60}}, 90, "96369x1 96371x1", "a pump nested inside another adds nothing"},
        {{{0, 45}, {45, 91}}, 91, "96369x1 96370x1 96371x1", "back-to-back pumps join: 45 + 46 = 91"},
        {{{0, 10}, {5, 14}}, 14, "96372x1", "overlapping pumps of 14 minutes in all: 96372"},
        {{{0, 60}, {20, 80}, {70, 125}}, 125, "96369x1 96370x1 96371x1", "a chain of three overlapping pumps"},
        {{{0, 30}, {60, 90}, {120, 151}}, 91, "96369x1 96370x1 96371x1", "three sequential pumps: 30 + 30 + 31"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        const auto coding = test::derive(visit_with(row.spans));
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        REQUIRE(coding.infusion_minutes);
        CHECK(*coding.infusion_minutes == row.minutes);
        CHECK(coretest::admin_summary(coding.lines) == std::string(row.lines));
    }
}

TEST_CASE("overlap: a clinic that chooses the sum of intervals bills overlapping pump time twice") {
    // coding-rules.md 9: "union or sum of overlapping pump time | default union" - a setting.
    settings::Config config = test::repo_config();
    config.rules.overlap = core::OverlapRule::sum_of_intervals;
    struct Row {
        std::vector<Span> spans;
        int union_minutes;
        int sum_minutes;
        const char* union_lines;
        const char* sum_lines;
    };
    const Row rows[] = {
        {{{0, 60}, {30, 90}}, 90, 120, "96369x1 96371x1", "96369x1 96370x1 96371x1"},
        {{{0, 90}, {30, 60}}, 90, 120, "96369x1 96371x1", "96369x1 96370x1 96371x1"},
        {{{0, 45}, {90, 135}}, 90, 90, "96369x1 96371x1", "96369x1 96371x1"},  // no overlap: same either way
    };
    for (const auto& row : rows) {
        CAPTURE(row.sum_minutes);
        const auto by_union = test::derive(visit_with(row.spans));
        const auto by_sum = coretest::derive_with(visit_with(row.spans), config);
        REQUIRE(by_union.infusion_minutes);
        REQUIRE(by_sum.infusion_minutes);
        CHECK(*by_union.infusion_minutes == row.union_minutes);
        CHECK(*by_sum.infusion_minutes == row.sum_minutes);
        CHECK(coretest::admin_summary(by_union.lines) == std::string(row.union_lines));
        CHECK(coretest::admin_summary(by_sum.lines) == std::string(row.sum_lines));
    }
}

TEST_CASE("seconds: dropped by default so a few seconds never reach a higher band, rounded when configured") {
    // "T is in whole elapsed minutes, seconds dropped (interpretation: never rounds up into a higher band)."
    settings::Config rounding = test::repo_config();
    rounding.rules.seconds = core::SecondsRule::round;
    struct Row {
        int length_seconds;
        int dropped;                // T with the default rule
        const char* dropped_lines;  // "" when blocked
        int rounded;                // T with seconds = "round" (to the nearest minute, 30 s up)
        const char* rounded_lines;
    };
    const Row rows[] = {
        {90 * 60 + 59, 90, "96369x1", 91, "96369x1 96370x1"},     // 90 min 59 s
        {90 * 60 + 30, 90, "96369x1", 91, "96369x1 96370x1"},     // 90 min 30 s: half a minute rounds up
        {90 * 60 + 29, 90, "96369x1", 90, "96369x1"},             // 90 min 29 s
        {91 * 60, 91, "96369x1 96370x1", 91, "96369x1 96370x1"},  // 91 min exactly
        {15 * 60 + 59, 15, "96372x1", 16, "96369x1"},             // 15 min 59 s
        {15 * 60 + 30, 15, "96372x1", 16, "96369x1"},             // 15 min 30 s
        {15 * 60 + 29, 15, "96372x1", 15, "96372x1"},
        {150 * 60 + 30, 150, "96369x1 96370x1", 151, "96369x1 96370x2"},
        {210 * 60 + 30, 210, "96369x1 96370x2", 211, "96369x1 96370x3"},
        {60 + 30, 1, "96372x1", 2, "96372x1"},
        {30, 0, "", 1, "96372x1"},  // 30 s: nothing with "drop" ("0 or less: no line")
    };
    for (const auto& row : rows) {
        CAPTURE(row.length_seconds);
        const auto visit = visit_lasting(seconds{row.length_seconds});
        const auto dropped = test::derive(visit);
        const auto rounded = coretest::derive_with(visit, rounding);
        REQUIRE(dropped.infusion_minutes);
        REQUIRE(rounded.infusion_minutes);
        CHECK(*dropped.infusion_minutes == row.dropped);
        CHECK(*rounded.infusion_minutes == row.rounded);
        CHECK(coretest::admin_summary(dropped.lines) == std::string(row.dropped_lines));
        CHECK(coretest::admin_summary(rounded.lines) == std::string(row.rounded_lines));
    }
}

TEST_CASE("pauses: with a clinic's 5-minute threshold, a longer pause is not infusion time, a shorter one is") {
    // Edition 1's "excluded from T when longer than a configured threshold" (5 min); edition 2 excludes
    // every pause (threshold 0, edition2_time_test.cpp), a clinic may still set one.
    const auto nine = test::at(2026, 3, 2, 9, 0);
    struct Row {
        std::vector<std::pair<int, int>> pauses;  // (start minute after 09:00, length in seconds)
        int minutes;
        const char* lines;
        const char* rule;
    };
    // The infusion runs 09:00-10:35: 95 minutes, one 96370.
    const Row rows[] = {
        {{}, 95, "96369x1 96370x1", "no pause: 95 minutes"},
        {{{30, 5 * 60}}, 95, "96369x1 96370x1", "a pause of exactly 5 minutes is not longer than the threshold"},
        {{{30, 5 * 60 + 1}}, 89, "96369x1", "5 min 1 s is longer: 95 - 5:01 = 89:59, seconds dropped"},
        {{{30, 20 * 60}}, 75, "96369x1", "a 20-minute pause is excluded: 75"},
        {{{10, 3 * 60}, {50, 4 * 60}}, 95, "96369x1 96370x1", "two short pauses are each kept"},
        {{{10, 3 * 60}, {50, 6 * 60}}, 89, "96369x1", "only the long one of two pauses is excluded"},
        {{{0, 10 * 60}}, 85, "96369x1", "a pause right at the start"},
        {{{85, 10 * 60}}, 85, "96369x1", "a pause right up to the stop"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        auto v = test::sample_visit();
        v.pump_setups[0].start = nine;
        v.pump_setups[0].stop = plus(nine, minutes{95});
        for (const auto& [at, length] : row.pauses) {
            v.pump_setups[0].pauses.push_back(pause_at(plus(nine, minutes{at}), seconds{length}));
        }
        settings::Config five = test::repo_config();
        five.rules.pause_threshold_minutes = 5;
        const auto coding = coretest::derive_with(v, five);
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        REQUIRE(coding.infusion_minutes);
        CHECK(*coding.infusion_minutes == row.minutes);
        CHECK(coretest::admin_summary(coding.lines) == std::string(row.lines));
    }
}

TEST_CASE("pauses: the threshold is the clinic's setting") {
    settings::Config lenient = test::repo_config();
    lenient.rules.pause_threshold_minutes = 5;
    auto v = test::sample_visit(91);
    v.pump_setups[0].pauses.push_back(pause_at(plus(*v.pump_setups[0].start, minutes{30}), minutes{1}));
    const auto by_default = test::derive(v);
    const auto by_lenient = coretest::derive_with(v, lenient);
    REQUIRE(by_default.infusion_minutes);
    REQUIRE(by_lenient.infusion_minutes);
    CHECK(*by_lenient.infusion_minutes == 91);  // a 1-minute pause is kept with a 5-minute threshold
    CHECK(coretest::admin_summary(by_lenient.lines) == "96369x1 96370x1");
    CHECK(*by_default.infusion_minutes == 90);  // edition 2 default 0: every pause is excluded
    CHECK(coretest::admin_summary(by_default.lines) == "96369x1");
}

TEST_CASE("pauses: another pump that kept running covers a pause in the union") {
    // Pauses are cut from their own set-up's interval; the union then counts the other pump's time.
    auto v = visit_with({{0, 95}, {20, 60}});
    v.pump_setups[0].pauses.push_back(pause_at(plus(test::at(2026, 3, 2, 9, 0), minutes{30}), minutes{20}));
    const auto coding = test::derive(v);
    REQUIRE(coding.infusion_minutes);
    CHECK(*coding.infusion_minutes == 95);
    CHECK(coretest::admin_summary(coding.lines) == "96369x1 96370x1 96371x1");

    auto alone = visit_with({{0, 95}});
    alone.pump_setups[0].pauses = v.pump_setups[0].pauses;
    const auto without = test::derive(alone);
    REQUIRE(without.infusion_minutes);
    CHECK(*without.infusion_minutes == 75);
}

TEST_CASE("pauses: an incomplete or misplaced pause holds the claim at the pause") {
    const auto nine = test::at(2026, 3, 2, 9, 0);
    struct Row {
        std::optional<core::WallTime> start;
        std::optional<core::WallTime> stop;
        const char* code;
        const char* rule;
    };
    const Row rows[] = {
        {plus(nine, minutes{30}), std::nullopt, "time.pause-incomplete", "a pause needs both its start and its end"},
        {std::nullopt, plus(nine, minutes{30}), "time.pause-incomplete", "a pause needs both its start and its end"},
        {plus(nine, minutes{40}), plus(nine, minutes{30}), "time.pause-outside-infusion",
         "a pause must end after it starts"},
        {plus(nine, -minutes{10}), plus(nine, minutes{10}), "time.pause-outside-infusion",
         "it must lie within the infusion"},
        {plus(nine, minutes{90}), plus(nine, minutes{100}), "time.pause-outside-infusion", "... not past the stop"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        auto v = test::sample_visit();
        v.pump_setups[0].start = nine;
        v.pump_setups[0].stop = plus(nine, minutes{95});
        core::Pause p;
        p.start = row.start;
        p.stop = row.stop;
        v.pump_setups[0].pauses.push_back(p);
        const auto coding = test::derive(v);
        CHECK_FALSE(coding.billable);
        CHECK(coding.lines.empty());
        CHECK_FALSE(coding.infusion_minutes.has_value());
        const core::Problem* problem = coretest::find_problem(coding, row.code);
        REQUIRE(problem != nullptr);
        CHECK(problem->severity == core::Severity::error);
        CHECK(problem->field == "pump_setups[0].pauses[0]");
    }
}

TEST_CASE("pauses: while the infusion runs (no stop yet), a pause before its start is said at once") {
    // Found from outside: "Infusing for 0:13:22 (1:10:00 of it paused)" from a pause at 07:00 of an infusion
    // begun at 08:00, said only once the stop was typed.
    const auto eight = test::at(2026, 3, 2, 8, 0);
    for (const auto& [start, stop] : {std::pair{plus(eight, -minutes{60}), std::optional{plus(eight, minutes{10})}},
                                      std::pair{plus(eight, -minutes{60}), std::optional<core::WallTime>{}},
                                      std::pair{plus(eight, minutes{20}), std::optional{plus(eight, minutes{10})}}}) {
        auto v = test::sample_visit();
        v.pump_setups[0].start = eight;
        v.pump_setups[0].stop.reset();
        core::Pause p;
        p.start = start;
        p.stop = stop;
        v.pump_setups[0].pauses.push_back(p);
        const auto coding = test::derive(v);
        const core::Problem* problem = coretest::find_problem(coding, "time.pause-outside-infusion");
        REQUIRE(problem != nullptr);
        CHECK(problem->field == "pump_setups[0].pauses[0]");
    }
    // A pause inside what has run so far is fine.
    auto v = test::sample_visit();
    v.pump_setups[0].start = eight;
    v.pump_setups[0].stop.reset();
    core::Pause p;
    p.start = plus(eight, minutes{5});
    p.stop = plus(eight, minutes{10});
    v.pump_setups[0].pauses.push_back(p);
    CHECK(coretest::find_problem(test::derive(v), "time.pause-outside-infusion") == nullptr);
}

TEST_CASE("union_length: overlapping intervals count once") {
    using core::Instant;
    const Instant t0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};
    const auto iv = [&](int from, int to) { return core::Interval{t0 + minutes{from}, t0 + minutes{to}}; };
    CHECK(core::union_length({}) == seconds{0});
    CHECK(core::union_length({iv(0, 60), iv(30, 90)}) == minutes{90});
    CHECK(core::union_length({iv(60, 120), iv(0, 30)}) == minutes{90});
    CHECK(core::union_length({iv(0, 120), iv(10, 20), iv(30, 40)}) == minutes{120});
    CHECK(core::union_length({iv(0, 10), iv(10, 20)}) == minutes{20});
}
