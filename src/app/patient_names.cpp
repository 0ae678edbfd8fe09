#include "app/patient_names.hpp"

#include "core/codes.hpp"

namespace infusion::app {

core::Result<std::optional<std::string>> other_name_on_record(storage::VisitStore& store,
                                                              const core::Patient& patient) {
    const std::string_view id = core::trim_blanks(patient.id);
    if (id.empty()) return std::optional<std::string>{};
    // The id typed whole is the first row of a search for it (storage's find_patients).
    auto found = store.find_patients(std::string(id), 1);
    if (!found) return found.error();
    if (found.value().empty() || found.value().front().patient_id != id) return std::optional<std::string>{};
    const std::string& on_record = found.value().front().name;
    const std::string_view typed = core::trim_blanks(patient.name);
    if (core::trim_blanks(on_record).empty() || typed.empty() || typed == core::trim_blanks(on_record)) {
        return std::optional<std::string>{};
    }
    return std::optional<std::string>{on_record};
}

std::string rename_refused(const core::Patient& patient, const std::string& on_record,
                           const std::string& how_to_rename) {
    return std::string(core::trim_blanks(patient.id)) + " is " + on_record + " on record, not " +
           std::string(core::trim_blanks(patient.name)) + ": check the patient id. " + how_to_rename +
           "; nothing was saved";
}

}  // namespace infusion::app
