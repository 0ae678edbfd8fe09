#include "storage/postgres/pg_unavailable_stores.hpp"

#include "storage/postgres/pg_audit_log.hpp"
#include "storage/postgres/pg_session.hpp"
#include "storage/postgres/pg_write.hpp"
#include "storage/review_flag_rows.hpp"

namespace infusion::storage::pg {

core::Error not_yet(const std::string& what, const std::string& where) {
    return core::Error{what + " are not stored on PostgreSQL yet (" + where +
                           "); use a SQLite file (--db) until they are (docs/storage.md)",
                       {},
                       {},
                       core::ErrorKind::invalid};
}

core::Result<int> UnavailableReviewStore::resolve_corrections(VisitId id, int revision, const Actor& actor) {
    const std::string what = "cannot resolve the correction requests of visit " + std::to_string(id);
    if (auto refused = m_ctx.refuse_if_read_only(what)) return *refused;
    try {
        PgWriteTransaction tx(m_ctx.conn);
        const auto head = m_ctx.conn.exec("SELECT status, current_revision FROM visits WHERE id = $1", {param(id)});
        if (head.rows() == 0)
            return core::Error{what + ": there is no such visit", m_ctx.where, {}, core::ErrorKind::not_found};
        if (head.text(0, 0) == "draft" || revision > head.int64(0, 1)) {
            return core::Error{
                what + ": it has no signed revision " + std::to_string(revision), "", {}, core::ErrorKind::conflict};
        }
        const auto resolved = m_ctx.conn
                                  .exec(
                                      "UPDATE correction_requests SET resolved_revision = $1, resolved_at = $2 "
                                      "WHERE visit_id = $3 AND resolved_revision IS NULL AND revision < $1",
                                      {param(std::int64_t{revision}), actor.at, param(id)})
                                  .affected();
        if (resolved > 0) {
            PgSession session(m_ctx.conn);
            detail::rebuild_review_row(session, id);
            append_audit(
                m_ctx.conn, "correction-resolved", id,
                std::to_string(resolved) + " correction request(s) answered by revision " + std::to_string(revision),
                actor);
        }
        tx.commit();
        return static_cast<int>(resolved);
    } catch (const std::exception& e) {
        return pg_error(what, e, m_ctx.where);
    }
}

}  // namespace infusion::storage::pg
