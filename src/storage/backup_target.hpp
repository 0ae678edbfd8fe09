#pragma once
// Where `db backup PATH` may write: never over anything that is not its own. The file goes to
// PATH.partial, its manifest PATH-head is written, then the file is renamed to PATH (so PATH never stands
// without its manifest); a stopped backup's PATH.partial is
// removed by the next one, but an unrelated file or another database of that name is not (a database
// named live.partial was unlinked by `db backup live`, found from outside).
#include "core/result.hpp"

#include <filesystem>
#include <optional>

namespace infusion::storage::detail {

// PATH.partial, where the backup is written before it is renamed to PATH.
[[nodiscard]] std::filesystem::path backup_partial_path(const std::filesystem::path& target);

// Why a backup cannot be written to `target` from the database file `open_file`, or nothing: PATH already
// there (a link to a missing file too), PATH-head without a stopped backup of ours beside it, or a
// PATH.partial that is not one a stopped backup left (backup_target.cpp says how one is told).

[[nodiscard]] std::optional<core::Error> backup_target_problem(const std::filesystem::path& target,
                                                               const std::filesystem::path& open_file);

// Removes what a stopped backup to `target` left, once backup_target_problem found it ours: PATH.partial with
// its journal, WAL and shared-memory files, and a manifest written before it was stopped.
void remove_stopped_backup(const std::filesystem::path& target);

}  // namespace infusion::storage::detail
