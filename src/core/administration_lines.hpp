#pragma once
// Administration lines from infusion time and set-ups: 96372, 96369, +96370, +96371
// (coding-rules.md 2 and 3).
#include "core/billing_line.hpp"
#include "core/coding_rules.hpp"
#include "core/problem.hpp"
#include "core/visit.hpp"

#include <vector>

namespace infusion::core {

// Units of +96370 for T minutes: 0 up to first hour + 30, then one per started hour that runs more
// than 30 minutes past the last full hour: ceil((T - 90) / 60) with the default bands.
[[nodiscard]] int additional_hour_units(int minutes, const CodingRules& rules);

// Indices of additional set-ups (the 2nd onward) that establish at least one new usable site:
// a location not used by a usable needle of an earlier set-up of the visit.
[[nodiscard]] std::vector<std::size_t> setups_with_new_sites(const Visit& visit);

void derive_administration_lines(const Visit& visit, int minutes, const CodingRules& rules,
                                 std::vector<BillingLine>& lines, std::vector<Problem>& problems);

}  // namespace infusion::core
