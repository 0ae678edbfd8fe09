#pragma once
// Internal to storage/: a write transaction on PostgreSQL. It takes the audit chain's advisory lock
// first, so the program's writes run one at a time across every workstation, as SQLite's IMMEDIATE
// transactions do on one file: whatever a write reads before it writes (a draft's revision, a user's
// failure count, "is anyone there yet?") cannot change under it, and its audit row is next in the chain.
// Reads need no lock: each statement sees what was committed before it started.
#include "storage/postgres/pg_connection.hpp"

namespace infusion::storage::pg {

// The audit chain's lock: pg_advisory_xact_lock with 'IDOC' (schema.hpp's application id) and 2. Held
// until COMMIT or ROLLBACK; taking it again in the same transaction is free.
inline constexpr const char* chain_lock_sql = "SELECT pg_advisory_xact_lock(1229213507, 2)";

// Live lists: every committed write tells the other workstations' windows (LISTEN on this channel,
// PostgresDatabase::change_counter) that their lists may be stale. The server delivers a NOTIFY only when
// its transaction commits, and only once however often it was sent in it.
inline constexpr const char* changes_channel = "infusiondoc_changes";

class PgWriteTransaction {
public:
    explicit PgWriteTransaction(PgConnection& conn) : m_conn(conn), m_tx(conn) { conn.exec(chain_lock_sql); }
    void commit() {
        m_conn.exec(std::string("NOTIFY ") + changes_channel);
        m_tx.commit();
    }

private:
    PgConnection& m_conn;
    PgTransaction m_tx;
};

}  // namespace infusion::storage::pg
