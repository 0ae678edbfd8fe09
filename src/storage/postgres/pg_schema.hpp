#pragma once
// Internal to storage/: the PostgreSQL schema as versioned migrations. Everything lives in the schema
// `infusiondoc` of the clinic's database; its table `schema_version` lists the migrations that have run.
// Version numbers are SQLite's (schema.hpp): PostgreSQL's first migration creates at once the logical
// schema SQLite reaches at version 8, and every later SQLite migration that changes the logical schema
// gets its counterpart here under the same number, so a database moves between backends at one version.
#include "storage/postgres/pg_connection.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace infusion::storage::pg {

// Where our objects live: `SET search_path` on every connection names it.
inline constexpr std::string_view schema_name = "infusiondoc";
// The group role the program's everyday connections belong to (docs/storage.md): every migration grants
// it exactly what the program needs, and no UPDATE, DELETE or TRUNCATE on the audit and export tables.
inline constexpr std::string_view application_role = "infusiondoc_app";

struct Migration {
    int version = 0;
    std::string_view sql;
};
[[nodiscard]] const std::vector<Migration>& migrations();
[[nodiscard]] int current_version();

// The schema's version in this database: 0 when the schema `infusiondoc` does not exist yet. Throws
// PgError with a clear message when the schema exists but is not ours (no schema_version table).
[[nodiscard]] int installed_version(PgConnection& conn);

// Runs every migration above the installed version, each in its own transaction with its version row,
// under an advisory lock so two workstations starting at once migrate once. Needs the owner role (the
// one that may create tables); the application role gets a clear refusal. Returns the version now.
int migrate(PgConnection& conn);

}  // namespace infusion::storage::pg
