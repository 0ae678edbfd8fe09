// Running the PostgreSQL migrations (pg_schema.hpp); their SQL is in pg_schema_sql.cpp.
#include "storage/postgres/pg_schema.hpp"

namespace infusion::storage::pg {
namespace {

// pg_advisory_xact_lock keys: 'IDOC' (schema.hpp's application id) and a second word per purpose.
constexpr const char* migration_lock = "SELECT pg_advisory_xact_lock(1229213507, 1)";

}  // namespace

int current_version() { return migrations().back().version; }

int installed_version(PgConnection& conn) {
    const auto schema = conn.exec(
        "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1), "
        "to_regclass(quote_ident($1) || '.schema_version') IS NOT NULL",
        {std::string(schema_name)});
    if (!schema.flag(0, 0)) return 0;
    if (!schema.flag(0, 1)) {
        throw PgError("IDOC1", "the schema '" + std::string(schema_name) +
                                   "' in this database was not made by InfusionDoc (it has no schema_version table); "
                                   "nothing was changed");
    }
    return static_cast<int>(conn.exec("SELECT coalesce(max(version), 0) FROM infusiondoc.schema_version").int64(0, 0));
}

int migrate(PgConnection& conn) {
    PgTransaction tx(conn);
    conn.exec(migration_lock);
    // Read again under the lock: another workstation may have migrated while this one waited.
    int version = installed_version(conn);
    if (version > current_version()) {
        throw PgError("IDOC2", "the database was made by a newer InfusionDoc (schema " + std::to_string(version) +
                                   ", this program knows " + std::to_string(current_version()) +
                                   "); nothing was changed");
    }
    if (version == current_version()) {
        tx.commit();
        return version;
    }
    const bool role_exists =
        conn.exec("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", {std::string(application_role)})
            .flag(0, 0);
    if (!role_exists) {
        throw PgError("IDOC3", "the role '" + std::string(application_role) +
                                   "' does not exist: create it first (CREATE ROLE " + std::string(application_role) +
                                   " NOLOGIN; docs/storage.md, setting up the server)");
    }
    if (version == 0) {
        conn.exec_script(
            "CREATE SCHEMA infusiondoc; SET LOCAL search_path = infusiondoc, pg_temp;"
            "CREATE TABLE schema_version(version integer PRIMARY KEY, applied_at timestamptz NOT NULL "
            "DEFAULT now(), applied_by text NOT NULL DEFAULT current_user)");
    } else {
        conn.exec("SET LOCAL search_path = infusiondoc, pg_temp");
    }
    // DDL is transactional in PostgreSQL: all migrations land together with their version rows, or none.
    for (const auto& m : migrations()) {
        if (m.version <= version) continue;
        conn.exec_script(std::string(m.sql));
        conn.exec("INSERT INTO schema_version(version) VALUES ($1)", {std::to_string(m.version)});
        version = m.version;
    }
    tx.commit();
    return version;
}

}  // namespace infusion::storage::pg
