// `db check`'s seal pass: every sealed row's content against its seal, every sealed row against the
// audit row that recorded it, every such audit row against its row, and the summary rows lists and
// exports read (visits, review_state) against the sealed rows they summarise. This file: the shared helpers,
// revisions and summary rows, and db check's passes; the other parts: seal_check_parts.hpp.
// Sections: 1. helpers  2. revisions  3. the passes
// Everything but SQLite's account check runs on either backend (sql_session.hpp): PostgreSQL's db check
// recomputes the same seals with the same words (verify_content_seals).
#include "storage/seal_check_parts.hpp"

#include "storage/sqlite_session.hpp"

namespace infusion::storage::detail {

// ---- 1. helpers ---------------------------------------------------------------------------------
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

// Calls `page(first, last)` for consecutive ranges of at most 500 visit ids, each starting at a visit that
// has rows in `table` matching `where` (and the scope): the checks read a page of visits per query.
void for_each_visit_page(SqlSession& db, const std::string& table, const std::string& where,
                         const std::function<void(VisitId, VisitId)>& page) {
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
                         const std::function<bool(VisitId)>& wanted, Digest digest) {
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

// ---- 3. the passes ------------------------------------------------------------------------------
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

void verify_seals_of_visits(Connection& db, CheckReport& report, VisitId first, VisitId last) {
    Findings findings(report);
    Scope scope;
    scope.first_visit = first;
    scope.last_visit = last;
    SqliteSession session(db);
    check_revisions(session, findings, scope);
    check_review(session, findings, scope);
}

void verify_visit_seals(SqlSession& db, VisitId visit, CheckReport& report) {
    Findings findings(report);
    Scope scope;
    scope.only_visit = visit;
    check_revisions(db, findings, scope);
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
