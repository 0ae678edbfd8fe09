#pragma once
// Use case: visit files into the database. Each file is all-or-nothing (one transaction); an invalid
// file is reported with file and line and the others are still imported.
#include "app/visit_service.hpp"

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
};

// Imports each file; `sign` signs those whose problems do not block signing and, when `signer` is
// given, whose clinician is the signer (nobody signs for someone else). `done` is called after
// each file's transaction has committed (so a report of it is never ahead of the database).
[[nodiscard]] std::vector<ImportedFile> import_files(const std::vector<std::filesystem::path>& files, bool sign,
                                                     const settings::Config& config, storage::VisitStore& store,
                                                     const storage::Actor& actor,
                                                     const std::function<void(const ImportedFile&)>& done,
                                                     const std::string& signer = {});

}  // namespace infusion::app
