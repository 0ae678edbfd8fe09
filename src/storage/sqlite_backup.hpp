#pragma once
// Internal to storage/: `db backup` of a SQLite database (SqliteDatabase::backup_to). A consistent copy by
// SQLite's online backup into PATH.partial, its manifest PATH-head, then the name PATH: a backup stopped at
// any moment leaves PATH with its manifest or no PATH (backup_target.hpp says what it never touches).
#include "core/result.hpp"

#include <SQLiteCpp/Database.h>

#include <filesystem>

namespace infusion::storage::detail {

// Copies `source` (the database file `source_file`, open) to `target`, with its manifest.
[[nodiscard]] core::Status write_backup(SQLite::Database& source, const std::filesystem::path& source_file,
                                        const std::filesystem::path& target);

// Creates an empty file readable by its owner only (false when it exists or cannot be made).
[[nodiscard]] bool create_owner_only(const std::filesystem::path& file);

}  // namespace infusion::storage::detail
