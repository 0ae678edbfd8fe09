#pragma once
// Use case: visit files into the database. Each file is all-or-nothing (one transaction); an invalid
// file is reported with file and line and the others are still imported.
#include "app/clinic.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

namespace infusion::app {

struct ImportedFile {
    std::string file;
    std::optional<core::Error> error;    // not imported
    std::optional<storage::VisitId> id;  // imported as this visit
    bool signed_visit = false;
    bool billable = false;
    std::vector<core::Problem> sign_blockers;  // why --sign left it a draft
    // What the coding asks a coder to check (warnings, the needle checklist's aside), as the worklist
    // shows them: a JW line of 500 units from "50" discarded after 8 g given was imported unremarked.
    std::vector<core::Problem> checks;
    // The errors that hold the claim of a visit signed with billing held (a diagnosis missing, a JW line an
    // MUE capped to nothing): said beside "(billing held)", which said why nowhere (found from outside).
    std::vector<core::Problem> held_by;
    // Said when the file's patient id is the id on record in other letters' case ("mrn-999001" for
    // MRN-999001): the visit is the record's patient's, under the id on record. Or when a new id's name is on
    // record under another id (namesakes_note): imported as a new patient all the same.
    std::optional<std::string> patient_note;
    // The name is another patient's too (a new id, or a rename): imported, and the import exits 1, "something needs
    // a person", so a script that reads only the exit status sees it.
    bool namesake = false;
};

// Imports each file as `who`, who needs the nurse role. With `sign`, signs those whose problems do not
// block signing and whose clinician is `who` (nobody signs for someone else: the others stay drafts,
// and each such refusal is audited once). `done` is called after each file's transaction has
// committed (so a report of it is never ahead of the database).
[[nodiscard]] core::Result<std::vector<ImportedFile>> import_files(
    const Acting& who, Clinic& clinic, const std::vector<std::filesystem::path>& files, bool sign,
    const std::function<void(const ImportedFile&)>& done,
    storage::PatientNaming naming = storage::PatientNaming::keep_record);

}  // namespace infusion::app
