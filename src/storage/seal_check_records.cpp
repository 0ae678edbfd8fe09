// The seal check's other sealed records (seal_check_parts.hpp): export batches with the lines they carried,
// accounts and database facts, and every sealing audit row against the row it recorded.
// Sections: 1. export batches  2. accounts and facts  3. audit rows to rows
#include "storage/exported_lines_check.hpp"
#include "storage/seal_check_parts.hpp"
#include "storage/user_rows.hpp"

#include "storage/sqlite_session.hpp"
#include "storage/sqlite_user_store.hpp"

namespace infusion::storage::detail {

// ---- 1. export batches -------------------------------------------------------------------------
void check_batches(SqlSession& db, Findings& findings, const Scope& scope) {
    // Since the checkpoint: the batches whose export audit row is newer (subject "export-batch N").
    const std::string since = scope.only_batch != 0 ? " WHERE b.id = " + std::to_string(scope.only_batch)
                              : scope.after_audit == 0
                                  ? std::string()
                                  : " WHERE b.id IN (SELECT CAST(substr(a.subject, 14) AS INTEGER) FROM audit a WHERE "
                                    "a.id > " +
                                        std::to_string(scope.after_audit) + " AND a.subject LIKE 'export-batch %')";
    std::vector<std::tuple<BatchRow, std::optional<std::string>, std::int64_t>> rows;
    db.query(
        "SELECT id, created_at, created_by, format, from_date, to_date, line_count, sha256, out_path, seal, "
        "(SELECT count(*) FROM export_items i WHERE i.batch_id = b.id) FROM export_batches b" +
            since + " ORDER BY id",
        {}, [&](const SqlRow& s) {
            rows.emplace_back(BatchRow{s.integer(0), s.text(1), s.text(2), s.text(3), s.opt_text(4), s.opt_text(5),
                                       s.integer(6), s.text(7), s.text(8)},
                              s.opt_text(9), s.integer(10));
        });
    const FirstAudits audits(db);  // few batches, and their audit rows name no visit: each looked up on its own
    for (const auto& [row, stored, items] : rows) {
        const std::string what = "export batch " + std::to_string(row.id);
        if (items != row.line_count) {
            findings.add("batch lines", what + " records " + std::to_string(row.line_count) + " lines but " +
                                            std::to_string(items) +
                                            " are listed (lines were removed or added: they would be billed again "
                                            "or never)");
        }
        compare(findings, audits, what, export_batch_subject(row.id), stored,
                stored ? batch_seal(db, row, recorded_items_sql()) : "", [&, id = row.id] {
                    return legacy_audit_exists(db, "export", std::nullopt, "batch " + std::to_string(id) + ":");
                });
    }
    if (scope.only_batch != 0) return;
    // A delivery record removed: the next export writes the batch again for the billing system to take twice.
    // The deliveries table itself dropped: the schema check names it, and nothing is delivered without it.
    std::int64_t deliveries_table = 0;
    db.query(db.table_exists_sql(), {std::string("export_deliveries")},
             [&](const SqlRow& r) { deliveries_table = r.integer(0); });
    if (deliveries_table != 0) {
        for (const auto& text : deliveries_altered(db)) findings.add("batch delivery", text);
    }
    // Lines for a batch after the newest: one index search, so every check makes it. The program records a
    // batch's lines and its row in one transaction; such lines were added outside it, pass for sent, and
    // would join the next batch (the export refuses to run while they are there).
    db.query(
        "SELECT batch_id FROM export_items WHERE batch_id > (SELECT coalesce(max(id), 0) FROM export_batches) "
        "LIMIT 1",
        {}, [&](const SqlRow& r) {
            findings.add("batch lines", "exported lines name batch " + r.text(0) +
                                            ", which is not recorded (lines added outside InfusionDoc: they would "
                                            "never be billed)");
        });
    if (scope.after_audit != 0) return;  // a scan of every exported line: --full only
    db.query(
        "SELECT DISTINCT batch_id FROM export_items i WHERE NOT EXISTS "
        "(SELECT 1 FROM export_batches b WHERE b.id = i.batch_id) "
        "AND i.batch_id <= (SELECT coalesce(max(id), 0) FROM export_batches)",  // the later ones: said above
        {}, [&](const SqlRow& r) {
            findings.add("batch lines",
                         "exported lines name batch " + r.text(0) + ", which is not recorded (the batch was deleted)");
        });
}

// ---- 2. accounts and facts ---------------------------------------------------------------------
// Few rows: checked whole at every check. An account must match the seal of its newest audit row; a fact
// must have the row that recorded it.
void check_accounts(Connection& db, Findings& findings) {
    for (const auto& user : read_all_users(db)) {
        const auto audit = latest_audit_for(db, account_subject(user.username));
        if (!audit) {
            findings.add("account", account_unaudited_finding(user.username));
        } else if (audit->seal != account_seal(user)) {
            findings.add("account", account_changed_finding(user.username, audit->id));
        }
    }
    // The program never deletes an account (it disables it): an account the log records must be there.
    // Checked whole, like the accounts: the default check missed a deleted user (only --full's walk of
    // every audit row found it), and a users table emptied with the shell let anyone act.
    {
        auto s = db.prepare(std::string("SELECT DISTINCT substr(subject, 9) FROM audit WHERE ") + subject_indexed_sql +
                            " AND subject >= 'account ' AND subject < 'account!' AND NOT EXISTS "
                            "(SELECT 1 FROM users u WHERE u.username = substr(audit.subject, 9)) ORDER BY 1");
        while ((*s).executeStep()) findings.add("account", account_gone_finding((*s).getColumn(0).getString()));
    }
    std::vector<std::tuple<std::string, std::string, std::string>> facts;
    {
        auto s = db.prepare("SELECT name, value, recorded_at FROM database_facts ORDER BY name");
        while ((*s).executeStep()) {
            facts.emplace_back((*s).getColumn(0).getString(), (*s).getColumn(1).getString(),
                               (*s).getColumn(2).getString());
        }
    }
    for (const auto& [name, value, at] : facts) {
        if (!fact_recorded(db, name, value, at)) {
            findings.add("fact", fact_unrecorded_finding(name, value));
        }
    }
}

// ---- 3. audit rows to rows ---------------------------------------------------------------------
namespace {

bool row_exists(SqlSession& db, const std::string& subject) {
    const auto space = subject.find(' ');
    if (space == std::string::npos) return false;
    const std::string kind = subject.substr(0, space);
    const std::string key = subject.substr(space + 1);
    try {
        const auto slash = key.find('/');
        if (kind == "countersignature" && slash != std::string::npos) {  // a later one, after an amendment
            return db
                .value("SELECT 1 FROM countersignatures WHERE visit_id = ? AND revision = ?",
                       {static_cast<std::int64_t>(std::stoll(key.substr(0, slash))),
                        std::int64_t{std::stoi(key.substr(slash + 1))}})
                .has_value();
        }
        if (kind == "revision") {
            if (slash == std::string::npos) return false;
            return db
                .value("SELECT 1 FROM revisions WHERE visit_id = ? AND number = ? AND sealed = 1",
                       {static_cast<std::int64_t>(std::stoll(key.substr(0, slash))),
                        std::int64_t{std::stoi(key.substr(slash + 1))}})
                .has_value();
        }
        if (kind == "account" || kind == "fact") {
            return db
                .value(kind == "account" ? "SELECT 1 FROM users WHERE username = ?"
                                         : "SELECT 1 FROM database_facts WHERE name = ?",
                       {key})
                .has_value();
        }
        const char* sql = kind == "countersignature" ? "SELECT 1 FROM countersignatures WHERE visit_id = ?"
                          : kind == "site-care-note" ? "SELECT 1 FROM site_care_notes WHERE id = ?"
                          : kind == "export-batch"   ? "SELECT 1 FROM export_batches WHERE id = ?"
                                                     : nullptr;
        if (sql == nullptr) return false;
        return db.value(sql, {static_cast<std::int64_t>(std::stoll(key))}).has_value();
    } catch (const std::invalid_argument&) {
        return false;
    } catch (const std::out_of_range&) {
        return false;
    }
}

}  // namespace

void check_audit_subjects(SqlSession& db, Findings& findings, const Scope& scope) {
    // The server pairs the many audit rows of revisions, countersignatures and site-care notes with their
    // rows in one pass (by the visit the audit row names); what it cannot pair (accounts, facts, batches,
    // and any row that is really gone) is looked up subject by subject, which decides.
    std::vector<std::pair<std::int64_t, std::string>> subjects;
    db.query("SELECT a.id, a.subject FROM audit a WHERE a.subject <> ''" + scope.audit("a.id") +
                 " AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.visit_id = a.visit_id AND r.sealed = 1 AND "
                 "a.subject = 'revision ' || CAST(r.visit_id AS TEXT) || '/' || CAST(r.number AS TEXT)) "
                 "AND NOT EXISTS (SELECT 1 FROM countersignatures c WHERE c.visit_id = a.visit_id AND "
                 "(a.subject = 'countersignature ' || CAST(c.visit_id AS TEXT) OR a.subject = 'countersignature ' || "
                 "CAST(c.visit_id AS TEXT) || '/' || CAST(c.revision AS TEXT))) "
                 "AND NOT EXISTS (SELECT 1 FROM site_care_notes n WHERE n.visit_id = a.visit_id AND "
                 "a.subject = 'site-care-note ' || CAST(n.id AS TEXT)) ORDER BY a.id",
             {}, [&](const SqlRow& s) { subjects.emplace_back(s.integer(0), s.text(1)); });
    for (const auto& [id, subject] : subjects) {
        if (subject.rfind("account ", 0) == 0) continue;  // every check says a missing account (section 5)
        if (!row_exists(db, subject)) {
            findings.add("row missing", "audit row " + std::to_string(id) + " recorded " + subject +
                                            ", which is no longer in the database (deleted behind the program's back)");
        }
    }
    // Signatures recorded before schema 5 name their visit only.
    db.query(
        "SELECT a.id, a.action, a.visit_id FROM audit a WHERE a.subject = '' AND a.action IN ('sign', 'amend', "
        "'countersign', 'site-care-note') AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.id = a.visit_id)" +
            scope.audit("a.id") + " ORDER BY a.id",
        {}, [&](const SqlRow& s) {
            findings.add("row missing", "audit row " + s.text(0) + " (" + s.text(1) + ") names visit " + s.text(2) +
                                            ", which is no longer in the database (deleted behind the program's back)");
        });
}

}  // namespace infusion::storage::detail
