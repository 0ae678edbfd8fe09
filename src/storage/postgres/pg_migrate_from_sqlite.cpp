// Moving a clinic's SQLite database to PostgreSQL (migrate_to_postgresql.hpp).
// Sections: 1. tables and their shapes  2. values  3. the source's snapshot  4. copying  5. comparing
// 6. the move
//
// Why it is shaped so:
// - One read snapshot of the source (a workstation may still be writing) and one PostgreSQL transaction
//   holding the audit chain's advisory lock (no workstation writes on the server meanwhile): the copy is
//   whole or absent. Everything is compared and verified before COMMIT, so a difference rolls it back.
// - The tables go in the order the program itself writes them, so the server's protections stay on
//   throughout: a revision is inserted unsealed, its content rows after it, then it is sealed (as signing
//   does: UPDATE sealed = 1), then its review flags (which need a sealed revision); review records after
//   the visits they are about, countersignatures before correction requests.
// - COPY in text format, one statement per table; the columns are the target's, read from the server, and
//   the source must have exactly those, so a column is never dropped on the way.
// - Values are compared as the schema types them: whole numbers as decimal text, reals as the same double
//   (17 significant digits, exact both ways), text byte for byte, NULL apart from ''.
#include "storage/migrate_to_postgresql.hpp"

#include "storage/postgres/pg_audit_log.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_seals.hpp"
#include "storage/postgres/pg_write.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite_support.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <regex>
#include <set>

namespace infusion::storage {
namespace {

// ---- 1. tables and their shapes ----------------------------------------------------------------
// Every table of the schema, in the order they are copied (see above why). review_threshold holds the
// one row its migration inserted; the source's replaces it.
constexpr std::array<const char*, 26> copy_order{"patients",
                                                 "visits",
                                                 "revisions",
                                                 "diagnoses",
                                                 "substances",
                                                 "vials",
                                                 "pump_setups",
                                                 "sites",
                                                 "pauses",
                                                 "notes",
                                                 "intervals",
                                                 "billing_lines",
                                                 "problems",
                                                 "revision_flags",
                                                 "review_state",
                                                 "users",
                                                 "sign_in_throttle",
                                                 "database_facts",
                                                 "export_batches",
                                                 "export_items",
                                                 "export_deliveries",
                                                 "site_care_notes",
                                                 "countersignatures",
                                                 "correction_requests",
                                                 "review_threshold",
                                                 "audit"};
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
std::string ident(const std::string& name) { return "\"" + name + "\""; }

Kind kind_of(const std::string& table, const std::string& column, const std::string& type) {
    if (type == "bigint" || type == "integer" || type == "smallint") return Kind::integer;
    if (type == "double precision" || type == "real") return Kind::real;
    if (type == "text") return Kind::text;
    throw CopyRefused(
        "the target's column " + table + "." + column + " is of type " + type + ", which this program does not copy",
        core::ErrorKind::invalid);
}

Table target_shape(pg::PgConnection& pg, const std::string& name) {
    Table t;
    t.name = name;
    const auto columns = pg.exec(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'infusiondoc' "
        "AND table_name = $1 ORDER BY ordinal_position",
        {name});
    for (int i = 0; i < columns.rows(); ++i) {
        t.columns.push_back({columns.text(i, 0), kind_of(name, columns.text(i, 0), columns.text(i, 1))});
    }
    if (t.columns.empty()) throw CopyRefused("the target has no table " + name, core::ErrorKind::invalid);
    const auto key = pg.exec(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indrelid = to_regclass('infusiondoc.' || $1) AND i.indisprimary "
        "ORDER BY array_position(i.indkey::int2[], a.attnum)",
        {name});
    for (int i = 0; i < key.rows(); ++i) {
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (t.columns[c].name == key.text(i, 0)) t.key.push_back(c);
        }
    }
    if (t.key.empty())
        throw CopyRefused("the target's table " + name + " has no primary key", core::ErrorKind::invalid);
    for (std::size_t c = 0; c < t.columns.size(); ++c) t.column_list += (c ? ", " : "") + ident(t.columns[c].name);
    for (std::size_t k = 0; k < t.key.size(); ++k) {
        const Column& c = t.columns[t.key[k]];
        t.source_order += (k ? ", " : "") + ident(c.name);
        t.target_order += (k ? ", " : "") + ident(c.name) + (c.kind == Kind::text ? " COLLATE \"C\"" : "");
    }
    return t;
}

// The source's table has exactly the target's columns: none would be lost, none is missing.
void check_source_shape(SQLite::Database& src, const Table& t) {
    std::set<std::string> source;
    SQLite::Statement info(src, "SELECT name FROM pragma_table_xinfo(?)");
    info.bind(1, t.name);
    while (info.executeStep()) source.insert(info.getColumn(0).getString());
    if (source.empty()) throw CopyRefused("the source has no table " + t.name, core::ErrorKind::invalid);
    std::set<std::string> target;
    for (const auto& c : t.columns) {
        target.insert(c.name);
        if (!source.count(c.name)) {
            throw CopyRefused("the source's table " + t.name + " has no column " + c.name, core::ErrorKind::invalid);
        }
    }
    for (const auto& c : source) {
        if (!target.count(c)) {
            throw CopyRefused(
                "the source's table " + t.name + " has a column " + c + " the target lacks (it would be lost)",
                core::ErrorKind::invalid);
        }
    }
}

// Both databases hold exactly the tables of copy_order (and their own bookkeeping): nothing is left behind.
void check_table_sets(SQLite::Database& src, pg::PgConnection& pg) {
    const std::set<std::string> expected(copy_order.begin(), copy_order.end());
    SQLite::Statement tables(src,
                             "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                             "ESCAPE '\\' ORDER BY name");
    while (tables.executeStep()) {
        const std::string name = tables.getColumn(0).getString();
        if (!expected.count(name)) {
            throw CopyRefused("the source has a table " + name + " this program does not copy",
                              core::ErrorKind::invalid);
        }
    }
    const auto target = pg.exec(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'infusiondoc' "
        "AND table_type = 'BASE TABLE' ORDER BY table_name");
    for (int i = 0; i < target.rows(); ++i) {
        const std::string name = target.text(i, 0);
        if (name != "schema_version" && !expected.count(name)) {
            throw CopyRefused("the target has a table " + name + " this program does not fill",
                              core::ErrorKind::invalid);
        }
    }
}

// ---- 2. values -----------------------------------------------------------------------------------
using Value = std::optional<std::string>;
using Row = std::vector<Value>;

// 17 significant digits: the same double on both sides, and what COPY reads back bit for bit.
std::string real_text(double d) {
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", d);
    return buffer;
}

std::string key_text(const Table& t, const Row& row) {
    std::string out;
    for (std::size_t k = 0; k < t.key.size(); ++k) {
        const auto& v = row[t.key[k]];
        out += (k ? ", " : "") + t.columns[t.key[k]].name + "=" + (v ? *v : std::string("NULL"));
    }
    return out;
}

// The source row as the target's types read it; a value the target's column cannot hold is refused here.
void read_source_row(SQLite::Statement& s, const Table& t, Row& row) {
    std::size_t bad = t.columns.size();
    const char* held = "";
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const SQLite::Column c = s.getColumn(static_cast<int>(i));
        const Kind kind = t.columns[i].kind;
        switch (c.getType()) {
            case SQLITE_NULL: row[i] = std::nullopt; continue;
            case SQLITE_INTEGER:
                if (kind == Kind::integer) row[i] = std::to_string(c.getInt64());
                if (kind == Kind::real) row[i] = real_text(static_cast<double>(c.getInt64()));
                if (kind != Kind::text) continue;
                held = "a number";
                break;
            case SQLITE_FLOAT:
                if (kind == Kind::real) {
                    row[i] = real_text(c.getDouble());
                    continue;
                }
                held = "a real number";
                break;
            case SQLITE_TEXT:
                if (kind == Kind::text) {
                    const auto* bytes = static_cast<const char*>(c.getBlob());
                    row[i] = std::string(bytes, static_cast<std::size_t>(c.getBytes()));
                    continue;
                }
                held = "text";
                break;
            default: held = "a blob"; break;
        }
        bad = i;
        row[i] = std::nullopt;
        break;
    }
    if (bad == t.columns.size()) return;
    std::string where;
    for (std::size_t k = 0; k < t.key.size(); ++k) {
        where += (k ? ", " : "") + t.columns[t.key[k]].name + "=" + s.getColumn(static_cast<int>(t.key[k])).getString();
    }
    const Kind kind = t.columns[bad].kind;
    throw CopyRefused("table " + t.name + ", row " + where + ": column " + t.columns[bad].name + " holds " + held +
                      " where the target needs " +
                      (kind == Kind::integer ? "a whole number"
                       : kind == Kind::real  ? "a number"
                                             : "text"));
}

// COPY's text format: \N for NULL; backslash, newline, carriage return and tab escaped in text.
void append_copy_value(std::string& out, const Value& v, Kind kind) {
    if (!v) {
        out += "\\N";
        return;
    }
    if (kind != Kind::text) {
        out += *v;
        return;
    }
    for (const char ch : *v) {
        switch (ch) {
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: out += ch;
        }
    }
}

Value target_value(const pg::PgResult& r, int row, int column, Kind kind) {
    if (r.is_null(row, column)) return std::nullopt;
    std::string text = r.text(row, column);
    if (kind != Kind::real) return text;
    double d = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec != std::errc{} || ptr != text.data() + text.size()) return text;  // differs, and says so
    return real_text(d);
}

// ---- 3. the source's snapshot --------------------------------------------------------------------
// A read transaction of its own on the source file: every statement below reads the file as it was at
// the first read, whatever a workstation commits meanwhile (WAL).
class SourceSnapshot {
public:
    explicit SourceSnapshot(const std::filesystem::path& file) : db(file.string(), SQLite::OPEN_READONLY) {
        db.setBusyTimeout(5000);
        db.exec("BEGIN");
        (void)db.execAndGet("SELECT count(*) FROM sqlite_master").getInt64();  // the snapshot starts here
    }
    ~SourceSnapshot() {
        try {
            db.exec("COMMIT");
        } catch (const std::exception&) {
            // Nothing was written; closing the connection ends the read.
        }
    }
    SourceSnapshot(const SourceSnapshot&) = delete;
    SourceSnapshot& operator=(const SourceSnapshot&) = delete;

    SQLite::Database db;
};

// ---- 4. copying ----------------------------------------------------------------------------------
// Ends a COPY the program itself abandons (a value refused above), so the transaction can roll back.
class CopyIn {
public:
    CopyIn(pg::PgConnection& pg, const std::string& sql) : m_pg(pg) { m_pg.begin_copy(sql); }
    ~CopyIn() {
        if (m_open) m_pg.abort_copy();
    }
    CopyIn(const CopyIn&) = delete;
    CopyIn& operator=(const CopyIn&) = delete;
    void end() {
        m_open = false;
        m_pg.end_copy();
    }

private:
    pg::PgConnection& m_pg;
    bool m_open = true;
};

// The row the server named ("COPY notes, line 3, ..."), found again in the source's snapshot.
std::string refused_row(SQLite::Database& src, const Table& t, const pg::PgError& e) {
    static const std::regex line(R"(, line (\d+))");
    std::smatch m;
    if (!std::regex_search(e.context(), m, line)) return {};
    SQLite::Statement s(src, "SELECT " + t.column_list + " FROM " + ident(t.name) + " ORDER BY " + t.source_order +
                                 " LIMIT 1 OFFSET ?");
    s.bind(1, static_cast<std::int64_t>(std::stoll(m[1].str()) - 1));
    if (!s.executeStep()) return {};
    std::string where;
    for (std::size_t k = 0; k < t.key.size(); ++k) {
        where += (k ? ", " : "") + t.columns[t.key[k]].name + "=" + s.getColumn(static_cast<int>(t.key[k])).getString();
    }
    return ", row " + where;
}

using RevisionKey = std::pair<std::int64_t, std::int64_t>;

// One table: the source's rows in key order into one COPY. Revisions go in unsealed; `sealed` collects
// the keys of those to seal once their content is in.
std::int64_t copy_table(SQLite::Database& src, pg::PgConnection& pg, const Table& t, std::vector<RevisionKey>& sealed) {
    std::size_t sealed_column = t.columns.size(), visit_column = 0, number_column = 0;
    if (t.name == "revisions") {
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (t.columns[c].name == "sealed") sealed_column = c;
            if (t.columns[c].name == "visit_id") visit_column = c;
            if (t.columns[c].name == "number") number_column = c;
        }
    }
    SQLite::Statement s(src, "SELECT " + t.column_list + " FROM " + ident(t.name) + " ORDER BY " + t.source_order);
    std::int64_t rows = 0;
    try {
        CopyIn copy(pg, "COPY " + ident(t.name) + "(" + t.column_list + ") FROM STDIN");
        std::string buffer;
        Row row(t.columns.size());
        while (s.executeStep()) {
            read_source_row(s, t, row);
            ++rows;
            for (std::size_t c = 0; c < row.size(); ++c) {
                if (c > 0) buffer += '\t';
                if (c == sealed_column && row[c] == "1") {
                    sealed.emplace_back(std::stoll(*row[visit_column]), std::stoll(*row[number_column]));
                    buffer += '0';  // sealed below, after its content: a revision is never inserted sealed
                    continue;
                }
                append_copy_value(buffer, row[c], t.columns[c].kind);
            }
            buffer += '\n';
            if (buffer.size() >= (1U << 20)) {
                pg.put_copy(buffer);
                buffer.clear();
            }
        }
        if (!buffer.empty()) pg.put_copy(buffer);
        copy.end();
    } catch (const pg::PgError& e) {
        throw CopyRefused("table " + t.name + refused_row(src, t, e) + ": the server refused it: " + e.what());
    }
    return rows;
}

// As signing does: the revision sealed once its content rows are in (UPDATE sealed = 1, which the
// server's triggers allow from 0 only).
void seal_revisions(pg::PgConnection& pg, const std::vector<RevisionKey>& sealed) {
    constexpr std::size_t chunk = 20000;
    for (std::size_t from = 0; from < sealed.size(); from += chunk) {
        std::string visits = "{", numbers = "{";
        const std::size_t to = std::min(sealed.size(), from + chunk);
        for (std::size_t i = from; i < to; ++i) {
            visits += (i > from ? "," : "") + std::to_string(sealed[i].first);
            numbers += (i > from ? "," : "") + std::to_string(sealed[i].second);
        }
        const auto done = pg.exec(
            "UPDATE revisions SET sealed = 1 WHERE sealed = 0 AND (visit_id, number) IN "
            "(SELECT * FROM unnest($1::bigint[], $2::integer[]))",
            {visits + "}", numbers + "}"});
        if (done.affected() != static_cast<std::int64_t>(to - from)) {
            throw CopyRefused("table revisions: " + std::to_string(to - from) + " revisions to seal, " +
                              std::to_string(done.affected()) + " sealed");
        }
    }
}

// Identity columns continue after the copied ids, so a row made on the server never takes one.
void advance_identities(pg::PgConnection& pg) {
    const auto identities = pg.exec(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'infusiondoc' "
        "AND is_identity = 'YES' ORDER BY table_name");
    for (int i = 0; i < identities.rows(); ++i) {
        const std::string table = identities.text(i, 0), column = identities.text(i, 1);
        pg.exec("SELECT setval(pg_get_serial_sequence($1, $2), m) FROM (SELECT max(" + ident(column) + ") AS m FROM " +
                    ident(table) + ") AS t WHERE m IS NOT NULL",
                {"infusiondoc." + table, column});
    }
}

void require_empty(pg::PgConnection& pg, const std::string& target) {
    for (const char* table : copy_order) {
        if (table == replaced_table) continue;
        if (pg.exec(std::string("SELECT EXISTS (SELECT 1 FROM ") + ident(table) + ")").flag(0, 0)) {
            throw CopyRefused("the target is not empty: its table " + std::string(table) +
                                  " holds rows; db migrate copies into an empty database only (" + target +
                                  " was left as it was)",
                              core::ErrorKind::refused);
        }
    }
}

// ---- 5. comparing --------------------------------------------------------------------------------
// The copy read back from the server in key order, row by row against the source's snapshot.
void compare_table(SQLite::Database& src, pg::PgConnection& pg, const Table& t) {
    SQLite::Statement s(src, "SELECT " + t.column_list + " FROM " + ident(t.name) + " ORDER BY " + t.source_order);
    pg.exec("DECLARE migrate_compare NO SCROLL CURSOR FOR SELECT " + t.column_list + " FROM " + ident(t.name) +
            " ORDER BY " + t.target_order);
    constexpr int page = 5000;
    Row expected(t.columns.size()), found(t.columns.size());
    bool more = s.executeStep();
    for (;;) {
        const auto batch = pg.exec("FETCH " + std::to_string(page) + " FROM migrate_compare");
        for (int r = 0; r < batch.rows(); ++r) {
            for (std::size_t c = 0; c < found.size(); ++c) {
                found[c] = target_value(batch, r, static_cast<int>(c), t.columns[c].kind);
            }
            if (!more) {
                throw CopyRefused("table " + t.name + ", row " + key_text(t, found) +
                                  ": the copy holds a row the source does not");
            }
            read_source_row(s, t, expected);
            for (std::size_t c = 0; c < found.size(); ++c) {
                if (found[c] != expected[c]) {
                    throw CopyRefused("table " + t.name + ", row " + key_text(t, expected) + ": column " +
                                      t.columns[c].name + " differs between the source and the copy");
                }
            }
            more = s.executeStep();
        }
        if (batch.rows() < page) break;
    }
    pg.exec("CLOSE migrate_compare");
    if (more) {
        read_source_row(s, t, expected);
        throw CopyRefused("table " + t.name + ", row " + key_text(t, expected) + ": missing from the copy");
    }
}

std::string findings_text(const CheckReport& report) {
    std::string out;
    const std::size_t shown = std::min<std::size_t>(report.findings.size(), 5);
    for (std::size_t i = 0; i < shown; ++i) out += (i ? "; " : "") + report.findings[i];
    if (report.findings.size() > shown) out += "; and " + std::to_string(report.findings.size() - shown) + " more";
    return out;
}

}  // namespace

// ---- 6. the move ---------------------------------------------------------------------------------
core::Result<MigrationReport> migrate_sqlite_to_postgresql(Database& source, const std::string& url,
                                                           const Actor& actor) {
    using steady = std::chrono::steady_clock;
    const auto started = steady::now();
    const auto& from = source.location();
    if (from.backend != Backend::sqlite || from.file == ":memory:") {
        return core::Error{"db migrate copies a SQLite database file, and this database is not one",
                           from.display(),
                           {},
                           core::ErrorKind::invalid};
    }
    MigrationReport report;
    report.source = from.file.string();
    if (schema::current_version() != pg::current_version()) {
        return core::Error{"this program's PostgreSQL schema (" + std::to_string(pg::current_version()) +
                               ") is not at its SQLite schema's version (" + std::to_string(schema::current_version()) +
                               "): it cannot move a database",
                           report.source,
                           {},
                           core::ErrorKind::invalid};
    }
    // The source's own check first: a damaged or altered record is repaired where it is, not moved.
    auto checked = source.check(CheckDepth::quick);
    if (!checked) return checked.error();
    if (!checked.value().ok) {
        return core::Error{"the database does not pass its own check (infusiondoc db check), so it is not copied: " +
                               findings_text(checked.value()),
                           report.source,
                           {},
                           core::ErrorKind::corrupt};
    }
    // The target's schema, created or upgraded as any opening does (the owner role's connection).
    {
        auto target = PostgresDatabase::open(url);
        if (!target) return target.error();
        report.target = target.value()->where();
    }
    std::unique_ptr<pg::PgConnection> pg;
    try {
        pg = std::make_unique<pg::PgConnection>(url);
        pg->exec("SET search_path = infusiondoc, pg_temp");
    } catch (const std::exception& e) {
        return pg::pg_error("cannot connect to the target", e, report.target);
    }

    const std::string nothing_kept = "nothing was copied to " + report.target + " (it holds no row): ";
    try {
        SourceSnapshot snapshot(from.file);
        SQLite::Database& src = snapshot.db;
        const int application_id = src.execAndGet("PRAGMA application_id").getInt();
        report.schema_version = src.execAndGet("PRAGMA user_version").getInt();
        if (application_id != schema::application_id || report.schema_version != schema::current_version()) {
            throw CopyRefused("the source is not an InfusionDoc database at schema " +
                                  std::to_string(schema::current_version()) + " (it is at " +
                                  std::to_string(report.schema_version) + ")",
                              core::ErrorKind::invalid);
        }
        if (pg::installed_version(*pg) != report.schema_version) {
            throw CopyRefused("the target's schema is not at version " + std::to_string(report.schema_version),
                              core::ErrorKind::invalid);
        }

        pg::PgWriteTransaction tx(*pg);  // the chain's lock: no workstation writes on the server meanwhile
        require_empty(*pg, report.target);
        check_table_sets(src, *pg);
        std::vector<Table> tables;
        for (const char* name : copy_order) {
            tables.push_back(target_shape(*pg, name));
            check_source_shape(src, tables.back());
        }

        const auto copy_started = steady::now();
        pg->exec("DELETE FROM " + ident(std::string(replaced_table)));
        std::vector<RevisionKey> sealed;
        for (const auto& t : tables) {
            if (t.name == sealed_before) seal_revisions(*pg, sealed);
            const std::int64_t rows = copy_table(src, *pg, t, sealed);
            // Statistics of the rows just copied (ANALYZE counts this transaction's own rows): without them
            // the planner takes the filled tables for empty, and the triggers' and the verification's
            // lookups scan instead of seek.
            pg->exec("ANALYZE " + ident(t.name));
            report.tables.push_back({t.name, rows});
            report.rows += rows;
        }
        advance_identities(*pg);
        for (const auto& t : tables) compare_table(src, *pg, t);
        report.copy_seconds = std::chrono::duration<double>(steady::now() - copy_started).count();

        // The target's chain continues the source's: the move itself is its next row.
        std::int64_t visits = 0;
        for (const auto& t : report.tables) {
            if (t.name == "visits") visits = t.rows;
        }
        if (SQLite::Statement last(src, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"); last.executeStep()) {
            report.source_chain_rows = last.getColumn(0).getInt64();
            report.source_chain_head = last.getColumn(1).getString();
        }
        pg::append_audit(*pg, "db-migrate", std::nullopt,
                         "copied from " + report.source + " (schema " + std::to_string(report.schema_version) +
                             "): " + std::to_string(visits) + " visits, " + std::to_string(report.rows) +
                             " rows, audit chain to row " + std::to_string(report.source_chain_rows) + " " +
                             report.source_chain_head,
                         actor);
        const auto verify_started = steady::now();
        CheckReport verified;
        pg::verify_chain_in_transaction(*pg, verified);
        pg::check_accounts_and_facts(*pg, verified);
        pg::check_content_seals_in_transaction(*pg, verified);
        if (!verified.ok) throw CopyRefused("the copy does not verify on the server: " + findings_text(verified));
        const auto head = pg->exec("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
        report.chain_rows = head.int64(0, 0);
        report.chain_head = head.text(0, 1);
        report.verify_seconds = std::chrono::duration<double>(steady::now() - verify_started).count();
        tx.commit();
    } catch (const CopyRefused& e) {
        if (e.kind() == core::ErrorKind::refused) return core::Error::of(e.kind(), e.what());
        return core::Error{nothing_kept + e.what(), report.source, {}, e.kind()};
    } catch (const SQLite::Exception& e) {
        return detail::sqlite_error("cannot read the database to copy it; " + nothing_kept, e, report.source);
    } catch (const std::exception& e) {
        return pg::pg_error(nothing_kept + "the copy failed", e, report.target);
    }
    report.seconds = std::chrono::duration<double>(steady::now() - started).count();
    return report;
}

}  // namespace infusion::storage
