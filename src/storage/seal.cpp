// Content seals: the canonical form of each sealed row and its SHA-256 (seal.hpp says why).
// Sections: 1. the canonical encoding  2. subjects  3. seals
#include "storage/seal.hpp"

#include "storage/sha256.hpp"
#include "storage/sqlite_session.hpp"

#include <sqlite3.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <functional>
#include <set>
#include <stdexcept>

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
    // A value as either backend stored it (SqlValueView, sql_session.hpp), or as it is about to be written
    // (SqlValue: format 2 seals what it writes): the same content hashes alike on both backends and both ways.
    template <typename Value>
    void value(const Value& v) {
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
    // Every row of one table as it is about to be written, under the table's marker.
    void rows(const TableRows& t) {
        table(t.shape->table);
        for (const auto& r : t.rows) {
            row();
            for (const SqlValue& v : r) value(v);
        }
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
// The columns a draft's revision row has, then those signing sets (SigningColumns, in this order).
const std::string revision_draft_columns =
    "visit_id, number, author, created_at, reason, patient_mrn, patient_name, patient_birth_date, "
    "patient_allergies, clinician, setting, time_zone";
const std::string revision_columns =
    revision_draft_columns + ", signed_by, signed_at, rules_version, billable, infusion_minutes, date_of_service";

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
std::string countersignature_subject(VisitId visit, int revision, bool first_of_visit) {
    const std::string named = "countersignature " + std::to_string(visit);
    return first_of_visit ? named : named + "/" + std::to_string(revision);
}
std::string site_care_note_subject(std::int64_t note) { return "site-care-note " + std::to_string(note); }
std::string export_batch_subject(std::int64_t batch) { return "export-batch " + std::to_string(batch); }
std::string account_subject(const std::string& username) { return "account " + username; }
std::string fact_subject(const std::string& name) { return "fact " + name; }

std::string fact_audit_detail(const std::string& name, const std::string& value) {
    if (name.rfind("demo-password:", 0) == 0) return name + " = (the password's hash, not written here)";
    return name + " = " + value;
}

// ---- 3. seals ----------------------------------------------------------------------------------
namespace {

// Format 2's kinds: the seal of a revision, and the digest of its content inside it.
constexpr const char* format_2_kind = "revision-format-2";
constexpr const char* content_kind = "revision-content";
// Format 3's: the seal, its content digest (the diagnoses' rows and the rest's digest), and the rest's digest
// (seal.hpp, ContentDigests).
constexpr const char* format_3_kind = "revision-format-3";
constexpr const char* content_3_kind = "revision-content-3";
constexpr const char* content_rest_kind = "revision-content-rest";

// What revision_seals gives a revision whose row keeps a digest its content does not give: no seal is this.
constexpr const char* kept_digest_differs = "a digest its row keeps is not its content's";

// Format 3's content digest ends with the rest's digest, after the diagnoses' rows (their table marker and rows, as
// Canon::rows gives them). One hash over both: the export computes it for every revision it sends.
void rest_part(Canon& canon, const std::string& rest) {
    canon.table("rest");
    canon.row();
    canon.text(rest);
}

// Format 2 after the revision row: its content's digest, as a table of its own.
void digest_part(Canon& canon, const std::string& digest) {
    canon.table("content");
    canon.row();
    canon.text(digest);
}

// The digest of rows as written (`kind` names what they are, so no two kinds of digest can be equal).
std::string rows_digest(const char* kind, const RevisionRows& rows) {
    Canon canon(kind);
    for (const TableRows& t : rows) canon.rows(t);
    return canon.hex();
}

// The same digest of one revision's rows in `shapes`, read back in key order.
std::string stored_digest(SqlSession& db, const char* kind, const std::vector<const TableShape*>& shapes, VisitId visit,
                          int number) {
    Canon canon(kind);
    const std::vector<SqlValue> key{visit, std::int64_t{number}};
    for (const TableShape* t : shapes) {
        canon.table(t->table);
        canon.rows(db, select_rows_sql(*t), key);
    }
    return canon.hex();
}

}  // namespace

ContentDigests content_digests(const RevisionRows& content) {
    // The diagnoses are the content's first table (content_rows, content_shapes).
    if (content.empty() || std::string_view(content.front().shape->table) != "diagnoses")
        throw std::logic_error("a revision's content starts with its diagnoses");
    const RevisionRows rest(content.begin() + 1, content.end());
    ContentDigests out;
    out.rest = rows_digest(content_rest_kind, rest);
    Canon canon(content_3_kind);
    canon.rows(content.front());
    rest_part(canon, out.rest);
    out.digest = canon.hex();
    return out;
}

std::string content_digest(SqlSession& db, VisitId visit, int number) {
    return stored_digest(db, content_kind, content_shapes(), visit, number);
}

ContentDigests content_digests(SqlSession& db, VisitId visit, int number) {
    const auto& shapes = content_shapes();
    const std::vector<const TableShape*> rest(shapes.begin() + 1, shapes.end());
    ContentDigests out;
    out.rest = stored_digest(db, content_rest_kind, rest, visit, number);
    Canon canon(content_3_kind);
    canon.table(shapes.front()->table);
    canon.rows(db, select_rows_sql(*shapes.front()), {visit, std::int64_t{number}});
    rest_part(canon, out.rest);
    out.digest = canon.hex();
    return out;
}

RevisionSeal revision_seal(SqlSession& db, VisitId visit, int number, const SigningColumns& signing,
                           const RevisionRows& coding) {
    static const std::string row_sql = "SELECT content_digest, content_rest_digest, " + revision_draft_columns +
                                       " FROM revisions WHERE visit_id = ? AND number = ?";
    // The row tells the format. A draft saved with both digests (schema 24 on) is sealed in format 3 over them. One
    // saved with one (schemas 14 to 23) is sealed in format 3 too when its content still gives the digest it kept,
    // read back once (found from outside: drafts open at the upgrade were signed without their diagnoses covered),
    // and otherwise in format 2 over the digest it kept, so content changed with the shell before the signature
    // still shows. One saved with none (before schema 14) has its content read back once for format 3.
    // The row's values are kept and the digests read after the query: a session runs one query at a time.
    bool found = false;
    std::optional<std::string> stored;
    std::optional<std::string> stored_rest;
    std::vector<SqlValue> row;
    db.query(row_sql, {visit, std::int64_t{number}}, [&](const SqlRow& r) {
        found = true;
        stored = r.opt_text(0);
        stored_rest = r.opt_text(1);
        for (int i = 2; i < r.columns(); ++i) {
            row.push_back(std::visit(
                [](const auto& x) -> SqlValue {
                    if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::string_view>) {
                        return std::string(x);
                    } else {
                        return x;
                    }
                },
                r.view(i)));
        }
    });
    if (!found) throw std::runtime_error(revision_subject(visit, number) + " is missing");
    RevisionSeal out;
    if (stored && stored_rest) {
        out.content_digest = *stored;
        out.content_rest_digest = stored_rest;
    } else if (!stored || content_digest(db, visit, number) == *stored) {
        const ContentDigests read = content_digests(db, visit, number);
        out.content_digest = read.digest;
        out.content_rest_digest = read.rest;
    } else {
        out.content_digest = *stored;  // format 2 over what the draft kept: its seal will not match its content
    }
    Canon canon(out.content_rest_digest ? format_3_kind : format_2_kind);
    canon.table("revisions");
    canon.row();
    for (const SqlValue& v : row) canon.value(v);
    // The signing columns as the sealing UPDATE writes them, where the check reads them back.
    for (const SqlValue& v : signing.values) canon.value(v);
    digest_part(canon, out.content_digest);
    for (const TableRows& t : coding) canon.rows(t);
    out.seal = canon.hex();
    return out;
}

std::string revision_seal_format_1(SqlSession& db, VisitId visit, int number) {
    // The statements are made once.
    static const std::vector<std::pair<const char*, std::string>> statements = [] {
        std::vector<std::pair<const char*, std::string>> out;
        out.emplace_back("revisions", std::string("SELECT ") + revision_columns +
                                          " FROM revisions WHERE visit_id = ? AND number = ?");
        for (const Part& part : revision_parts) {
            out.emplace_back(part.table, select_rows_sql(part.table, part.columns, part.order));
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
                                                  const std::vector<RevisionKey>& wanted, Digest digest) {
    // Each revision's canonical form, and for formats 2 and 3 its content's (hashed into it after the content
    // tables): format 2's whole content in one form; format 3's diagnoses in one and the rest in another.
    enum class Format { one = 1, two = 2, three = 3 };
    struct Forms {
        Forms(Format f, bool recompute)
            : format(f),
              seal(f == Format::one   ? "revision"
                   : f == Format::two ? format_2_kind
                                      : format_3_kind) {
            if (f == Format::two && recompute) content.emplace(content_kind);
            if (f == Format::three) {
                diagnoses.emplace(content_3_kind);
                if (recompute) content.emplace(content_rest_kind);
            }
        }
        Format format;
        Canon seal;
        std::optional<Canon> content;
        std::optional<Canon> diagnoses;  // format 3's content digest over its diagnoses (the export sends them)
        std::string kept_digest;         // the content digest as its row keeps it (formats 2 and 3)
        std::string kept_rest;           // format 3's digest of all but the diagnoses, as its row keeps it
        bool kept_differs = false;       // a digest the row keeps is not its content's
    };
    const bool stored = digest == Digest::stored;
    const std::set<RevisionKey> want(wanted.begin(), wanted.end());
    std::map<RevisionKey, Forms> forms;
    const std::vector<SqlValue> range{first, last};
    bool any_format[4] = {false, false, false, false};
    // The revision row decides the format: a digest in it is format 2, both digests format 3 (seal.hpp).
    db.query(std::string("SELECT CASE WHEN content_digest IS NULL THEN 1 WHEN content_rest_digest IS NULL THEN 2 "
                         "ELSE 3 END, content_digest, content_rest_digest, ") +
                 revision_columns + " FROM revisions WHERE visit_id BETWEEN ? AND ? ORDER BY visit_id, number",
             range, [&](const SqlRow& r) {
                 const RevisionKey key{r.integer(3), static_cast<int>(r.integer(4))};
                 if (!want.count(key)) return;
                 const auto format = static_cast<Format>(r.integer(0));
                 any_format[static_cast<int>(format)] = true;
                 Forms& f = forms.try_emplace(key, format, !stored).first->second;
                 if (format != Format::one) f.kept_digest = r.text(1);
                 if (format == Format::three) f.kept_rest = r.text(2);
                 f.seal.table("revisions");
                 f.seal.row();
                 for (int i = 3; i < r.columns(); ++i) f.seal.value(r.view(i));
             });
    // Rows come in key order, so each revision's rows reach its canonical form in its format's order. The first
    // two columns name the revision. `to` picks the form a table's rows go to (nullptr: none of this revision).
    using To = std::function<Canon*(Forms&)>;
    const auto feed = [&](const char* table, const char* columns, const char* order, const To& to) {
        for (auto& [key, f] : forms) {
            if (Canon* c = to(f)) c->table(table);
        }
        db.query(std::string("SELECT visit_id, revision, ") + columns + " FROM " + table +
                     " WHERE visit_id BETWEEN ? AND ? ORDER BY visit_id, revision, " + order,
                 range, [&](const SqlRow& r) {
                     const auto it = forms.find({r.integer(0), static_cast<int>(r.integer(1))});
                     if (it == forms.end()) return;
                     Canon* c = to(it->second);
                     if (!c) return;
                     c->row();
                     for (int i = 2; i < r.columns(); ++i) c->value(r.view(i));
                 });
    };
    const auto& content = content_shapes();
    const auto& coding = coding_shapes();
    constexpr std::size_t content_tables = 7;
    const bool any_later = any_format[2] || any_format[3];
    for (std::size_t i = 0; i < std::size(revision_parts); ++i) {
        const Part& part = revision_parts[i];
        const bool is_content = i < content_tables;
        const bool is_diagnoses = i == 0;
        const TableShape* shape = is_content ? content[i] : coding[i - content_tables];
        const bool same =
            std::string_view(part.columns) == shape->columns && std::string_view(part.order) == shape->key;
        const To format_1 = [](Forms& f) -> Canon* { return f.format == Format::one ? &f.seal : nullptr; };
        // Formats 2 and 3: a content table goes to the content's forms (format 3's diagnoses to their own), a
        // coding table to the seal itself.
        const To later = [&](Forms& f) -> Canon* {
            if (f.format == Format::one) return nullptr;
            if (!is_content) return &f.seal;
            if (f.format == Format::three && is_diagnoses) return &*f.diagnoses;
            return f.content ? &*f.content : nullptr;
        };
        // With stored digests, formats 2 and 3 read no content table (the bulk of a revision's rows) but format
        // 3's diagnoses.
        const bool later_reads = is_content ? (stored ? is_diagnoses && any_format[3] : any_later) : any_later;
        if (same && any_format[1] && later_reads) {
            feed(part.table, part.columns, part.order,
                 [&](Forms& f) { return f.format == Format::one ? format_1(f) : later(f); });
        } else {
            if (any_format[1]) feed(part.table, part.columns, part.order, format_1);
            if (later_reads) feed(shape->table, shape->columns, shape->key, later);
        }
        if (i + 1 == content_tables) {
            // The content is whole: its digest goes into the seal, as signing put the stored one. Recomputed, the
            // digests the row keeps must be those of its content too: the export seals over them, and a kept digest
            // changed alone stopped every export while db check said ok (found from outside). Such a revision is
            // given a value no seal has, so it is named as changed after sealing.
            for (auto& [key, f] : forms) {
                if (f.format == Format::one) continue;
                std::string content_digest;
                if (f.format == Format::two) {
                    content_digest = f.content ? f.content->hex() : f.kept_digest;
                } else {
                    const std::string rest = f.content ? f.content->hex() : f.kept_rest;
                    rest_part(*f.diagnoses, rest);
                    content_digest = f.diagnoses->hex();
                    if (rest != f.kept_rest) f.kept_differs = true;
                }
                if (content_digest != f.kept_digest) f.kept_differs = true;
                digest_part(f.seal, content_digest);
            }
        }
    }
    std::map<RevisionKey, std::string> out;
    for (auto& [key, f] : forms) out.emplace(key, f.kept_differs ? kept_digest_differs : f.seal.hex());
    return out;
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
