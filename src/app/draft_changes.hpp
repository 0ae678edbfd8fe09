#pragma once
// What a save changed in a draft, named in its audit row: "draft saved" alone did not say that a colleague
// had changed the dose the clinician then signed (found from outside). Parts, not values: the audit log
// names what was touched; the revision itself holds what it says.
#include "core/visit.hpp"

#include <string>
#include <vector>

namespace infusion::app {

// The parts of `after` that differ from `before`, in the visit file's words and numbered from 1 as the
// screen numbers them: "patient, substance 1, pump set-up 2, notes". Empty when nothing changed.
[[nodiscard]] std::string changed_parts(const core::Visit& before, const core::Visit& after);

// What an amendment changes that goes on every exported line of the visit (billing-formats.md section 2: "a charge
// that changes after it was sent is reversed"): "the patient", "the clinician", "the setting", "the time zone",
// "the diagnoses", "the infusion's start or end", joined with ", ". Empty when none of them changed. Said before an
// amendment is signed: a diagnosis added reversed and re-sent every line while the dialog said "nothing is sent
// again" (found from outside). On the safe side: a change the export would not see (a diagnosis written "D801"
// for "D80.1") is named too.
[[nodiscard]] std::string line_wide_changes(const core::Visit& before, const core::Visit& after);

// The parts a save's audit row names ("draft saved; changed: dose, notes; clinician a -> b" gives "dose",
// "notes", "clinician"), as storage writes that row.
[[nodiscard]] std::vector<std::string> parts_named(const std::string& audit_detail);

// Added to `into` those of `parts` it does not hold yet, in order.
void add_parts(std::vector<std::string>& into, const std::vector<std::string>& parts);

}  // namespace infusion::app
