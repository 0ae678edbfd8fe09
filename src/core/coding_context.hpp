#pragma once
// Everything the engine reads besides the visit: rules, catalogs and clinic defaults.
#include "core/catalog.hpp"
#include "core/coding_rules.hpp"

#include <chrono>
#include <optional>

namespace infusion::core {

struct CodingContext {
    const CodingRules& rules;
    const SubstanceCatalog& substances;
    const SiteCatalog& sites;
    const ClinicSettings& clinic;
    // The clinic's local "today", when the caller knows it: a date of service too far in the past or
    // after tomorrow is then an error (coding-rules.md 5 [ed. 2]). Empty keeps derive() a pure function
    // of the documentation (tests, replays).
    std::optional<std::chrono::year_month_day> today{};
};

// The visit's own zone and setting, or the clinic's defaults.
[[nodiscard]] std::string effective_time_zone(const Visit& visit, const ClinicSettings& clinic);
[[nodiscard]] Setting effective_setting(const Visit& visit, const ClinicSettings& clinic);

}  // namespace infusion::core
