#pragma once
// Internal to storage/postgres/: how the stores whose writes are shared with SQLite (visit_writes.cpp,
// review_writes.cpp) run one of them on the server. Each write is one change: refused on a read-only
// connection, one transaction under the chain's lock (pg_write.hpp), committed only when the shared
// write succeeded and appended its audit row to the server's chain, so a write that appended none is
// refused as the SQLite store refuses it; the server's failures become messages with their kind.
#include "storage/postgres/pg_audit_log.hpp"
#include "storage/postgres/pg_session.hpp"
#include "storage/postgres/pg_store_context.hpp"
#include "storage/postgres/pg_write.hpp"

#include <optional>
#include <string>
#include <type_traits>

namespace infusion::storage::pg {

// The session a shared write scope runs its statements on, made before the scope's base class that
// takes it (a base initialised first).
struct PgSessionHolder {
    PgSession session;
};

// The audit rows a write scope appends to the server's chain, counted.
class PgAuditedRows {
public:
    PgAuditedRows(PgConnection& conn, const Actor& actor) : m_conn(conn), m_actor(actor) {}
    void append(const std::string& action, std::optional<VisitId> visit, const std::string& detail,
                const std::string& subject, const std::string& seal) {
        append_audit(m_conn, action, visit, detail, m_actor, subject, seal);
        ++m_appended;
    }
    // A write that deliberately appends none (the shared code says which).
    void exempt() { m_exempt = true; }
    [[nodiscard]] bool audited() const { return m_appended > 0 || m_exempt; }

private:
    PgConnection& m_conn;
    const Actor& m_actor;
    int m_appended = 0;
    bool m_exempt = false;
};

// Runs `body(Scope&)` as one change (above). Scope is made from (connection, where, actor) and says
// audited().
template <typename Scope, typename Body>
auto audited_write(const PgStoreContext& ctx, const std::string& what, const Actor& actor, Body&& body)
    -> std::invoke_result_t<Body, Scope&> {
    if (auto refused = ctx.refuse_if_read_only(what)) return *refused;
    try {
        PgWriteTransaction tx(ctx.conn);
        Scope scope(ctx.conn, ctx.where, actor);
        auto result = body(scope);
        if (!result.ok()) return result;  // the transaction rolls back
        if (!scope.audited()) {
            return core::Error{
                what + ": the change wrote no audit row, so it was not saved (a program error; please report it)",
                ctx.where,
                {},
                core::ErrorKind::io};
        }
        tx.commit();
        return result;
    } catch (const std::exception& e) {
        return pg_error(what, e, ctx.where);
    }
}

}  // namespace infusion::storage::pg
