#include "storage/postgres/pg_audit_log.hpp"

#include "storage/audit_chain_walk.hpp"
#include "storage/postgres/pg_seals.hpp"
#include "storage/postgres/pg_write.hpp"

#include <algorithm>

namespace infusion::storage::pg {
AuditEntry read_entry(const PgResult& r, int row) {
    AuditEntry e;
    e.id = r.int64(row, 0);
    e.at = r.text(row, 1);
    e.actor = r.text(row, 2);
    e.action = r.text(row, 3);
    e.visit_id = r.opt_int64(row, 4);
    e.detail = r.text(row, 5);
    e.hash = r.text(row, 6);
    e.subject = r.text(row, 7);
    e.seal = r.text(row, 8);
    return e;
}

std::int64_t append_audit(PgConnection& conn, const std::string& action, std::optional<VisitId> visit,
                          const std::string& detail, const Actor& actor, const std::string& subject,
                          const std::string& seal) {
    conn.exec(chain_lock_sql);
    // READ COMMITTED: this statement's snapshot is taken after the lock was granted, so it sees the row
    // of the transaction that held the lock before.
    const auto last = conn.exec("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
    AuditEntry e;
    std::string previous = detail::genesis_hash;
    if (last.rows() > 0) {
        e.id = last.int64(0, 0);
        previous = last.text(0, 1);
    }
    e.id += 1;
    e.at = actor.at;
    e.actor = actor.user;
    e.action = action;
    e.visit_id = visit;
    e.detail = detail;
    e.subject = subject;
    e.seal = seal;
    e.hash = detail::chain_hash(previous, e);
    conn.exec(
        "INSERT INTO audit(id, at, actor, action, visit_id, detail, prev_hash, hash, subject, seal) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {param(e.id), e.at, e.actor, e.action, param(visit), e.detail, previous, e.hash, e.subject, e.seal});
    return e.id;
}

void verify_chain(PgConnection& conn, CheckReport& report) {
    // One snapshot for the whole walk, so rows appended meanwhile by other workstations are not half-seen.
    PgSnapshot snapshot(conn);
    verify_chain_in_transaction(conn, report);
}

void verify_chain_in_transaction(PgConnection& conn, CheckReport& report) {
    detail::ChainWalker walker(report);
    std::int64_t after = 0;
    constexpr int page = 5000;
    for (;;) {
        const auto rows = conn.exec(
            std::string(entry_columns) + " WHERE id > $1 ORDER BY id LIMIT " + std::to_string(page), {param(after)});
        for (int i = 0; i < rows.rows(); ++i) {
            walker.row(read_entry(rows, i), rows.text(i, 9));
            after = rows.int64(i, 0);
        }
        if (rows.rows() < page) break;
    }
}

core::Status PgAuditLog::record(const std::string& action, std::optional<VisitId> visit, const std::string& detail,
                                const Actor& actor) {
    if (auto refused = m_ctx.refuse_if_read_only("the audit row was not written")) return *refused;
    try {
        PgWriteTransaction tx(m_ctx.conn);
        append_audit(m_ctx.conn, action, visit, detail, actor);
        tx.commit();
        return core::Done{};
    } catch (const std::exception& e) {
        return pg_error("cannot write the audit log", e, m_ctx.where);
    }
}

core::Result<std::vector<AuditEntry>> PgAuditLog::entries(const AuditFilter& filter) {
    try {
        std::string sql = std::string(entry_columns) + " WHERE id > $1";
        std::vector<Param> params{param(filter.after_id)};
        const auto add = [&](const char* condition, Param value) {
            params.push_back(std::move(value));
            sql += std::string(" AND ") + condition + " $" + std::to_string(params.size());
        };
        if (filter.from_at) add("at >=", *filter.from_at);
        if (filter.to_at) add("at <=", *filter.to_at);
        if (filter.visit_id) add("visit_id =", param(*filter.visit_id));
        if (filter.actor) add("actor =", *filter.actor);
        if (filter.action) add("action =", *filter.action);
        params.push_back(std::to_string(std::max(1, filter.limit)));
        sql += " ORDER BY id LIMIT $" + std::to_string(params.size());
        const auto rows = m_ctx.conn.exec(sql, params);
        std::vector<AuditEntry> out;
        out.reserve(static_cast<std::size_t>(rows.rows()));
        for (int i = 0; i < rows.rows(); ++i) out.push_back(read_entry(rows, i));
        return out;
    } catch (const std::exception& e) {
        return pg_error("cannot read the audit log", e, m_ctx.where);
    }
}

core::Result<CheckReport> PgAuditLog::verify() {
    try {
        CheckReport report;
        verify_chain(m_ctx.conn, report);
        check_content_seals(m_ctx.conn, report);
        report.visits = m_ctx.conn.exec("SELECT count(*) FROM visits").int64(0, 0);
        return report;
    } catch (const std::exception& e) {
        return pg_error("cannot verify the audit log", e, m_ctx.where);
    }
}

}  // namespace infusion::storage::pg
