#pragma once
// Internal to storage/: `db check` on a SQLite file, for SqliteDatabase::examine and record_check.
#include "storage/database.hpp"
#include "storage/records.hpp"
#include "storage/sqlite_support.hpp"

#include <filesystem>

namespace infusion::storage::detail {

// Quick (from the checkpoint in FILE-checked, with the sweep of the older record) or full (every page, row and
// seal). Read-only: the checkpoint is kept by keep_check_checkpoint, after the caller has signed in.
[[nodiscard]] core::Result<CheckReport> examine_sqlite_file(SQLite::Database& db, Connection& connection,
                                                            const std::filesystem::path& file, bool read_only,
                                                            CheckDepth depth);
// Writes where a clean check ended as the next quick check's start; nothing after a finding.
void keep_check_checkpoint(const std::filesystem::path& file, const CheckReport& report);

}  // namespace infusion::storage::detail
