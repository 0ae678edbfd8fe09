#pragma once
// Internal to storage/: the parts of the seal check (seal.hpp: verify_seals, verify_content_seals,
// verify_visit_seals, verify_export_seals, verify_batch_seal), one file each by what they check:
// seal_check.cpp (the shared helpers, revisions and summary rows, db check's passes), seal_check_review.cpp
// (review rows), seal_check_records.cpp (export batches, accounts and facts, audit rows to rows) and
// seal_check_export.cpp (what an export checks before it sends or sends again).
#include "storage/records.hpp"
#include "storage/seal.hpp"
#include "storage/sql_session.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace infusion::storage::detail {

class Connection;

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
    std::int64_t after_audit = 0;             // 0: everything
    VisitId only_visit = 0;                   // not 0: this visit alone (verify_visit_seals)
    std::int64_t only_batch = 0;              // not 0: this export batch alone (verify_batch_seal)
    VisitId first_visit = 0, last_visit = 0;  // last_visit not 0: visits first..last (a quick check's sweep)

    // " AND <column> IN (visits touched since the checkpoint)", or "" for everything.
    [[nodiscard]] std::string visits(const char* column) const {
        if (only_visit != 0) return std::string(" AND ") + column + " = " + std::to_string(only_visit);
        if (last_visit != 0) {
            return std::string(" AND ") + column + " BETWEEN " + std::to_string(first_visit) + " AND " +
                   std::to_string(last_visit);
        }
        if (after_audit == 0) return {};
        return std::string(" AND ") + column + " IN (SELECT visit_id FROM audit WHERE id > " +
               std::to_string(after_audit) + " AND visit_id IS NOT NULL)";
    }
    [[nodiscard]] std::string audit(const char* column) const {
        if (after_audit == 0) return {};
        return std::string(" AND ") + column + " > " + std::to_string(after_audit);
    }
};

// The checks read a page of this many visit ids per query (one query per table for a page).
inline constexpr VisitId page_visits = 500;

// The audit row that recorded `subject`, if any, through the index on subject.
[[nodiscard]] std::optional<AuditSeal> audit_for(SqlSession& db, const std::string& subject);
// Rows sealed before schema 5 carry no seal: their audit row is found by action and wording.
[[nodiscard]] bool legacy_audit_exists(SqlSession& db, const std::string& action, std::optional<VisitId> visit,
                                       const std::string& detail_prefix);

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

// Calls `page(first, last)` for consecutive ranges of at most page_visits visit ids, each starting at a visit
// that has rows in `table` matching `where` (and the scope).
void for_each_visit_page(SqlSession& db, const std::string& table, const std::string& where,
                         const std::function<void(VisitId, VisitId)>& page);
// One sealed row: recomputed seal, stored seal and the audit row's seal must agree.
void compare(Findings& findings, const FirstAudits& audits, const std::string& what, const std::string& subject,
             const std::optional<std::string>& stored, const std::string& recomputed,
             const std::function<bool()>& legacy_audit);

// Visits first..last (`in_scope` narrows them in SQL, `wanted` in C++: the export's visits): their sealed
// revisions against their seals and audit rows.
void check_revision_page(SqlSession& db, Findings& findings, VisitId first, VisitId last, const std::string& in_scope,
                         const std::function<bool(VisitId)>& wanted, Digest digest = Digest::recomputed);
// The summary rows (visits) matching `condition` against their sealed revisions; `wanted` narrows in C++.
void check_summary_rows(SqlSession& db, Findings& findings, const std::string& condition,
                        const std::vector<SqlValue>& params, const std::function<bool(VisitId)>& wanted);
void check_revisions(SqlSession& db, Findings& findings, const Scope& scope);
void check_review(SqlSession& db, Findings& findings, const Scope& scope);
void check_batches(SqlSession& db, Findings& findings, const Scope& scope);
void check_accounts(Connection& db, Findings& findings);  // SQLite's accounts and facts (pg_seals.cpp: PostgreSQL's)
void check_audit_subjects(SqlSession& db, Findings& findings, const Scope& scope);

}  // namespace infusion::storage::detail
