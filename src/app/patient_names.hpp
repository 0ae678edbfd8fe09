#pragma once
// A visit's patient against the patient on record under the same id. A name typed under a mistyped id
// renamed another patient on every list, the review queue and a payer's cover page, with no audit row
// (found from outside). A new visit naming a known id otherwise is refused unless the change of name is
// confirmed; a confirmed one is named in the visit's "create" audit row (storage::PatientNaming). An
// imported file is held to the birth date on record too, and takes the record's allergies and birth
// date where it names none.
#include "core/result.hpp"
#include "core/visit.hpp"
#include "storage/visit_store.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infusion::app {

// The patient on record under `patient.id` (blanks at either end aside), if any.
[[nodiscard]] core::Result<std::optional<storage::PatientSummary>> patient_on_record(storage::VisitStore& store,
                                                                                     const core::Patient& patient);

// A name's words, folded (accents, case), punctuation and spacing dropped, sorted: "Singh, Ravi", "Ravi  Singh",
// "SINGH-RAVI." and "Singh,Ravi" are one key. Empty for a name without a letter or digit.
[[nodiscard]] std::string name_key(std::string_view name);
// The word of `name` a search for its namesakes starts from: its longest (most often the family name).
[[nodiscard]] std::string longest_word(std::string_view name);
// Of `found` (a search by longest_word), the patients under another id than `id` whose name has the same key as
// `name`, the most recently seen first. A new id typed with an existing patient's name is most often a mistyped id: it
// made a second patient, without the allergies and site history on record (found from outside).
[[nodiscard]] std::vector<storage::PatientSummary> namesakes(std::vector<storage::PatientSummary> found,
                                                             std::string_view id, std::string_view name);
// The same searched in `store` (an import): at most a few.
[[nodiscard]] core::Result<std::vector<storage::PatientSummary>> namesakes_on_record(storage::VisitStore& store,
                                                                                     const core::Patient& patient);
// "'Okonkwo, Chidi' is also on record under MRN-224162 (born 1970-02-01): imported as a new patient MRN-888001;
// check the id" (`renamed`: "... the patient MRN-888002 was renamed to it all the same; check the id").
[[nodiscard]] std::string namesakes_note(const core::Patient& patient,
                                         const std::vector<storage::PatientSummary>& namesakes, bool renamed = false);
// How many patients a search for namesakes reads: a common family name has many.
inline constexpr int namesake_search_limit = 200;

// The name on record when `patient.name` is another (blanks at either end aside); empty when the id is
// new, the record has no name, or the names agree.
[[nodiscard]] std::optional<std::string> other_name(const std::optional<storage::PatientSummary>& on_record,
                                                    const core::Patient& patient);
[[nodiscard]] core::Result<std::optional<std::string>> other_name_on_record(storage::VisitStore& store,
                                                                            const core::Patient& patient);

// "MRN-1 is Rivera, Tomas on record, not Smith, John: check the patient id. <how>; nothing was saved".
[[nodiscard]] std::string rename_refused(const core::Patient& patient, const std::string& on_record,
                                         const std::string& how_to_rename);

// For an imported file: why its patient does not fit the record (another name, another birth date), or
// nothing; and the file's patient with the record's allergies and birth date where it names none (a file
// without allergies signed "Allergies: none documented" for a patient allergic to penicillin).
[[nodiscard]] std::optional<std::string> imported_patient_refused(
    const std::optional<storage::PatientSummary>& on_record, const core::Patient& patient);
void complete_from_record(const std::optional<storage::PatientSummary>& on_record, core::Patient& patient);

// A draft's patient as the record has it now: the name and birth date on record replace the draft's (a
// draft begun before a confirmed rename showed, and would have sealed, the old name; found from outside).
// The visit screen has no field for either. True when anything changed.
[[nodiscard]] bool follow_record(const std::optional<storage::PatientSummary>& on_record, core::Patient& patient);

}  // namespace infusion::app
