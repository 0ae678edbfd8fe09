#pragma once
// Everything the engine reads besides the visit: rules, catalogs and clinic defaults.
#include "core/catalog.hpp"
#include "core/coding_rules.hpp"

namespace infusion::core {

struct CodingContext {
    const CodingRules& rules;
    const SubstanceCatalog& substances;
    const SiteCatalog& sites;
    const ClinicSettings& clinic;
};

// The visit's own zone and setting, or the clinic's defaults.
[[nodiscard]] std::string effective_time_zone(const Visit& visit, const ClinicSettings& clinic);
[[nodiscard]] Setting effective_setting(const Visit& visit, const ClinicSettings& clinic);

}  // namespace infusion::core
