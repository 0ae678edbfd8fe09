#include "storage/sqlite_database_facts.hpp"

#include "storage/audit_chain.hpp"
#include "storage/seal.hpp"

namespace infusion::storage::detail {
namespace {

std::optional<std::string> read_fact(Connection& db, const std::string& name) {
    auto s_use = db.prepare("SELECT value FROM database_facts WHERE name = ?");
    SQLite::Statement& s = *s_use;
    s.bind(1, name);
    if (!s.executeStep()) return std::nullopt;
    return s.getColumn(0).getString();
}

// A fact counts only when InfusionDoc recorded it (its audit row): one inserted with the sqlite3 shell
// (say, kind = demo on a clinic's database, to show demo passwords) is ignored, and db check reports it.
std::optional<std::string> recorded_fact(Connection& db, const std::string& name) {
    std::optional<std::pair<std::string, std::string>> row;
    {
        auto s = db.prepare("SELECT value, recorded_at FROM database_facts WHERE name = ?");
        SQLite::bind(*s, name);
        if ((*s).executeStep()) row.emplace((*s).getColumn(0).getString(), (*s).getColumn(1).getString());
    }
    if (!row || !fact_recorded(db, name, row->first, row->second)) return std::nullopt;
    return row->first;
}

}  // namespace

core::Result<std::optional<std::string>> SqliteDatabaseFacts::get(const std::string& name) {
    try {
        return recorded_fact(m_db, name);
    } catch (const std::exception& e) {
        return sqlite_error("cannot read what the database was made for", e, m_file);
    }
}

core::Result<bool> SqliteDatabaseFacts::ever_recorded(const std::string& name) {
    try {
        return latest_audit_for(m_db, fact_subject(name)).has_value();
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the audit log's record of " + name, e, m_file);
    }
}

core::Status SqliteDatabaseFacts::record(const std::string& name, const std::string& value, bool only_on_new_database,
                                         const Actor& actor) {
    const std::string what = "cannot record " + name + " = " + value;
    return write(what, actor, [&](WriteScope& w) -> core::Status {
        if (const auto known = read_fact(m_db, name)) {
            if (*known == value) {
                w.no_audit_row("the fact was recorded (and audited) before");
                return core::Done{};
            }
            return core::Error::of(core::ErrorKind::conflict,
                                   what + ": the database already records " + name + " = " + *known);
        }
        if (only_on_new_database) {
            auto s_use = m_db.prepare(
                "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM (SELECT 1 FROM visits LIMIT 1))");
            SQLite::Statement& s = *s_use;
            if (s.executeStep() && s.getColumn(0).getInt64() > 0) {
                return core::Error::of(core::ErrorKind::refused,
                                       what + ": only a new database (no user, no visit yet) can be made one");
            }
        }
        auto s_use = m_db.prepare("INSERT INTO database_facts(name, value, recorded_at) VALUES (?, ?, ?)");
        SQLite::bind(*s_use, name, value, actor.at);
        (*s_use).exec();
        w.sealed_audit("database-fact", std::nullopt, fact_audit_detail(name, value), fact_subject(name),
                       fact_seal(name, value, actor.at));
        return core::Done{};
    });
}

}  // namespace infusion::storage::detail
