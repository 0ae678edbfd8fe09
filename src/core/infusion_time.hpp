#pragma once
// Infusion time T (coding-rules.md 2): the union of every pump set-up's infusion interval, measured
// between exact UTC instants (fractions of a second included), less every documented pause, truncated
// to whole minutes once.
#include "core/coding_rules.hpp"
#include "core/problem.hpp"
#include "core/visit.hpp"

#include <chrono>
#include <memory_resource>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace infusion::core {

struct Interval {
    Instant start{};
    Instant stop{};
};

struct PreciseInterval {
    PreciseInstant start{};
    PreciseInstant stop{};
};

// Its lists come from the memory resource it is made with: derive() passes an arena on its stack, so the
// usual visit's time is worked out without a heap allocation (five lists on every derive() were a
// measurable share of it, issue 15); every other caller gets the heap.
struct InfusionTime {
    explicit InfusionTime(std::pmr::memory_resource* memory = std::pmr::get_default_resource())
        : intervals(memory), running(memory), order(memory), setup_times(memory), infused(memory) {}

    std::optional<int> minutes;  // T; empty while any interval is incomplete or cannot be placed
    // The local date, in the visit's zone, of the first infusion start ([ed. 2]: not the UTC date).
    std::optional<std::chrono::year_month_day> date_of_service;
    std::optional<Instant> first_start;
    std::optional<Instant> last_stop;
    std::pmr::vector<Interval> intervals;       // after pauses, before the union (whole seconds, for the record)
    std::pmr::vector<PreciseInterval> running;  // the union itself: disjoint, in time order (dates lines)
    // Set-up indexes in time order: by set-up time, else infusion start ([ed. 2] "earlier" means earlier
    // in time); set-ups with neither placed keep their file order at the end.
    std::pmr::vector<std::size_t> order;
    // Per set-up: its set-up time, else its start; the start when the set-up time is after it.
    std::pmr::vector<std::optional<Instant>> setup_times;
    // Per set-up: it ran for some time once its pauses are cut out (false until its times are placed).
    std::pmr::vector<bool> infused;
    std::vector<Problem> problems;  // time problems: missing, ambiguous, reversed, zero
};

[[nodiscard]] InfusionTime compute_infusion_time(const Visit& visit, std::string_view time_zone,
                                                 const CodingRules& rules);
// The same with the zone already looked up (derive() looks it up once per visit).
[[nodiscard]] InfusionTime compute_infusion_time(const Visit& visit, Zone zone, std::string_view zone_name,
                                                 const CodingRules& rules,
                                                 std::pmr::memory_resource* memory = std::pmr::get_default_resource());

// Length of the union of intervals (overlaps counted once).
[[nodiscard]] std::chrono::seconds union_length(std::vector<Interval> intervals);
// The union as disjoint intervals in time order.
[[nodiscard]] std::vector<PreciseInterval> union_of(std::vector<PreciseInterval> intervals);

// The instant at which `elapsed` of infusion time has run along `running` (the union): pauses and
// gaps between pumps do not count. Empty when the infusion is shorter.
[[nodiscard]] std::optional<PreciseInstant> instant_after(std::span<const PreciseInterval> running,
                                                          std::chrono::nanoseconds elapsed);

}  // namespace infusion::core
