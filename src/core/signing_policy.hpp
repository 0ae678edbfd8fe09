#pragma once
// Which problems stop a nurse from signing, and which only hold billing (docs/storage.md).
//
// Signing says "this is what I did at the chair". It needs the clinical record to be complete and
// unambiguous: times, what was given, where, by whom, for whom. Problems that only concern the claim
// (diagnosis codes, NDC form, billing units, the clinic's hydration policy) do not stop a signature:
// the visit is signed and its billing held until a coder fixes it with an amendment.
#include "core/coding_rules.hpp"
#include "core/problem.hpp"
#include "core/visit.hpp"

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

namespace infusion::core {

[[nodiscard]] bool blocks_signing(const Problem& problem);
[[nodiscard]] bool any_blocks_signing(const std::vector<Problem>& problems);

// [ed. 2] A documented time later than `now` by more than `skew` has not happened yet: a stop in the
// future is not yet true (coding-rules.md 7a). True for a reading in the future; false when it is not,
// or when it cannot be placed (an ambiguous or non-existent reading is reported by derive()).
[[nodiscard]] bool is_in_future(const WallTime& time, Zone zone, Instant now, std::chrono::seconds skew);

// Problems `time.in-future` (errors that block signing) for every infusion time of the visit (set-up,
// start, stop, pause ends) later than `now` beyond the rules' clock-skew tolerance. The window checks
// its time fields with it; every signature (VisitService::sign, amend, `import --sign`) applies it.
[[nodiscard]] std::vector<Problem> future_time_problems(const Visit& visit, std::string_view zone_name, Instant now,
                                                        const CodingRules& rules);

// Problems `note.empty` (errors that block signing), one for each note with no text (blanks only): it
// says nothing, and a site-condition note flags the visit for review at top priority. Every signature
// applies it (the window, VisitService::sign and amend, `import --sign`).
[[nodiscard]] std::vector<Problem> empty_note_problems(const Visit& visit);

// When the earliest of those times stops being in the future (the first whole second at which
// future_time_problems no longer reports it), so a screen holding "Sign" back looks again then without
// waiting for input. Empty when no time is later than `now`.
[[nodiscard]] std::optional<Instant> next_future_time_passes(const Visit& visit, std::string_view zone_name,
                                                             Instant now, const CodingRules& rules);

}  // namespace infusion::core
