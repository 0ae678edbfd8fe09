#pragma once
// Internal to storage/: the hash-chained audit log on PostgreSQL. Several workstations append at once,
// so each append takes the chain's transaction-level advisory lock before it reads the last row: the
// appends of concurrent transactions queue in one order, each links to the row committed before it,
// and the lock is released by COMMIT or ROLLBACK, never held past the transaction. The UNIQUE
// prev_hash column is the server's own guarantee that the chain cannot fork.
#include "storage/postgres/pg_store_context.hpp"
#include "storage/visit_store.hpp"

namespace infusion::storage::pg {

// Appends one row inside the caller's open transaction; returns its id. `subject` and `seal` name a row
// the event sealed (empty for others), covered by the chain hash like every other field.
// An audit row as read: `entry_columns` (prev_hash the tenth), read_entry (the first nine) for row `row`.
inline constexpr const char* entry_columns =
    "SELECT id, at, actor, action, visit_id, detail, hash, subject, seal, prev_hash FROM audit";
[[nodiscard]] AuditEntry read_entry(const PgResult& r, int row);

std::int64_t append_audit(PgConnection& conn, const std::string& action, std::optional<VisitId> visit,
                          const std::string& detail, const Actor& actor, const std::string& subject = {},
                          const std::string& seal = {});

// Walks the chain from the first row (in pages, inside one snapshot) and adds a finding per broken link.
void verify_chain(PgConnection& conn, CheckReport& report);
// The same walk inside the caller's open transaction (which then is the snapshot): a copy verified
// before its COMMIT (pg_migrate_from_sqlite.cpp).
void verify_chain_in_transaction(PgConnection& conn, CheckReport& report);

class PgAuditLog final : public AuditLog {
public:
    explicit PgAuditLog(PgStoreContext context) : m_ctx(std::move(context)) {}

    core::Status record(const std::string& action, std::optional<VisitId> visit, const std::string& detail,
                        const Actor& actor) override;
    core::Result<std::vector<AuditEntry>> entries(const AuditFilter& filter) override;
    // The chain and the content seals (pg_seals.hpp), as on SQLite.
    core::Result<CheckReport> verify() override;

private:
    PgStoreContext m_ctx;
};

}  // namespace infusion::storage::pg
