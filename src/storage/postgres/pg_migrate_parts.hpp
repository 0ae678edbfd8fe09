#pragma once
// Internal to storage/postgres/: the pieces of `db migrate --to postgresql` (pg_migrate_from_sqlite.cpp,
// which says why the move is shaped as it is):
//   pg_migrate_tables.cpp  which tables, their columns and keys on both sides, and their values as text
//   pg_migrate_copy.cpp    one table copied with COPY, revisions sealed after their content, compared back
#include "core/result.hpp"
#include "storage/postgres/pg_connection.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace infusion::storage::pg::sqlite_move {

// ---- tables and their shapes (pg_migrate_tables.cpp) --------------------------------------------
// Every table of the schema, in the order they are copied (see above why). review_threshold holds the
// one row its migration inserted; the source's replaces it.
constexpr std::array<const char*, 26> copy_order{
    // The audit log first: schema 18 seals a revision, and records a review row or a batch, only when the
    // chain records its seal.
    "audit", "patients", "visits", "revisions", "diagnoses", "substances", "vials", "pump_setups", "sites", "pauses",
    "notes", "intervals", "billing_lines", "problems", "revision_flags", "users", "sign_in_throttle", "database_facts",
    // Lines before their batches, the queue after the review
    // record: the triggers of schema 17 (pg_schema_sql.cpp).
    "export_items", "export_batches", "export_deliveries", "site_care_notes", "countersignatures",
    "correction_requests", "review_state", "review_threshold"};
// The first table copied after every revision's content: the sealed revisions are sealed before it.
constexpr std::string_view sealed_before = "revision_flags";
constexpr std::string_view replaced_table = "review_threshold";

// A failure the copy names itself (a table, a row, a finding of the verification).
class CopyRefused : public std::runtime_error {
public:
    CopyRefused(const std::string& message, core::ErrorKind kind = core::ErrorKind::conflict)
        : std::runtime_error(message), m_kind(kind) {}
    [[nodiscard]] core::ErrorKind kind() const { return m_kind; }

private:
    core::ErrorKind m_kind;
};

enum class Kind { integer, real, text };
struct Column {
    std::string name;
    Kind kind = Kind::text;
};
struct Table {
    std::string name;
    std::vector<Column> columns;   // the target's, in its order
    std::vector<std::size_t> key;  // the primary key's columns (indexes into columns)
    std::string column_list;       // "visit_id", "revision", ...
    std::string source_order;      // ORDER BY for SQLite (BINARY: byte order)
    std::string target_order;      // ORDER BY for PostgreSQL (COLLATE "C": byte order)
};

// Names come from the server's catalogue and our own list, never from input: quoted for certainty.
[[nodiscard]] std::string ident(const std::string& name);
// The target's columns (typed), primary key and orders for `name`; refused when it has none of them.
[[nodiscard]] Table target_shape(PgConnection& pg, const std::string& name);
// The source's table has exactly the target's columns: none would be lost, none is missing.
void check_source_shape(SQLite::Database& src, const Table& t);
// Both databases hold exactly the tables of copy_order (and their own bookkeeping): nothing is left behind.
void check_table_sets(SQLite::Database& src, PgConnection& pg);

// ---- values (pg_migrate_tables.cpp) ---------------------------------------------------------------
using Value = std::optional<std::string>;
using Row = std::vector<Value>;

// "visit_id=4, revision=0": the row's key, for messages.
[[nodiscard]] std::string key_text(const Table& t, const Row& row);
// The same, from the source statement's current row (before its values are read as the target's types).
[[nodiscard]] std::string source_key_text(SQLite::Statement& s, const Table& t);
// The source row as the target's types read it; a value the target's column cannot hold is refused.
void read_source_row(SQLite::Statement& s, const Table& t, Row& row);
// COPY's text format: \N for NULL; backslash, newline, carriage return and tab escaped in text.
void append_copy_value(std::string& out, const Value& v, Kind kind);
// A value read back from the server, in the form read_source_row gives the source's.
[[nodiscard]] Value target_value(const PgResult& r, int row, int column, Kind kind);

// ---- copying and comparing (pg_migrate_copy.cpp) ---------------------------------------------------
using RevisionKey = std::pair<std::int64_t, std::int64_t>;  // visit id, revision number

// One table: the source's rows in key order into one COPY. Revisions go in unsealed; `sealed` collects
// the keys of those to seal once their content is in. Returns the rows copied.
std::int64_t copy_table(SQLite::Database& src, PgConnection& pg, const Table& t, std::vector<RevisionKey>& sealed);
// As signing does: the revisions sealed once their content rows are in.
void seal_revisions(PgConnection& pg, const std::vector<RevisionKey>& sealed);
// Identity columns continue after the copied ids, so a row made on the server never takes one.
void advance_identities(PgConnection& pg);
// Refused (and the target left as it was) when any table but review_threshold holds a row.
void require_empty(PgConnection& pg, const std::string& target);
// The copy read back from the server in key order, row by row against the source's snapshot.
void compare_table(SQLite::Database& src, PgConnection& pg, const Table& t);

}  // namespace infusion::storage::pg::sqlite_move
