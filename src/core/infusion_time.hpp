#pragma once
// Infusion time T (coding-rules.md 2): the union of every pump set-up's infusion interval, measured
// between UTC instants, less documented pauses over the threshold, in whole minutes.
#include "core/coding_rules.hpp"
#include "core/problem.hpp"
#include "core/visit.hpp"

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

namespace infusion::core {

struct Interval {
    Instant start{};
    Instant stop{};
};

struct InfusionTime {
    std::optional<int> minutes;  // T; empty while any interval is incomplete or cannot be placed
    std::optional<std::chrono::year_month_day> date_of_service;  // local date of the first start
    std::optional<Instant> first_start;
    std::optional<Instant> last_stop;
    std::vector<Interval> intervals;  // after pauses, before the union
    std::vector<Problem> problems;    // time problems: missing, ambiguous, reversed, zero
};

[[nodiscard]] InfusionTime compute_infusion_time(const Visit& visit, std::string_view time_zone,
                                                 const CodingRules& rules);

// Length of the union of intervals (overlaps counted once).
[[nodiscard]] std::chrono::seconds union_length(std::vector<Interval> intervals);

}  // namespace infusion::core
