#pragma once
// A visit's patient against the patient on record under the same id. A name typed under a mistyped id
// renamed another patient on every list, the review queue and a payer's cover page, with no audit row
// (found from outside). A new visit naming a known id otherwise is refused unless the change of name is
// confirmed; a confirmed one is named in the visit's "create" audit row (storage::PatientNaming).
#include "core/result.hpp"
#include "core/visit.hpp"
#include "storage/visit_store.hpp"

#include <optional>
#include <string>

namespace infusion::app {

// The name on record for `patient.id` when `patient.name` is another (blanks at either end aside); empty
// when the id is new, the record has no name, or the names agree.
[[nodiscard]] core::Result<std::optional<std::string>> other_name_on_record(storage::VisitStore& store,
                                                                            const core::Patient& patient);

// "MRN-1 is Rivera, Tomas on record, not Smith, John: check the patient id. <how>; nothing was saved".
[[nodiscard]] std::string rename_refused(const core::Patient& patient, const std::string& on_record,
                                         const std::string& how_to_rename);

}  // namespace infusion::app
