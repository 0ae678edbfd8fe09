// `db migrate`: one table copied into the server with COPY, the revisions sealed after their content,
// and the copy compared back row by row (pg_migrate_parts.hpp). Sections: 1. copying  2. comparing
#include "storage/postgres/pg_migrate_parts.hpp"

#include <algorithm>
#include <regex>

namespace infusion::storage::pg::sqlite_move {
namespace {

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
    return ", row " + source_key_text(s, t);
}

}  // namespace

// ---- 1. copying ----------------------------------------------------------------------------------
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
        pg::IntegerArray visits, numbers;
        const std::size_t to = std::min(sealed.size(), from + chunk);
        for (std::size_t i = from; i < to; ++i) {
            visits.add(sealed[i].first);
            numbers.add(sealed[i].second);
        }
        const auto done = pg.exec(
            "UPDATE revisions SET sealed = 1 WHERE sealed = 0 AND (visit_id, number) IN "
            "(SELECT * FROM unnest($1::bigint[], $2::integer[]))",
            {visits.param(), numbers.param()});
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

// ---- 2. comparing --------------------------------------------------------------------------------
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

}  // namespace infusion::storage::pg::sqlite_move
