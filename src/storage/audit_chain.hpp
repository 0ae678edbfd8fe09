#pragma once
// Internal to storage/: the audit log's SHA-256 chain (storage/sha256.hpp).
// Each row's hash covers the previous row's hash and every field of the row, so removing, inserting
// or editing a row breaks the chain from that row on.
#include "storage/audit_chain_walk.hpp"
#include "storage/records.hpp"
#include "storage/sqlite_support.hpp"

#include <string>

namespace infusion::storage::detail {

// genesis_hash, chain_hash, ChainPoint and the walk itself are shared with PostgreSQL (audit_chain_walk.hpp).

// Appends one audit row inside the caller's transaction; returns its id.
// The columns an audit row is read with, in this order (audit_entry_of reads them; prev_hash after them
// where a caller adds it).
inline constexpr const char* audit_entry_columns = "id, at, actor, action, visit_id, detail, hash, subject, seal";
[[nodiscard]] AuditEntry audit_entry_of(SQLite::Statement& row);

std::int64_t append_audit(Connection& db, const std::string& action, std::optional<VisitId> visit,
                          const std::string& detail, const Actor& actor);

// The same for an event that sealed a row: `subject` names the row, `seal` is its content seal; both
// are covered by the chain hash.
std::int64_t append_sealed_audit(Connection& db, const std::string& action, std::optional<VisitId> visit,
                                 const std::string& detail, const Actor& actor, const std::string& subject,
                                 const std::string& seal);

// Walks the whole chain (or the rows after `after_id`, whose row must still carry `after_hash`: a
// checkpoint of an earlier check); adds a finding per broken link.
// Returns the last row walked, with its hash: where the next check can start when nothing was found.
ChainPoint verify_chain(Connection& db, CheckReport& report, const ChainPoint& after = {});

// Only the checkpoint's part of that: its row must still carry the hash verified then. For a walk from
// the first row that a checkpoint would otherwise have started (db check after a schema change): a log
// rewritten whole, every hash recomputed, passes the walk but not this.
void confirm_checkpoint_row(Connection& db, CheckReport& report, const ChainPoint& checkpoint);

}  // namespace infusion::storage::detail
