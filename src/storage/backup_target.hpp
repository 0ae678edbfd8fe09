#pragma once
// Where `db backup PATH` may write: never over anything that is not its own. The file goes to
// PATH.partial, is renamed to PATH, and its manifest is PATH-head; a stopped backup's PATH.partial is
// removed by the next one, but an unrelated file or another database of that name is not (a database
// named live.partial was unlinked by `db backup live`, found from outside).
#include "core/result.hpp"

#include <filesystem>
#include <optional>

namespace infusion::storage::detail {

// PATH.partial, where the backup is written before it is renamed to PATH.
[[nodiscard]] std::filesystem::path backup_partial_path(const std::filesystem::path& target);

// Why a backup cannot be written to `target` from the database file `open_file`, or nothing: PATH or
// PATH-head already there (a link to a missing file too), or a PATH.partial that is not one a stopped
// backup left (an empty file or the start of an SQLite copy, with no -wal, -shm or -head beside it, and
// not the open database).
[[nodiscard]] std::optional<core::Error> backup_target_problem(const std::filesystem::path& target,
                                                               const std::filesystem::path& open_file);

}  // namespace infusion::storage::detail
