#pragma once
// Internal to storage/: SQLite's import lock (database.hpp, ImportLock) as an exclusive flock on a file
// of its own beside the database, so it holds across programs.
#include "core/result.hpp"
#include "storage/database.hpp"

#include <filesystem>
#include <memory>

namespace infusion::storage::detail {

// Opens (creating, owner-only) `lock_file` and waits for an exclusive flock on it.
[[nodiscard]] core::Result<std::unique_ptr<ImportLock>> lock_file_exclusively(const std::filesystem::path& lock_file);

}  // namespace infusion::storage::detail
