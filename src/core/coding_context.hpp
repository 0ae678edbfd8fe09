#pragma once
// Everything the engine reads besides the visit: rules, catalogs and clinic defaults.
#include "core/catalog.hpp"
#include "core/coding_rules.hpp"
#include "core/wall_time.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace infusion::core {

// Units a code is already billed for on a date of service by another signed visit of the same patient.
// An MUE per date of service (indicators 2 and 3, coding-rules.md 4) counts them before the visit's own
// lines: two visits on one day each billed 96369 against an absolute limit of 1 (found from outside).
struct BilledElsewhere {
    std::int64_t visit_id = 0;
    std::string code;
    // A professional and a facility claim each have their own limit; empty: the clinic's (clinic.setting).
    std::optional<Setting> setting;
    std::chrono::year_month_day date{};
    int units = 0;
    friend bool operator==(const BilledElsewhere&, const BilledElsewhere&) = default;
};

struct CodingContext {
    const CodingRules& rules;
    const SubstanceCatalog& substances;
    const SiteCatalog& sites;
    const ClinicSettings& clinic;
    // The clinic's local "today", when the caller knows it: a date of service too far in the past or
    // after tomorrow is then an error (coding-rules.md 5 [ed. 2]). Empty keeps derive() a pure function
    // of the documentation (tests, replays).
    std::optional<std::chrono::year_month_day> today{};
    // The clinic's zone (clinic.time_zone) looked up once when the context is made: a tzdata search
    // per visit was a measurable share of derive(). Unset (a context built by hand): looked up per visit.
    Zone clinic_zone{};
    // What the patient's other signed visits bill near this visit's date (app/ reads it from the store).
    // Empty keeps derive() a function of the one visit: a visit file coded on its own, the tests.
    std::span<const BilledElsewhere> billed_elsewhere{};
};

// The visit's own zone and setting, or the clinic's defaults.
[[nodiscard]] std::string effective_time_zone(const Visit& visit, const ClinicSettings& clinic);
[[nodiscard]] Setting effective_setting(const Visit& visit, const ClinicSettings& clinic);
// The visit's zone resolved: the context's own when the visit is in the clinic's zone.
[[nodiscard]] Zone effective_zone(const Visit& visit, const CodingContext& context);

}  // namespace infusion::core
