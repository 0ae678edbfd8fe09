#include "app/patient_names.hpp"

#include "core/catalog.hpp"
#include "core/codes.hpp"
#include "core/search_fold.hpp"
#include "core/wall_time.hpp"

#include <algorithm>

namespace infusion::app {

core::Result<std::optional<storage::PatientSummary>> patient_on_record(storage::VisitStore& store,
                                                                       const core::Patient& patient) {
    const std::string_view id = core::trim_blanks(patient.id);
    if (id.empty()) return std::optional<storage::PatientSummary>{};
    // The id written exactly, else the one patient whose id it is in other letters' case ("mrn-999001" for
    // MRN-999001): an import made a second patient of her, without her allergies, birth date or site history
    // (found from outside). Two ids that differ only in case are both searched for: the exact one wins, and
    // with none of them exact the id names no one patient.
    auto found = store.find_patients(std::string(id), 20);
    if (!found) return found.error();
    const storage::PatientSummary* other_case = nullptr;
    int other_cases = 0;
    for (const auto& p : found.value()) {
        if (p.patient_id == id) return std::optional<storage::PatientSummary>{p};
        if (core::iequals(p.patient_id, id)) {
            other_case = &p;
            ++other_cases;
        }
    }
    if (other_cases == 1) return std::optional<storage::PatientSummary>{*other_case};
    return std::optional<storage::PatientSummary>{};
}

namespace {
std::vector<std::string> folded_words(std::string_view name) {
    const std::string folded = core::search_fold(name);
    std::vector<std::string> words;
    std::string word;
    for (const char c : folded) {
        // Letters and digits, and the bytes of a letter outside ASCII (another script, as typed).
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (static_cast<unsigned char>(c) & 0x80U) != 0) {
            word += c;
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}
}  // namespace

std::string name_key(std::string_view name) {
    auto words = folded_words(name);
    std::sort(words.begin(), words.end());
    std::string key;
    for (const auto& w : words) key += (key.empty() ? "" : " ") + w;
    return key;
}

std::string longest_word(std::string_view name) {
    std::string longest;
    for (auto& w : folded_words(name)) {
        if (w.size() > longest.size()) longest = std::move(w);
    }
    return longest;
}

std::vector<storage::PatientSummary> namesakes(std::vector<storage::PatientSummary> found, std::string_view id,
                                               std::string_view name) {
    const std::string key = name_key(name);
    const std::string_view own = core::trim_blanks(id);
    std::vector<storage::PatientSummary> out;
    if (key.empty()) return out;
    for (auto& p : found) {
        if (core::iequals(p.patient_id, own) || name_key(p.name) != key) continue;
        out.push_back(std::move(p));
    }
    // The patient seen most recently first: the search's order put two ids made by mistake before the patient with
    // years of history (found from outside).
    std::stable_sort(out.begin(), out.end(), [](const storage::PatientSummary& a, const storage::PatientSummary& b) {
        return a.last_visit.value_or(std::chrono::year_month_day{}) >
               b.last_visit.value_or(std::chrono::year_month_day{});
    });
    return out;
}

core::Result<std::vector<storage::PatientSummary>> namesakes_on_record(storage::VisitStore& store,
                                                                       const core::Patient& patient) {
    const std::string word = longest_word(patient.name);
    if (word.size() < 2) return std::vector<storage::PatientSummary>{};
    auto found = store.find_patients(word, namesake_search_limit);
    if (!found) return found.error();
    return namesakes(std::move(found.value()), patient.id, patient.name);
}

std::string namesakes_note(const core::Patient& patient, const std::vector<storage::PatientSummary>& namesakes,
                           bool renamed) {
    std::string ids;
    for (std::size_t i = 0; i < namesakes.size() && i < 3; ++i) {
        const auto& p = namesakes[i];
        ids += (i == 0 ? "" : ", ") + p.patient_id +
               (p.birth_date ? " (born " + core::format_date(*p.birth_date) + ")" : std::string());
    }
    if (namesakes.size() > 3) ids += " and " + std::to_string(namesakes.size() - 3) + " more";
    return "'" + patient.name + "' is also on record under " + ids +
           (renamed ? ": the patient " + std::string(core::trim_blanks(patient.id)) + " was renamed to it all the same"
                    : ": imported as a new patient " + std::string(core::trim_blanks(patient.id))) +
           "; check the id";
}

std::optional<std::string> other_name(const std::optional<storage::PatientSummary>& on_record,
                                      const core::Patient& patient) {
    if (!on_record) return std::nullopt;
    const std::string_view recorded = core::trim_blanks(on_record->name);
    const std::string_view typed = core::trim_blanks(patient.name);
    if (recorded.empty() || typed.empty() || typed == recorded) return std::nullopt;
    return on_record->name;
}

core::Result<std::optional<std::string>> other_name_on_record(storage::VisitStore& store,
                                                              const core::Patient& patient) {
    auto on_record = patient_on_record(store, patient);
    if (!on_record) return on_record.error();
    return other_name(on_record.value(), patient);
}

std::string rename_refused(const core::Patient& patient, const std::string& on_record,
                           const std::string& how_to_rename) {
    return std::string(core::trim_blanks(patient.id)) + " is " + on_record + " on record, not " +
           std::string(core::trim_blanks(patient.name)) + ": check the patient id. " + how_to_rename +
           "; nothing was saved";
}

std::optional<std::string> imported_patient_refused(const std::optional<storage::PatientSummary>& on_record,
                                                    const core::Patient& patient) {
    constexpr const char* how = "A change of the patient's name or birth date is imported with --rename-patients";
    if (auto name = other_name(on_record, patient)) return "patient.name: " + rename_refused(patient, *name, how);
    if (on_record && on_record->birth_date && patient.birth_date && *on_record->birth_date != *patient.birth_date) {
        return "patient.birth_date: " + std::string(core::trim_blanks(patient.id)) + " was born " +
               core::format_date(*on_record->birth_date) + " on record, not " + core::format_date(*patient.birth_date) +
               ": check the patient id. " + how + "; nothing was saved";
    }
    return std::nullopt;
}

void complete_from_record(const std::optional<storage::PatientSummary>& on_record, core::Patient& patient) {
    if (!on_record) return;
    if (core::is_blank(patient.allergies)) patient.allergies = on_record->allergies;
    if (!patient.birth_date) patient.birth_date = on_record->birth_date;
}

bool follow_record(const std::optional<storage::PatientSummary>& on_record, core::Patient& patient) {
    if (!on_record) return false;
    bool changed = false;
    if (!core::trim_blanks(on_record->name).empty() && other_name(on_record, patient)) {
        patient.name = on_record->name;
        changed = true;
    }
    if (on_record->birth_date && patient.birth_date != on_record->birth_date) {
        patient.birth_date = on_record->birth_date;
        changed = true;
    }
    return changed;
}

}  // namespace infusion::app
