#pragma once
// Administration lines from infusion time and set-ups: 96372, 96369, +96370, +96371
// (coding-rules.md 2, 3 and 7a).
#include "core/billing_line.hpp"
#include "core/coding_rules.hpp"
#include "core/infusion_time.hpp"
#include "core/problem.hpp"
#include "core/visit.hpp"

#include <chrono>
#include <vector>

namespace infusion::core {

// Units of +96370 for T minutes: 0 up to first hour + 30, then one per started hour that runs more
// than 30 minutes past the last full hour: ceil((T - 90) / 60) with the default bands.
[[nodiscard]] int additional_hour_units(int minutes, const CodingRules& rules);

// Indices of additional set-ups (the 2nd onward in `order`) that establish at least one new usable
// site: a location not used by a usable needle of a set-up earlier in `order`. Without `order`, the
// file's order ([ed. 2] derive() passes the time order, InfusionTime::order).
[[nodiscard]] std::vector<std::size_t> setups_with_new_sites(const Visit& visit);
[[nodiscard]] std::vector<std::size_t> setups_with_new_sites(const Visit& visit, const std::vector<std::size_t>& order);
// How lines are dated (coding-rules.md 7a [ed. 2]).
struct LineDating {
    LineDateRule rule = LineDateRule::visit_date;
    Zone zone;
    std::chrono::year_month_day date_of_service{};
};

void derive_administration_lines(const Visit& visit, const InfusionTime& time, const CodingRules& rules,
                                 const LineDating& dating, std::vector<BillingLine>& lines,
                                 std::vector<Problem>& problems);

}  // namespace infusion::core
