#include "storage/postgres/pg_database_facts.hpp"

#include "storage/postgres/pg_audit_log.hpp"
#include "storage/postgres/pg_seals.hpp"
#include "storage/postgres/pg_write.hpp"
#include "storage/seal.hpp"

namespace infusion::storage::pg {
namespace {

std::optional<std::string> read_fact(PgConnection& conn, const std::string& name) {
    const auto r = conn.exec("SELECT value FROM database_facts WHERE name = $1", {name});
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
}

}  // namespace

core::Result<std::optional<std::string>> PgDatabaseFacts::get(const std::string& name) {
    try {
        // A fact counts only when InfusionDoc recorded it (its sealed audit row): one inserted with psql is
        // ignored, and db check reports it.
        const auto r = m_ctx.conn.exec("SELECT value, recorded_at FROM database_facts WHERE name = $1", {name});
        if (r.rows() == 0 || !fact_recorded(m_ctx.conn, name, r.text(0, 0), r.text(0, 1))) {
            return std::optional<std::string>{};
        }
        return std::optional<std::string>{r.text(0, 0)};
    } catch (const std::exception& e) {
        return pg_error("cannot read what the database was made for", e, m_ctx.where);
    }
}

core::Result<bool> PgDatabaseFacts::ever_recorded(const std::string& name) {
    try {
        return latest_seal(m_ctx.conn, detail::fact_subject(name)).has_value();
    } catch (const std::exception& e) {
        return pg_error("cannot read the audit log's record of " + name, e, m_ctx.where);
    }
}

core::Status PgDatabaseFacts::record(const std::string& name, const std::string& value, bool only_on_new_database,
                                     const Actor& actor) {
    const std::string what = "cannot record " + name + " = " + value;
    if (auto refused = m_ctx.refuse_if_read_only(what)) return *refused;
    try {
        // Under the write lock: "no user and no visit yet" cannot change between the check and the insert.
        PgWriteTransaction tx(m_ctx.conn);
        if (const auto known = read_fact(m_ctx.conn, name)) {
            if (*known == value) return core::Done{};
            return core::Error::of(core::ErrorKind::conflict,
                                   what + ": the database already records " + name + " = " + *known);
        }
        if (only_on_new_database &&
            m_ctx.conn.exec("SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM visits)").flag(0, 0)) {
            return core::Error::of(core::ErrorKind::refused,
                                   what + ": only a new database (no user, no visit yet) can be made one");
        }
        m_ctx.conn.exec("INSERT INTO database_facts(name, value, recorded_at) VALUES ($1, $2, $3)",
                        {name, value, actor.at});
        append_audit(m_ctx.conn, "database-fact", std::nullopt, detail::fact_audit_detail(name, value), actor,
                     detail::fact_subject(name), detail::fact_seal(name, value, actor.at));
        tx.commit();
        return core::Done{};
    } catch (const std::exception& e) {
        return pg_error(what, e, m_ctx.where);
    }
}

}  // namespace infusion::storage::pg
