// Opening a PostgreSQL database (connect, migrate, settle the session) and its check.
// Sections: 1. opening  2. the schema check  3. PostgresDatabase
#include "storage/postgres/postgres_database.hpp"

#include "storage/postgres/pg_audit_log.hpp"
#include "storage/postgres/pg_billing_store.hpp"
#include "storage/postgres/pg_database_facts.hpp"
#include "storage/postgres/pg_review_store.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_seals.hpp"
#include "storage/postgres/pg_user_store.hpp"
#include "storage/postgres/pg_visit_store.hpp"
#include "storage/postgres/pg_write.hpp"

#include <algorithm>
#include <regex>
#include <set>

namespace infusion::storage {

struct PostgresDatabase::Impl {
    Impl(std::unique_ptr<pg::PgConnection> c, DatabaseLocation l, std::string w, bool ro, int v)
        : conn(std::move(c)),
          location(std::move(l)),
          where(std::move(w)),
          read_only(ro),
          version(v),
          audit(pg::PgStoreContext{*conn, where, ro}),
          users(pg::PgStoreContext{*conn, where, ro}),
          facts(pg::PgStoreContext{*conn, where, ro}),
          visits(pg::PgStoreContext{*conn, where, ro}),
          billing(pg::PgStoreContext{*conn, where, ro}),
          reviews(pg::PgStoreContext{*conn, where, ro}) {}

    std::unique_ptr<pg::PgConnection> conn;
    DatabaseLocation location;
    std::string where;
    bool read_only;
    int version;
    pg::PgAuditLog audit;
    pg::PgUserStore users;
    pg::PgDatabaseFacts facts;
    pg::PgVisitStore visits;
    pg::PgBillingStore billing;
    pg::PgReviewStore reviews;
    bool listening = false;
    std::uint64_t changes = 0;  // other sessions' committed writes seen since listening began
    std::uint64_t reconnections_seen = 0;
};

namespace {

// ---- 1. opening --------------------------------------------------------------------------------
core::Error open_error(const std::string& where, const std::string& reason) {
    return core::Error{"cannot open the PostgreSQL database (" + where + "): " + reason, {}, {}, core::ErrorKind::io};
}

// ---- 2. the schema check -----------------------------------------------------------------------
// What the migrations create, read from their own SQL, so the check cannot drift from them.
struct ExpectedObjects {
    std::set<std::string> tables, indexes, triggers;
    std::vector<std::pair<std::string, std::string>> functions;  // name, body between $$ ... $$
};

const ExpectedObjects& expected_objects() {
    static const ExpectedObjects objects = [] {
        ExpectedObjects o;
        std::string all;
        for (const auto& m : pg::migrations()) all += std::string(m.sql) + "\n";
        const auto collect = [&](const std::regex& re, std::set<std::string>& into) {
            for (auto it = std::sregex_iterator(all.begin(), all.end(), re); it != std::sregex_iterator(); ++it) {
                into.insert((*it)[1].str());
            }
        };
        collect(std::regex(R"(CREATE TABLE (\w+)\()"), o.tables);
        // In the migrations' order: an index a later version drops (16: visits_by_status) is not expected.
        const std::regex index(R"((CREATE (?:UNIQUE )?INDEX|DROP INDEX) (\w+))");
        for (auto it = std::sregex_iterator(all.begin(), all.end(), index); it != std::sregex_iterator(); ++it) {
            if ((*it)[1].str() == "DROP INDEX") {
                o.indexes.erase((*it)[2].str());
            } else {
                o.indexes.insert((*it)[2].str());
            }
        }
        collect(std::regex(R"(CREATE (?:CONSTRAINT )?TRIGGER (\w+) )"), o.triggers);
        // A later version's CREATE OR REPLACE (20: refuse_unaudited_seal) is the body expected.
        const std::regex function(R"(CREATE (?:OR REPLACE )?FUNCTION (\w+)\(\)[^$]*\$\$([^$]*)\$\$)");
        for (auto it = std::sregex_iterator(all.begin(), all.end(), function); it != std::sregex_iterator(); ++it) {
            const std::string name = (*it)[1].str();
            const auto known =
                std::find_if(o.functions.begin(), o.functions.end(), [&](const auto& f) { return f.first == name; });
            if (known != o.functions.end()) {
                known->second = (*it)[2].str();
            } else {
                o.functions.emplace_back(name, (*it)[2].str());
            }
        }
        return o;
    }();
    return objects;
}

std::set<std::string> names(pg::PgConnection& conn, const std::string& sql) {
    std::set<std::string> out;
    const auto r = conn.exec(sql);
    for (int i = 0; i < r.rows(); ++i) out.insert(r.text(i, 0));
    return out;
}

void check_schema(pg::PgConnection& conn, CheckReport& report) {
    const auto finding = [&](const std::string& text) {
        report.ok = false;
        report.findings.push_back(text);
    };
    const auto& expected = expected_objects();
    const std::string in_schema =
        " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'infusiondoc'";
    const auto tables = names(conn, "SELECT c.relname" + in_schema + " AND c.relkind IN ('r', 'p')");
    for (const auto& t : expected.tables) {
        if (!tables.count(t)) finding("table " + t + " is missing from the schema (dropped)");
    }
    const auto indexes = names(conn, "SELECT c.relname" + in_schema + " AND c.relkind = 'i'");
    for (const auto& i : expected.indexes) {
        if (!indexes.count(i)) finding("index " + i + " is missing from the schema (dropped)");
    }
    // A trigger disabled (ALTER TABLE ... DISABLE TRIGGER) protects nothing: as bad as dropped.
    const auto triggers = conn.exec(
        "SELECT t.tgname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'infusiondoc' AND NOT t.tgisinternal");
    std::set<std::string> present;
    for (int i = 0; i < triggers.rows(); ++i) {
        const std::string name = triggers.text(i, 0);
        present.insert(name);
        if (!expected.triggers.count(name)) finding("trigger " + name + " is not one of InfusionDoc's (added)");
        if (triggers.text(i, 1) == "D") finding("trigger " + name + " is disabled");
    }
    for (const auto& t : expected.triggers) {
        if (!present.count(t)) finding("trigger " + t + " is missing from the schema (dropped)");
    }
    // A trigger function replaced by one that lets everything through would leave every trigger in place.
    for (const auto& [name, body] : expected.functions) {
        const auto r = conn.exec(
            "SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'infusiondoc' AND p.proname = $1",
            {name});
        if (r.rows() == 0) {
            finding("function " + name + " is missing from the schema (dropped)");
        } else if (r.text(0, 0) != body) {
            finding("function " + name + " was altered");
        }
    }
    // Least privilege: the application role never rewrites or empties the append-only tables, and never
    // deletes a correction request (it resolves one by UPDATE, which a trigger allows once).
    const auto privileges = conn.exec(
        "SELECT t, p FROM (SELECT t, p FROM unnest(ARRAY['audit', 'export_batches', 'export_items', "
        "'export_deliveries', 'database_facts', 'site_care_notes', 'countersignatures', 'revision_flags']) AS t, "
        "unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE']) AS p UNION ALL SELECT 'correction_requests', p "
        "FROM unnest(ARRAY['DELETE', 'TRUNCATE']) AS p) AS wide "
        "WHERE to_regclass('infusiondoc.' || t) IS NOT NULL AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) "
        "AND has_table_privilege($1, 'infusiondoc.' || t, p) ORDER BY t, p",
        {std::string(pg::application_role)});
    for (int i = 0; i < privileges.rows(); ++i) {
        finding("the application role " + std::string(pg::application_role) + " may " + privileges.text(i, 1) +
                " the append-only table " + privileges.text(i, 0) + " (REVOKE it: docs/storage.md)");
    }
}

// What an IT person checks first, from libpq's words (which follow): every failure read "the server could
// not be reached", also a wrong password or a pg_hba.conf refusal from a server that answered (found from
// outside).
std::string why_not_connected(const std::string& libpq) {
    const auto says = [&](const char* text) { return libpq.find(text) != std::string::npos; };
    if (says("password authentication failed") || says("no pg_hba.conf entry") || says("authentication failed") ||
        says("no password supplied")) {
        return "the server refused the connection (its pg_hba.conf, or the password in ~/.pgpass)";
    }
    if (says("does not exist")) return "the server has no such database or role";
    if (says("invalid connection option") || says("missing \"=\"") || says("invalid URI") ||
        says("unterminated quoted string") || says("definition of service")) {
        return "the connection string is not valid";
    }
    return "the server could not be reached";
}

}  // namespace

// ---- 3. PostgresDatabase -------------------------------------------------------------------------
PostgresDatabase::PostgresDatabase(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
PostgresDatabase::~PostgresDatabase() = default;

core::Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::open(const std::string& url, OpenOptions options) {
    std::unique_ptr<pg::PgConnection> conn;
    try {
        conn = std::make_unique<pg::PgConnection>(url);
    } catch (const std::exception& e) {
        return open_error(why_not_connected(e.what()), e.what());
    }
    const std::string where = conn->describe();
    int version = 0;
    try {
        version = pg::installed_version(*conn);
        if (version > pg::current_version()) {
            return open_error(where, "it was made by a newer InfusionDoc (schema " + std::to_string(version) +
                                         ", this program knows " + std::to_string(pg::current_version()) +
                                         "); nothing was changed");
        }
        if (version < pg::current_version()) {
            if (options.read_only || (!options.create_if_missing && version == 0)) {
                return open_error(where, version == 0 ? "it holds no InfusionDoc schema"
                                                      : "it needs an upgrade (schema " + std::to_string(version) +
                                                            " to " + std::to_string(pg::current_version()) +
                                                            "), which a read-only opening does not do");
            }
            try {
                version = pg::migrate(*conn);
            } catch (const pg::PgError& e) {
                if (e.sqlstate() != "42501") throw;
                return open_error(where, "its schema needs to be " +
                                             std::string(version == 0 ? "created" : "upgraded") +
                                             ", which only the owner role may do, and '" + conn->user() +
                                             "' is not it: start the program once with the owner's connection "
                                             "(docs/storage.md, setting up the server)");
            }
        }
        // Run again on a new connection after the server restarted (pg_connection.hpp).
        std::vector<std::string> session{"SET search_path = infusiondoc, pg_temp"};
        if (options.read_only) session.emplace_back("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        for (const auto& statement : session) conn->exec(statement);
        conn->set_session_setup(std::move(session));
    } catch (const std::exception& e) {
        return open_error(where, e.what());
    }
    return std::unique_ptr<PostgresDatabase>(new PostgresDatabase(
        std::make_unique<Impl>(std::move(conn), DatabaseLocation::postgresql(url), where, options.read_only, version)));
}

VisitStore& PostgresDatabase::visits() { return m_impl->visits; }
AuditLog& PostgresDatabase::audit() { return m_impl->audit; }
BillingStore& PostgresDatabase::billing() { return m_impl->billing; }
ReviewStore& PostgresDatabase::reviews() { return m_impl->reviews; }
UserStore& PostgresDatabase::users() { return m_impl->users; }
DatabaseFacts& PostgresDatabase::facts() { return m_impl->facts; }
const std::string& PostgresDatabase::where() const { return m_impl->where; }
const DatabaseLocation& PostgresDatabase::location() const { return m_impl->location; }
bool PostgresDatabase::read_only() const { return m_impl->read_only; }
int PostgresDatabase::schema_version() const { return m_impl->version; }

std::optional<std::uint64_t> PostgresDatabase::change_counter() {
    try {
        // A new connection (the server restarted) listens again, and what others wrote meanwhile was never
        // announced to it: counted as a change, so the screens read their lists again.
        if (m_impl->conn->reconnections() != m_impl->reconnections_seen) {
            m_impl->reconnections_seen = m_impl->conn->reconnections();
            m_impl->listening = false;
            ++m_impl->changes;
        }
        if (!m_impl->listening) {
            m_impl->conn->listen(pg::changes_channel);
            m_impl->listening = true;
        }
        m_impl->changes += static_cast<std::uint64_t>(m_impl->conn->notifications_from_others());
        return m_impl->changes;
    } catch (const std::exception&) {
        return std::nullopt;  // the server is gone: no news; the next write says so plainly
    }
}

namespace {

// pg_advisory_lock keys: 'IDOC' (schema.hpp's application id) and 3, the imports (pg_write.hpp has 2,
// pg_schema.cpp 1). Session-level: held across the duplicate check and the write's own transaction.
class PgImportLock final : public ImportLock {
public:
    // The lock belongs to this connection: it is not made again while the lock is held (pg_connection.hpp).
    explicit PgImportLock(pg::PgConnection& conn) : m_conn(conn) { m_conn.hold_session(); }
    ~PgImportLock() override {
        try {
            m_conn.exec("SELECT pg_advisory_unlock(1229213507, 3)");
        } catch (const std::exception&) {
            // The connection is gone: the server released the session's locks with it.
        }
        m_conn.release_session();
    }

private:
    pg::PgConnection& m_conn;
};

}  // namespace

core::Result<std::unique_ptr<ImportLock>> PostgresDatabase::lock_imports() {
    try {
        m_impl->conn->exec("SELECT pg_advisory_lock(1229213507, 3)");
    } catch (const std::exception& e) {
        return pg::pg_error("cannot take the import lock; nothing was imported", e, m_impl->conn->describe());
    }
    return std::unique_ptr<ImportLock>(std::make_unique<PgImportLock>(*m_impl->conn));
}

core::Status PostgresDatabase::backup_to(const std::filesystem::path&) {
    return core::Error{
        "a PostgreSQL database is backed up by the server's own tools (pg_dump -Fc, or base backups "
        "with WAL archiving; docs/storage.md), not by the program",
        m_impl->where,
        {},
        core::ErrorKind::invalid};
}

core::Result<std::string> PostgresDatabase::accept_chain_head() {
    return core::Error{"a PostgreSQL database keeps no chain head outside the server: there is nothing to accept",
                       m_impl->where,
                       {},
                       core::ErrorKind::invalid};
}

core::Result<CheckReport> PostgresDatabase::examine(CheckDepth) {
    try {
        CheckReport report;
        check_schema(*m_impl->conn, report);
        pg::verify_chain(*m_impl->conn, report);
        pg::check_accounts_and_facts(*m_impl->conn, report);
        pg::check_content_seals(*m_impl->conn, report);
        report.visits = m_impl->conn->exec("SELECT count(*) FROM visits").int64(0, 0);
        return report;
    } catch (const std::exception& e) {
        return pg::pg_error("cannot check the database", e, m_impl->where);
    }
}

}  // namespace infusion::storage
