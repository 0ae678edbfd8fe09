#pragma once
// Internal to storage/: the audit chain's head kept outside the database, in FILE-head next to the
// database file (owner-only, overwritten in place after every commit that appended audit rows).
//
// The chain alone cannot show that its last rows were cut off: the rows left still link. The head
// file remembers the last row's number and hash, so `db check` can tell a chain that ends early.
// A head file that no longer matches the database (rows cut, or the file removed) is never
// overwritten by later changes: the evidence stays until an administrator has looked
// (`infusiondoc db check --accept-head`).
#include "core/result.hpp"
#include "storage/records.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace infusion::storage::detail {

class Connection;

struct ChainHead {
    std::int64_t seq = 0;  // the last audit row's id (0: no rows yet)
    std::string hash;      // its hash (the genesis hash when there are no rows)
};

[[nodiscard]] std::filesystem::path chain_head_path(const std::filesystem::path& database);

// The head file's text; `extra` lines are appended (a backup's manifest adds the file's SHA-256).
[[nodiscard]] std::string chain_head_text(const ChainHead& head, const std::string& extra = {});
// nullopt when the file does not exist; an error when it exists but cannot be read or parsed.
[[nodiscard]] core::Result<std::optional<ChainHead>> read_chain_head(const std::filesystem::path& file);
// Written to FILE.tmp (0600 from creation), fsynced, renamed over FILE, directory fsynced.
[[nodiscard]] core::Status write_owner_only_file(const std::filesystem::path& file, const std::string& text);
// The head as written in place after a commit: its text padded to a fixed size with newlines.
inline constexpr std::size_t chain_head_record_size = 256;
[[nodiscard]] std::string chain_head_record(const ChainHead& head);
// The head file's contents parsed; FILE names it in errors.
[[nodiscard]] core::Result<std::optional<ChainHead>> parse_chain_head(std::string_view text,
                                                                      const std::filesystem::path& file);

// `db check`'s checkpoint, FILE-checked next to the database (owner-only): the last audit row a check
// that found nothing verified, with its hash, and the file's schema cookie (PRAGMA schema_version) then.
// `db check` without --full verifies the chain and the seals from there on; rows before it were verified
// then (--full verifies them again). A cookie that has moved since means the schema was changed (a
// migration, or a trigger dropped and made again to edit a signed row in between): the check then
// walks from the first row.
struct CheckCheckpoint {
    ChainHead head;
    std::optional<std::int64_t> schema_cookie;  // none in a checkpoint written before this was kept
    // Where the next default check goes on verifying the older record again (check_sweep.hpp).
    std::int64_t sweep_visit = 1;
    std::int64_t sweep_audit = 1;
};
[[nodiscard]] std::filesystem::path check_checkpoint_path(const std::filesystem::path& database);
// nullopt when missing or unreadable: the check then starts from the first row.
[[nodiscard]] std::optional<CheckCheckpoint> read_check_checkpoint(const std::filesystem::path& file);
[[nodiscard]] core::Status write_check_checkpoint(const std::filesystem::path& file, const CheckCheckpoint& point);

// The database's last audit row (or 0 and the genesis hash).
[[nodiscard]] ChainHead current_chain_head(Connection& db);

// Compares the head file with the database and adds findings: rows cut from the end, a file that
// does not belong to this chain, a missing file.
void verify_chain_head(Connection& db, const std::filesystem::path& head_file, CheckReport& report);
// What the export checks of it (cheap: one read of the file, one row by its key): the sentence for rows cut from
// the end or an end rewritten, or nothing. A missing or unreadable file is left to db check here: a database
// copied without its head file still exports.
[[nodiscard]] std::optional<std::string> chain_end_changed(Connection& db, const std::filesystem::path& head_file);

}  // namespace infusion::storage::detail
