#pragma once
// What a signature checks beyond the documentation's own problems (coding-rules.md 5 and 7a [ed. 2]):
// no documented time may lie in the future of the signature, and the coding is derived against the
// clinic's "today" so an implausible date of service is an error. Used by every signing path
// (VisitService::sign and amend, `import --sign`).
#include "app/other_visits.hpp"
#include "core/derive.hpp"
#include "settings/config.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace infusion::app {

// The UTC instant of a clock reading ("2026-03-02T14:10:00Z"); empty when it is not one.
[[nodiscard]] std::optional<core::Instant> instant_of(const std::string& utc_iso);

// The clinic's local date at `now` (its configured zone).
[[nodiscard]] std::optional<std::chrono::year_month_day> clinic_today(const settings::Config& config,
                                                                      core::Instant now);

// derive() against the clinic's today at `now_iso` (plausibility of the date of service included), with
// the units the patient's other signed visits bill that date when `others` names a store.
[[nodiscard]] core::Coding code_at(const core::Visit& visit, const settings::Config& config, const std::string& now_iso,
                                   const OtherVisits& others = {});

// Every problem that stops a signature at `now_iso`: the coding's blocking problems, then each
// documented time later than now beyond the clock-skew setting, then each note with no text
// (core/signing_policy.hpp).
[[nodiscard]] std::vector<core::Problem> signature_blockers(const core::Visit& visit, const core::Coding& coding,
                                                            const settings::Config& config, const std::string& now_iso);

// Seconds from `now_iso` until one of those later times has come (then the blockers change with no
// input; core::next_future_time_passes); empty when none is later than now.
[[nodiscard]] std::optional<double> seconds_until_a_future_time_passes(const core::Visit& visit,
                                                                       const settings::Config& config,
                                                                       const std::string& now_iso);

}  // namespace infusion::app
