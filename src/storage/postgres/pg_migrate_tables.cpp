// Which tables `db migrate` copies, their shapes on both sides, and their values as text
// (pg_migrate_parts.hpp). Sections: 1. tables and their shapes  2. values
#include "storage/postgres/pg_migrate_parts.hpp"

#include <sqlite3.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

namespace infusion::storage::pg::sqlite_move {
namespace {

Kind kind_of(const std::string& table, const std::string& column, const std::string& type) {
    if (type == "bigint" || type == "integer" || type == "smallint") return Kind::integer;
    if (type == "double precision" || type == "real") return Kind::real;
    if (type == "text") return Kind::text;
    throw CopyRefused(
        "the target's column " + table + "." + column + " is of type " + type + ", which this program does not copy",
        core::ErrorKind::invalid);
}

// 17 significant digits: the same double on both sides, and what COPY reads back bit for bit.
std::string real_text(double d) {
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", d);
    return buffer;
}

}  // namespace

// ---- 1. tables and their shapes ----------------------------------------------------------------
std::string ident(const std::string& name) { return "\"" + name + "\""; }

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
std::string key_text(const Table& t, const Row& row) {
    std::string out;
    for (std::size_t k = 0; k < t.key.size(); ++k) {
        const auto& v = row[t.key[k]];
        out += (k ? ", " : "") + t.columns[t.key[k]].name + "=" + (v ? *v : std::string("NULL"));
    }
    return out;
}

std::string source_key_text(SQLite::Statement& s, const Table& t) {
    std::string out;
    for (std::size_t k = 0; k < t.key.size(); ++k) {
        out += (k ? ", " : "") + t.columns[t.key[k]].name + "=" + s.getColumn(static_cast<int>(t.key[k])).getString();
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
    const Kind kind = t.columns[bad].kind;
    throw CopyRefused("table " + t.name + ", row " + source_key_text(s, t) + ": column " + t.columns[bad].name +
                      " holds " + held + " where the target needs " +
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

}  // namespace infusion::storage::pg::sqlite_move
