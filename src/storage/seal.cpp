// Content seals: the canonical form of each sealed row and its SHA-256 (seal.hpp says why).
// Sections: 1. the canonical encoding  2. subjects  3. seals
#include "storage/seal.hpp"

#include "storage/sha256.hpp"
#include "storage/sqlite_session.hpp"

#include <sqlite3.h>

#include <array>
#include <charconv>
#include <cstdio>

namespace infusion::storage::detail {
namespace {

// ---- 1. the canonical encoding -----------------------------------------------------------------
// Every value carries its type and its length, every row and table a marker: "ab","c" and "a","bc",
// NULL and "", 1 and "1" all hash differently.
class Canon {
public:
    explicit Canon(std::string_view kind) {
        put("infusiondoc-seal-1:");
        text(kind);
    }
    void table(std::string_view name) {
        put("T");
        text(name);
    }
    void row() { put("R"); }
    void text(std::string_view value) {
        put("t");
        number(static_cast<std::int64_t>(value.size()));
        put(":");
        put(value);
    }
    void integer(std::int64_t value) {
        put("i");
        number(value);
        put(";");
    }
    void null() { put("n;"); }
    void optional_text(const std::optional<std::string>& value) {
        if (value) {
            text(*value);
        } else {
            null();
        }
    }
    // A value as either backend stored it (sql_session.hpp): the same content hashes alike on both.
    void value(const SqlValueView& v) {
        std::visit(
            [&](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, std::monostate>) {
                    null();
                } else if constexpr (std::is_same_v<T, std::int64_t>) {
                    integer(x);
                } else if constexpr (std::is_same_v<T, double>) {
                    real(x);
                } else {
                    text(x);
                }
            },
            v);
    }
    void real(double value) {
        char buffer[40];
        std::snprintf(buffer, sizeof buffer, "r%.17g;", value);
        put(buffer);
    }
    void column(const SQLite::Column& c) {
        switch (c.getType()) {
            case SQLITE_INTEGER: integer(c.getInt64()); break;
            case SQLITE_FLOAT: real(c.getDouble()); break;
            case SQLITE_BLOB: {
                const std::string_view bytes(static_cast<const char*>(c.getBlob()),
                                             static_cast<std::size_t>(c.getBytes()));
                put("b");
                number(static_cast<std::int64_t>(bytes.size()));
                put(":");
                put(bytes);
                break;
            }
            case SQLITE_NULL: null(); break;
            default: text(std::string_view(c.getText(""), static_cast<std::size_t>(c.getBytes()))); break;
        }
    }
    // Every column of every row the statement returns.
    void rows(SQLite::Statement& s) {
        while (s.executeStep()) {
            row();
            for (int i = 0; i < s.getColumnCount(); ++i) column(s.getColumn(i));
        }
    }
    // Every column of every row a shared query returns.
    void rows(SqlSession& db, const std::string& sql, const std::vector<SqlValue>& params) {
        db.query(sql, params, [&](const SqlRow& r) {
            row();
            for (int i = 0; i < r.columns(); ++i) value(r.view(i));
        });
    }
    [[nodiscard]] std::string hex() {
        flush();
        return m_sha.hex();
    }

private:
    // The bytes are gathered and hashed 64 KiB at a time: a batch's seal covers every exported line, and
    // hashing each few-byte piece on its own was most of the seal's time. The hash is the same.
    void put(std::string_view bytes) {
        m_pending.append(bytes);
        if (m_pending.size() >= 64 * 1024) flush();
    }
    void number(std::int64_t value) {
        std::array<char, 24> digits{};
        put({digits.data(),
             static_cast<std::size_t>(std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr -
                                      digits.data())});
    }
    void flush() {
        m_sha.update(m_pending);
        m_pending.clear();
    }

    Sha256 m_sha;
    std::string m_pending;
};

// Seal format 1 of a revision: its row (without `sealed` and `seal`), then each table of its content,
// in key order. Adding a column to one of these tables needs a new format (seal.hpp).
constexpr const char* revision_columns =
    "visit_id, number, author, created_at, reason, patient_mrn, patient_name, patient_birth_date, "
    "patient_allergies, clinician, setting, time_zone, signed_by, signed_at, rules_version, billable, "
    "infusion_minutes, date_of_service";

struct Part {
    const char* table;
    const char* columns;
    const char* order;
};
constexpr Part revision_parts[] = {
    {"diagnoses", "ord, code", "ord"},
    {"substances", "ord, name, dose, unit, ndc, lot, wasted", "ord"},
    {"vials", "substance_ord, ord, gtin, lot, expiry, serial", "substance_ord, ord"},
    {"pump_setups", "ord, pump, set_up_at, start, stop", "ord"},
    {"sites", "setup_ord, ord, location, needle, prepped, aspiration, secured", "setup_ord, ord"},
    {"pauses", "setup_ord, ord, start, stop, reason", "setup_ord, ord"},
    {"notes", "ord, at, kind, text", "ord"},
    {"intervals", "ord, start_utc, stop_utc", "ord"},
    {"billing_lines",
     "ord, kind, code, units, modifiers, reason, description, revenue_code, ndc, ndc_unit, ndc_quantity, "
     "substance_ord",
     "ord"},
    {"problems", "ord, severity, code, field, message", "ord"},
};

}  // namespace

// ---- 2. subjects -------------------------------------------------------------------------------
std::string revision_subject(VisitId visit, int number) {
    return "revision " + std::to_string(visit) + "/" + std::to_string(number);
}
std::string countersignature_subject(VisitId visit) { return "countersignature " + std::to_string(visit); }
std::string site_care_note_subject(std::int64_t note) { return "site-care-note " + std::to_string(note); }
std::string export_batch_subject(std::int64_t batch) { return "export-batch " + std::to_string(batch); }
std::string account_subject(const std::string& username) { return "account " + username; }
std::string fact_subject(const std::string& name) { return "fact " + name; }

// ---- 3. seals ----------------------------------------------------------------------------------
std::string revision_seal(SqlSession& db, VisitId visit, int number) {
    // The statements are made once: each signature reads its revision back through all eleven.
    static const std::vector<std::pair<const char*, std::string>> statements = [] {
        std::vector<std::pair<const char*, std::string>> out;
        out.emplace_back("revisions", std::string("SELECT ") + revision_columns +
                                          " FROM revisions WHERE visit_id = ? AND number = ?");
        for (const Part& part : revision_parts) {
            out.emplace_back(part.table, std::string("SELECT ") + part.columns + " FROM " + part.table +
                                             " WHERE visit_id = ? AND revision = ? ORDER BY " + part.order);
        }
        return out;
    }();
    Canon canon("revision");
    const std::vector<SqlValue> key{visit, std::int64_t{number}};
    for (const auto& [table, sql] : statements) {
        canon.table(table);
        canon.rows(db, sql, key);
    }
    return canon.hex();
}

std::map<RevisionKey, std::string> revision_seals(SqlSession& db, VisitId first, VisitId last,
                                                  const std::vector<RevisionKey>& wanted) {
    std::map<RevisionKey, Canon> canons;
    for (const auto& key : wanted) canons.try_emplace(key, "revision");
    const std::vector<SqlValue> range{first, last};
    // Rows come in key order, so each revision's rows reach its canonical form in revision_seal's order.
    // The first two columns name the revision; `hashed_from` says whether they are content too.
    const auto feed = [&](const std::string& sql, int hashed_from) {
        db.query(sql, range, [&](const SqlRow& r) {
            const auto it = canons.find({r.integer(0), static_cast<int>(r.integer(1))});
            if (it == canons.end()) return;
            it->second.row();
            for (int i = hashed_from; i < r.columns(); ++i) it->second.value(r.view(i));
        });
    };
    for (auto& [key, canon] : canons) canon.table("revisions");
    feed(std::string("SELECT ") + revision_columns +
             " FROM revisions WHERE visit_id BETWEEN ? AND ? ORDER BY visit_id, number",
         0);
    for (const Part& part : revision_parts) {
        for (auto& [key, canon] : canons) canon.table(part.table);
        feed(std::string("SELECT visit_id, revision, ") + part.columns + " FROM " + part.table +
                 " WHERE visit_id BETWEEN ? AND ? ORDER BY visit_id, revision, " + part.order,
             2);
    }
    std::map<RevisionKey, std::string> out;
    for (auto& [key, canon] : canons) out.emplace(key, canon.hex());
    return out;
}

std::string revision_seal(Connection& db, VisitId visit, int number) {
    SqliteSession session(db);
    return revision_seal(session, visit, number);
}

std::string account_seal(const UserRecord& user) {
    Canon canon("account");
    canon.table("users");
    canon.row();
    canon.text(user.username);
    canon.text(user.display_name);
    canon.text(join_list(user.roles));
    canon.integer(user.disabled ? 1 : 0);
    canon.text(user.password_hash);
    canon.text(user.created_at);
    return canon.hex();
}

std::string fact_seal(const std::string& name, const std::string& value, const std::string& recorded_at) {
    Canon canon("fact");
    canon.table("database_facts");
    canon.row();
    canon.text(name);
    canon.text(value);
    canon.text(recorded_at);
    return canon.hex();
}

std::string countersignature_seal(const CountersignatureRow& row) {
    Canon canon("countersignature");
    canon.table("countersignatures");
    canon.row();
    canon.integer(row.visit_id);
    canon.integer(row.revision);
    canon.text(row.supervisor);
    canon.text(row.at);
    canon.text(row.comment);
    return canon.hex();
}

std::string site_care_note_seal(const SiteCareNoteRow& row) {
    Canon canon("site-care-note");
    canon.table("site_care_notes");
    canon.row();
    canon.integer(row.id);
    canon.integer(row.visit_id);
    canon.text(row.author);
    canon.text(row.at);
    canon.text(row.location);
    canon.text(row.conditions);
    canon.integer(row.grade);
    canon.text(row.text);
    return canon.hex();
}

std::string batch_seal(SqlSession& db, const BatchRow& row, const std::string& items_sql) {
    return batch_seal(db, row, items_sql, {row.id});
}

std::string batch_seal(SqlSession& db, const BatchRow& row, const std::string& items_sql,
                       const std::vector<SqlValue>& items_params) {
    Canon canon("export-batch");
    canon.table("export_batches");
    canon.row();
    canon.integer(row.id);
    canon.text(row.created_at);
    canon.text(row.created_by);
    canon.text(row.format);
    canon.optional_text(row.from_date);
    canon.optional_text(row.to_date);
    canon.integer(row.line_count);
    canon.text(row.sha256);
    canon.text(row.out_path);
    canon.table("export_items");
    canon.rows(db, items_sql, items_params);
    return canon.hex();
}

std::string batch_seal(Connection& db, const BatchRow& row, const std::string& items_sql) {
    SqliteSession session(db);
    return batch_seal(session, row, items_sql);
}

const std::string& recorded_items_sql() {
    static const std::string sql =
        "SELECT visit_id, revision, line_ord, kind FROM export_items WHERE batch_id = ? "
        "ORDER BY visit_id, revision, line_ord, kind";
    return sql;
}

}  // namespace infusion::storage::detail
