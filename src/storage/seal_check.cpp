// `db check`'s seal pass: every sealed row's content against its seal, every sealed row against the
// audit row that recorded it, every such audit row against its row, and the summary rows lists and
// exports read (visits, review_state) against the sealed rows they summarise.
// Sections: 1. findings  2. revisions  3. review rows  4. export batches  5. accounts and facts
// 6. audit rows to rows  7. the passes
// Everything but SQLite's account check runs on either backend (sql_session.hpp): PostgreSQL's db check
// recomputes the same seals with the same words (verify_content_seals).
#include "storage/review_flag_rows.hpp"
#include "storage/seal.hpp"
#include "storage/user_rows.hpp"

#include "storage/sqlite_session.hpp"
#include "storage/sqlite_user_store.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>

namespace infusion::storage::detail {
namespace {

// ---- 1. findings -------------------------------------------------------------------------------
// At most 20 findings of each kind are spelled out; the rest are counted.
class Findings {
public:
    explicit Findings(CheckReport& report) : m_report(report) {}
    ~Findings() {
        for (const auto& [kind, count] : m_counts) {
            if (count > limit) {
                m_report.findings.push_back(std::to_string(count - limit) + " more: " + kind);
            }
        }
    }
    Findings(const Findings&) = delete;
    Findings& operator=(const Findings&) = delete;

    void add(const std::string& kind, const std::string& text) {
        m_report.ok = false;
        if (++m_counts[kind] <= limit) m_report.findings.push_back(text);
    }

private:
    static constexpr int limit = 20;
    CheckReport& m_report;
    std::map<std::string, int> m_counts;
};

// What a check covers: everything, or (db check without --full) only what the audit rows after the last
// check's checkpoint touched. Rows older than the checkpoint were verified then; `--full` verifies them again.
struct Scope {
    std::int64_t after_audit = 0;  // 0: everything
    VisitId only_visit = 0;        // not 0: this visit alone (verify_visit_seals)
    std::int64_t only_batch = 0;   // not 0: this export batch alone (verify_batch_seal)

    // " AND <column> IN (visits touched since the checkpoint)", or "" for everything.
    [[nodiscard]] std::string visits(const char* column) const {
        if (only_visit != 0) return std::string(" AND ") + column + " = " + std::to_string(only_visit);
        if (after_audit == 0) return {};
        return std::string(" AND ") + column + " IN (SELECT visit_id FROM audit WHERE id > " +
               std::to_string(after_audit) + " AND visit_id IS NOT NULL)";
    }
    [[nodiscard]] std::string audit(const char* column) const {
        if (after_audit == 0) return {};
        return std::string(" AND ") + column + " > " + std::to_string(after_audit);
    }
};

// The audit row that recorded `subject`, if any, through the index on subject. A revision's audit row is
// not in that index (seal.hpp): FirstAudits finds it among its visit's audit rows, where it always is.
std::optional<AuditSeal> audit_for(SqlSession& db, const std::string& subject) {
    std::optional<AuditSeal> out;
    db.query(
        std::string("SELECT id, seal FROM audit WHERE subject = ? AND ") + subject_indexed_sql + " ORDER BY id LIMIT 1",
        {subject}, [&](const SqlRow& r) {
            out = AuditSeal{r.integer(0), r.text(1)};
        });
    return out;
}

// Rows sealed before schema 5 carry no seal: their audit row is found by action and wording.
bool legacy_audit_exists(SqlSession& db, const std::string& action, std::optional<VisitId> visit,
                         const std::string& detail_prefix) {
    // The prefix's length is counted here, not by the server: PostgreSQL cannot type a bare parameter.
    const std::int64_t length = static_cast<std::int64_t>(detail_prefix.size());
    std::vector<SqlValue> params{action};
    if (visit) params.emplace_back(*visit);
    params.emplace_back(length);
    params.emplace_back(detail_prefix);
    bool found = false;
    db.query(std::string("SELECT 1 FROM audit WHERE action = ? AND ") + (visit ? "visit_id = ?" : "visit_id IS NULL") +
                 " AND subject = '' AND substr(detail, 1, ?) = ? LIMIT 1",
             params, [&](const SqlRow&) { found = true; });
    return found;
}

// The first audit row naming each subject that starts with `kind` ("revision "), among the audit rows of
// visits first..last: one query for a page of rows instead of one per row. A row whose audit row is not
// among them (its audit row names no visit, or another) is looked up on its own (FirstAudits::of), except a
// revision's, whose audit row always names its visit and is not in the index on subject.
class FirstAudits {
public:
    explicit FirstAudits(SqlSession& db) : m_db(db) {}
    FirstAudits(SqlSession& db, const std::string& kind, VisitId first, VisitId last) : m_db(db) {
        db.query("SELECT id, subject, seal FROM audit WHERE visit_id BETWEEN ? AND ? AND subject LIKE ? ORDER BY id",
                 {first, last, kind + "%"}, [&](const SqlRow& r) {
                     m_first.try_emplace(r.text(1), AuditSeal{r.integer(0), r.text(2)});
                 });
    }
    [[nodiscard]] std::optional<AuditSeal> of(const std::string& subject) const {
        const auto it = m_first.find(subject);
        if (it != m_first.end()) return it->second;
        return audit_for(m_db, subject);
    }

private:
    SqlSession& m_db;
    std::map<std::string, AuditSeal> m_first;
};

// Calls `page(first, last)` for consecutive ranges of at most 500 visit ids, each starting at a visit that
// has rows in `table` matching `where` (and the scope): the checks read a page of visits per query.
void for_each_visit_page(SqlSession& db, const std::string& table, const std::string& where,
                         const std::function<void(VisitId, VisitId)>& page) {
    constexpr VisitId page_visits = 500;
    VisitId after = 0;
    for (;;) {
        const auto start =
            db.value("SELECT min(visit_id) FROM " + table + " WHERE visit_id > ?" + where, {SqlValue{after}});
        const auto* first = start ? std::get_if<std::int64_t>(&*start) : nullptr;
        if (first == nullptr) return;
        page(*first, *first + page_visits - 1);
        after = *first + page_visits - 1;
    }
}

// One sealed row: recomputed seal, stored seal and the audit row's seal must agree.
void compare(Findings& findings, const FirstAudits& audits, const std::string& what, const std::string& subject,
             const std::optional<std::string>& stored, const std::string& recomputed,
             const std::function<bool()>& legacy_audit) {
    if (!stored) {
        if (!legacy_audit()) {
            findings.add("sealed without audit",
                         what + " is sealed but no audit row recorded it (added behind the program's back)");
        }
        return;
    }
    if (*stored != recomputed) {
        findings.add("content changed", what + ": its content no longer matches its seal (changed after sealing)");
    }
    const auto audit = audits.of(subject);
    if (!audit) {
        findings.add("sealed without audit",
                     what + " is sealed but no audit row recorded it (added behind the program's back)");
    } else if (audit->seal != *stored) {
        findings.add("seal differs", what + ": its seal differs from the one audit row " + std::to_string(audit->id) +
                                         " recorded (the row or its seal was replaced)");
    }
}

// ---- 2. revisions ------------------------------------------------------------------------------
// Visits first..last (`in_scope` narrows them in SQL, `wanted` in C++: the export's visits): their sealed
// revisions against their seals and audit rows, and their summary rows against the sealed revisions.
void check_revision_page(SqlSession& db, Findings& findings, VisitId first, VisitId last, const std::string& in_scope,
                         const std::function<bool(VisitId)>& wanted, Digest digest = Digest::recomputed) {
    std::vector<std::tuple<VisitId, int, std::optional<std::string>>> sealed;
    std::vector<RevisionKey> with_seal;
    db.query("SELECT visit_id, number, seal FROM revisions WHERE sealed = 1 AND visit_id BETWEEN ? AND ?" + in_scope +
                 " ORDER BY visit_id, number",
             {first, last}, [&](const SqlRow& r) {
                 if (wanted && !wanted(r.integer(0))) return;
                 sealed.emplace_back(r.integer(0), static_cast<int>(r.integer(1)), r.opt_text(2));
                 if (!r.is_null(2)) with_seal.emplace_back(r.integer(0), static_cast<int>(r.integer(1)));
             });
    const auto seals = revision_seals(db, first, last, with_seal, digest);
    const FirstAudits audits(db, "revision ", first, last);
    for (const auto& [visit, number, stored] : sealed) {
        const std::string what = number == 0
                                     ? "visit " + std::to_string(visit) + " (signed original)"
                                     : "visit " + std::to_string(visit) + " amendment " + std::to_string(number);
        compare(findings, audits, what, revision_subject(visit, number), stored,
                stored ? seals.at({visit, number}) : "", [&, visit = visit, number = number] {
                    return number == 0
                               ? legacy_audit_exists(db, "sign", visit, "")
                               : legacy_audit_exists(db, "amend", visit, "amendment " + std::to_string(number) + ":");
                });
    }
}

// The summary row lists, the worklist and the export read must agree with the sealed revisions.
void check_summary_rows(SqlSession& db, Findings& findings, const std::string& condition,
                        const std::vector<SqlValue>& params, const std::function<bool(VisitId)>& wanted) {
    db.query(
        "SELECT v.id, v.status, v.current_revision FROM visits v "
        "LEFT JOIN revisions r ON r.visit_id = v.id AND r.number = v.current_revision "
        "WHERE ((v.status = 'draft' AND EXISTS (SELECT 1 FROM revisions x WHERE x.visit_id = v.id AND x.sealed = 1)) "
        "OR (v.status <> 'draft' AND (r.sealed IS DISTINCT FROM 1 OR (v.status = 'signed') <> (v.current_revision = 0) "
        "OR v.current_revision <> (SELECT max(number) FROM revisions x WHERE x.visit_id = v.id) "
        "OR v.billable IS DISTINCT FROM r.billable OR v.infusion_minutes IS DISTINCT FROM r.infusion_minutes "
        // The date, clinician and patient the lists, the worklist and the export select by: a signed visit's
        // date changed with the shell left billing unseen by both checks (found from outside).
        "OR v.date_of_service <> coalesce(r.date_of_service, '') OR v.clinician <> r.clinician "
        "OR NOT EXISTS (SELECT 1 FROM patients p WHERE p.id = v.patient_id AND p.mrn = r.patient_mrn))))" +
            condition,
        params, [&](const SqlRow& s) {
            if (wanted && !wanted(s.integer(0))) return;
            findings.add("summary differs",
                         "visit " + s.text(0) + ": its summary row (status " + s.text(1) + ", revision " + s.text(2) +
                             ", or its date, clinician or patient) does not match its sealed revisions (edited "
                             "behind the program's back)");
        });
}

void check_revisions(SqlSession& db, Findings& findings, const Scope& scope) {
    const std::string in_scope = scope.visits("visit_id");
    // Pages start at any revision's visit, sealed or not: the page's start is then read from the primary key
    // alone. With `sealed = 1` in it, a server whose statistics still say "nothing sealed" (db migrate
    // copies revisions unsealed, then seals them) scanned the whole table for each page: 0.75 s a page.
    for_each_visit_page(db, "revisions", in_scope, [&](VisitId first, VisitId last) {
        check_revision_page(db, findings, first, last, in_scope, nullptr);
    });
    check_summary_rows(db, findings, scope.visits("v.id"), {}, nullptr);
}

// ---- 3. review rows ----------------------------------------------------------------------------
// The long-infusion threshold the audit log's last "review-threshold" row set ("long-infusion threshold
// 240 -> 180 minutes: ..."), or nullopt when the program never changed it (the schema's 240 stands).
std::optional<int> audited_review_threshold(SqlSession& db) {
    std::optional<int> out;
    db.query("SELECT detail FROM audit WHERE visit_id IS NULL AND action = 'review-threshold' ORDER BY id DESC LIMIT 1",
             {}, [&](const SqlRow& s) {
                 const std::string detail = s.text(0);
                 const auto arrow = detail.find(" -> ");
                 if (arrow == std::string::npos) return;
                 int minutes = 0;
                 const char* begin = detail.data() + arrow + 4;
                 const auto [end, ec] = std::from_chars(begin, detail.data() + detail.size(), minutes);
                 if (ec == std::errc{} && end != begin) out = minutes;
             });
    return out;
}

// Every signed revision has its review flags (revision_flags, stored at signing), and the queue's flags
// and priority are those of the current revision under the queue's threshold, weighed by core.
void check_review_flags(SqlSession& db, Findings& findings, const Scope& scope) {
    db.query(
        "SELECT r.visit_id, r.number FROM revisions r WHERE r.sealed = 1 AND NOT EXISTS (SELECT 1 FROM "
        "revision_flags f WHERE f.visit_id = r.visit_id AND f.revision = r.number)" +
            scope.visits("r.visit_id"),
        {}, [&](const SqlRow& s) {
            findings.add("review flags missing", "revision " + s.text(1) + " of visit " + s.text(0) +
                                                     " is signed but has no review flags (removed behind the "
                                                     "program's back: the review queue cannot be rebuilt)");
        });
    // Every signed visit has its queue row (the trigger refuses a delete, but it can be dropped and made
    // again): without it the visit leaves the supervisors' queue unreviewed (found from outside). A scan
    // of every visit, so --full only: quick checks look at the visits written since the checkpoint.
    db.query(
        "SELECT v.id FROM visits v WHERE v.status <> 'draft' AND NOT EXISTS (SELECT 1 FROM review_state rs "
        "WHERE rs.visit_id = v.id)" +
            scope.visits("v.id"),
        {}, [&](const SqlRow& s) {
            findings.add("review state", "visit " + s.text(0) +
                                             " is signed but not in the review queue (its row was deleted "
                                             "behind the program's back: no supervisor would review it)");
        });
    // The threshold itself first: changed with the shell, it made every visit between the two thresholds
    // read as "edited behind the program's back" (~150 of them, found from outside) and said nothing of
    // itself. It is named once, and the visits are weighed against the threshold the program set.
    core::ReviewSettings settings = queue_review_settings(db);
    const int audited = audited_review_threshold(db).value_or(core::ReviewSettings{}.long_infusion_minutes);
    if (audited != settings.long_infusion_minutes) {
        findings.add("review threshold", "the review queue's long-infusion threshold is " +
                                             std::to_string(settings.long_infusion_minutes) +
                                             " minutes, but the program last set it to " + std::to_string(audited) +
                                             " (audit log): changed behind the program's back");
        settings.long_infusion_minutes = audited;
    }
    db.query(
        "SELECT rs.visit_id, rs.flags, rs.priority, f.flags, r.infusion_minutes FROM review_state rs "
        "JOIN visits v ON v.id = rs.visit_id JOIN revisions r ON r.visit_id = v.id AND r.number = v.current_revision "
        "JOIN revision_flags f ON f.visit_id = v.id AND f.revision = v.current_revision WHERE TRUE" +
            scope.visits("rs.visit_id"),
        {}, [&](const SqlRow& s) {
            const auto listed = static_cast<std::uint32_t>(s.integer(1));
            const auto expected =
                core::with_long_infusion_threshold(static_cast<std::uint32_t>(s.integer(3)), s.opt_int(4), settings);
            if (listed != expected || s.integer(2) != core::review_priority(expected)) {
                findings.add("review flags", "visit " + s.text(0) + " is listed for review with flags " +
                                                 std::to_string(listed) + " and priority " + s.text(2) +
                                                 " but its signed revision says " + std::to_string(expected) + " and " +
                                                 std::to_string(core::review_priority(expected)) +
                                                 " (edited behind the program's back)");
            }
        });
}

void check_review(SqlSession& db, Findings& findings, const Scope& scope) {
    const std::string in_scope = scope.visits("visit_id");
    for_each_visit_page(db, "countersignatures", in_scope, [&](VisitId first, VisitId last) {
        std::vector<std::pair<CountersignatureRow, std::optional<std::string>>> rows;
        db.query(
            "SELECT visit_id, revision, supervisor, at, comment, seal FROM countersignatures "
            "WHERE visit_id BETWEEN ? AND ?" +
                in_scope + " ORDER BY visit_id, revision",
            {first, last}, [&](const SqlRow& s) {
                rows.push_back(
                    {{s.integer(0), static_cast<int>(s.integer(1)), s.text(2), s.text(3), s.text(4)}, s.opt_text(5)});
            });
        const FirstAudits audits(db, "countersignature ", first, last);
        VisitId previous = 0;
        for (const auto& [row, stored] : rows) {
            const bool first_of_visit = row.visit_id != previous;
            previous = row.visit_id;
            compare(findings, audits,
                    "the countersignature of visit " + std::to_string(row.visit_id) + " (revision " +
                        std::to_string(row.revision) + ")",
                    countersignature_subject(row.visit_id, row.revision, first_of_visit), stored,
                    countersignature_seal(row),
                    [&, visit = row.visit_id] { return legacy_audit_exists(db, "countersign", visit, ""); });
        }
    });
    for_each_visit_page(db, "site_care_notes", in_scope, [&](VisitId first, VisitId last) {
        std::vector<std::pair<SiteCareNoteRow, std::optional<std::string>>> rows;
        db.query(
            "SELECT id, visit_id, author, at, location, conditions, grade, text, seal FROM site_care_notes "
            "WHERE visit_id BETWEEN ? AND ?" +
                in_scope + " ORDER BY id",
            {first, last}, [&](const SqlRow& s) {
                rows.push_back({{s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5),
                                 static_cast<int>(s.integer(6)), s.text(7)},
                                s.opt_text(8)});
            });
        const FirstAudits audits(db, "site-care-note ", first, last);
        for (const auto& [row, stored] : rows) {
            compare(findings, audits,
                    "site-care note " + std::to_string(row.id) + " of visit " + std::to_string(row.visit_id),
                    site_care_note_subject(row.id), stored, site_care_note_seal(row),
                    [&, visit = row.visit_id, id = row.id] {
                        return legacy_audit_exists(db, "site-care-note", visit,
                                                   "site-care note " + std::to_string(id) + ":");
                    });
        }
    });
    // review_state is a cache, but the supervisor's queue trusts it: it must say what the record says.
    db.query(
        "SELECT visit_id, state, expected FROM (SELECT rs.visit_id, rs.state, CASE "
        "WHEN EXISTS (SELECT 1 FROM correction_requests c WHERE c.visit_id = rs.visit_id "
        "AND c.resolved_revision IS NULL) THEN 'correction' "
        "WHEN EXISTS (SELECT 1 FROM countersignatures cs JOIN visits v ON v.id = cs.visit_id "
        "AND cs.revision = v.current_revision WHERE cs.visit_id = rs.visit_id) THEN 'countersigned' "
        "ELSE 'pending' END AS expected FROM review_state rs WHERE TRUE" +
            scope.visits("rs.visit_id") + ") AS listed WHERE state <> expected",
        {}, [&](const SqlRow& s) {
            findings.add("review state", "visit " + s.text(0) + " is listed for review as '" + s.text(1) +
                                             "' but its record says '" + s.text(2) +
                                             "' (edited behind the program's back)");
        });
    // A request reads as answered only by a signed amendment of its visit (schema 21 refuses any other answer;
    // this names one made with the trigger dropped, or before it).
    db.query(
        "SELECT c.id, c.visit_id, c.resolved_revision FROM correction_requests c WHERE c.resolved_revision IS NOT "
        "NULL AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.visit_id = c.visit_id AND r.number = "
        "c.resolved_revision AND r.sealed = 1)" +
            scope.visits("c.visit_id") + " ORDER BY c.id",
        {}, [&](const SqlRow& s) {
            findings.add("review state", "correction request " + s.text(0) + " of visit " + s.text(1) +
                                             " reads as answered by amendment " + s.text(2) +
                                             ", which the visit does not have (changed behind the program's back)");
        });
    check_review_flags(db, findings, scope);
}

// ---- 4. export batches -------------------------------------------------------------------------
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

// ---- 5. accounts and facts ---------------------------------------------------------------------
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

// ---- 6. audit rows to rows ---------------------------------------------------------------------
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

}  // namespace

// ---- 7. the passes ------------------------------------------------------------------------------
void verify_seals(Connection& db, CheckReport& report, std::int64_t after_audit) {
    Findings findings(report);
    const Scope scope{after_audit};
    SqliteSession session(db);
    check_revisions(session, findings, scope);
    check_review(session, findings, scope);
    check_batches(session, findings, scope);
    check_accounts(db, findings);
    check_audit_subjects(session, findings, scope);
}

void verify_visit_seals(SqlSession& db, VisitId visit, CheckReport& report) {
    Findings findings(report);
    Scope scope;
    scope.only_visit = visit;
    check_revisions(db, findings, scope);
}

void verify_export_seals(SqlSession& db, const std::vector<VisitId>& visits, CheckReport& report,
                         const std::optional<std::pair<std::string, std::string>>& dates) {
    Findings findings(report);
    if (dates) {
        // The range's summary rows of the visits the export leaves out (held, or drafts): a signed visit made
        // unbillable or a draft on its summary row alone was left out as "held" (found from outside). Those it
        // sends are checked above with their revisions; checking every visit of a year again cost the export a
        // seventh of its time. One query by the date's index.
        check_summary_rows(
            db, findings,
            " AND v.date_of_service BETWEEN ? AND ? AND (v.billable IS DISTINCT FROM 1 OR v.status = 'draft')",
            {dates->first, dates->second}, nullptr);
        // The batches that sent lines of these dates, and those sent from a selection (no dates), with the lines
        // their seals cover: a batch's lines pointed at another visit were billed a second time (found from
        // outside). Their lines are read once each: none on a first export, a month's on a month's.
        std::vector<std::int64_t> batches;
        db.query(
            "SELECT id FROM export_batches WHERE from_date IS NULL OR (from_date <= ? AND to_date >= ?) ORDER BY id",
            {dates->second, dates->first}, [&](const SqlRow& r) { batches.push_back(r.integer(0)); });
        for (const auto batch : batches) {
            Scope scope;
            scope.only_batch = batch;
            check_batches(db, findings, scope);
        }
    }
    const auto wanted = [&](VisitId id) { return std::binary_search(visits.begin(), visits.end(), id); };
    constexpr VisitId page_visits = 500;  // as db check's pages: one query per table for a page of visits
    for (auto at = visits.begin(); at != visits.end();) {
        const VisitId first = *at;
        const VisitId last = first + page_visits - 1;
        check_revision_page(db, findings, first, last, "", wanted, Digest::stored);
        check_summary_rows(db, findings, " AND v.id BETWEEN ? AND ?", {first, last}, wanted);
        at = std::upper_bound(at, visits.end(), last);
    }
}

void verify_batch_seal(SqlSession& db, std::int64_t batch, CheckReport& report) {
    Findings findings(report);
    Scope scope;
    scope.only_batch = batch;
    check_batches(db, findings, scope);
}

void verify_content_seals(SqlSession& db, CheckReport& report) {
    Findings findings(report);
    const Scope scope{0};
    check_revisions(db, findings, scope);
    check_review(db, findings, scope);
    check_batches(db, findings, scope);
    check_audit_subjects(db, findings, scope);
}

}  // namespace infusion::storage::detail
