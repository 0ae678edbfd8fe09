// The billing worklist on PostgreSQL: signed visits of a date range, a page at a time, with their export
// state; the same pages, cursors, states, hold reasons and totals as the SQLite store (sqlite_worklist.cpp).
// Each call reads in one REPEATABLE READ snapshot, so a page and its lines are from one moment.
#include "core/problem.hpp"
#include "core/wall_time.hpp"
#include "storage/keyset_list.hpp"
#include "storage/postgres/pg_billing_store.hpp"
#include "storage/postgres/pg_session.hpp"
#include "storage/review_writes.hpp"
#include "storage/text_list.hpp"
#include "storage/visit_rows.hpp"
#include "storage/worklist_state_sql.hpp"

#include <unordered_map>

namespace infusion::storage::pg {
namespace {

// PostgreSQL does not let WHERE name a column alias, so a state filter repeats detail::worklist_state_sql.
using detail::worklist_state_sql;

// The (visit, revision) pairs of a page as two PostgreSQL array literals, for one query of all their rows.
std::pair<std::string, std::string> pairs_of(const std::vector<const WorklistRow*>& rows) {
    IntegerArray ids, revisions;
    for (const WorklistRow* row : rows) {
        ids.add(row->id);
        revisions.add(row->revision);
    }
    return {*ids.param(), *revisions.param()};
}

constexpr const char* page_pairs =
    "(visit_id, revision) IN (SELECT * FROM unnest(CAST(? AS bigint[]), CAST(? AS integer[])))";

}  // namespace

core::Result<WorklistPage> PgBillingStore::worklist(const WorklistFilter& filter) {
    try {
        PgSnapshot snapshot(m_ctx.conn);
        PgSession session(m_ctx.conn);
        detail::KeysetList list(std::string("SELECT v.id, v.date_of_service, p.mrn, ") +
                                detail::documented_name_sql("v.id", "v.current_revision", "p.name") +
                                ", v.clinician, v.current_revision, " + worklist_state_sql + ", " +
                                detail::visit_batch_sql + ", " + detail::sent_format_sql("v.id") +
                                " FROM visits v JOIN patients p ON p.id = "
                                "v.patient_id WHERE v.status <> 'draft' AND v.date_of_service BETWEEN :from AND :to");
        list.bind(":from", core::format_date(filter.from)).bind(":to", core::format_date(filter.to));
        if (filter.patient_id) {
            list.where("v.patient_id = (SELECT id FROM patients WHERE mrn = :patient)")
                .bind(":patient", *filter.patient_id);
        }
        if (filter.state) {
            list.where(std::string(worklist_state_sql) + " = :state")
                .bind(":state", std::int64_t{static_cast<int>(*filter.state)});
        }
        // The key's date is fixed-width ISO text: every collation orders it as bytes (SQLite's order).
        list.key({"v.date_of_service", "v.id"}).after(detail::visit_key(filter.after)).limit(filter.limit, 1000);
        WorklistPage page;
        const bool more = list.read_page(session, page.rows, [](const detail::SqlRow& s) {
            WorklistRow row;
            row.id = s.integer(0);
            row.date_of_service = core::parse_date(s.text(1));
            row.patient_id = s.text(2);
            row.patient_name = s.text(3);
            row.clinician = s.text(4);
            row.revision = static_cast<int>(s.integer(5));
            row.state = static_cast<WorklistState>(s.integer(6));
            if (!s.is_null(7)) row.batch = s.integer(7);
            if (!s.is_null(8)) row.sent_as = s.text(8);
            return row;
        });
        if (more) page.next = detail::visit_cursor(page.rows.back());
        if (page.rows.empty()) return page;

        // The page's lines, hold reasons and checks: one query each for the whole page, not a round trip per row.
        std::unordered_map<VisitId, WorklistRow*> by_id;
        std::vector<const WorklistRow*> all, unsent;
        for (auto& row : page.rows) {
            by_id[row.id] = &row;
            all.push_back(&row);
            if (row.state != WorklistState::exported) unsent.push_back(&row);
        }
        const auto [ids, revisions] = pairs_of(all);
        session.query(std::string("SELECT visit_id, code, units, modifiers, kind FROM billing_lines WHERE ") +
                          page_pairs + " ORDER BY visit_id, ord",
                      {ids, revisions}, [&](const detail::SqlRow& l) {
                          core::BillingLine line;
                          line.code = l.text(1);
                          line.units = static_cast<int>(l.integer(2));
                          line.modifiers = detail::split_list(l.text(3));
                          line.kind = l.text(4) == "drug" ? core::LineKind::drug : core::LineKind::administration;
                          by_id.at(l.integer(0))->lines.push_back(std::move(line));
                      });
        if (!unsent.empty()) {
            const auto [unsent_ids, unsent_revisions] = pairs_of(unsent);
            session.query(std::string("SELECT visit_id, severity, message, code FROM problems WHERE ") + page_pairs +
                              " AND severity IN ('error', 'warning') ORDER BY visit_id, ord",
                          {unsent_ids, unsent_revisions}, [&](const detail::SqlRow& r) {
                              WorklistRow& row = *by_id.at(r.integer(0));
                              const bool error = r.text(1) == "error";
                              if (error ? row.state != WorklistState::held : !core::for_the_coder(r.text(3))) return;
                              (error ? row.hold_reasons : row.checks).push_back(r.text(2));
                          });
        }
        for (auto& row : page.rows) {
            if (row.state != WorklistState::held) continue;
            row.request_holds = detail::open_request_holds(session, row.id);
        }
        return page;
    } catch (const std::exception& e) {
        return pg_error("cannot read the billing worklist", e, m_ctx.where);
    }
}

core::Result<WorklistTotals> PgBillingStore::totals(std::chrono::year_month_day from, std::chrono::year_month_day to) {
    try {
        PgSnapshot snapshot(m_ctx.conn);  // the counts and the codes from one moment
        WorklistTotals out;
        const std::vector<Param> range{core::format_date(from), core::format_date(to)};
        const auto v = m_ctx.conn.exec(std::string("SELECT count(*), coalesce(sum(CASE WHEN v.billable = 1 AND NOT ") +
                                           detail::waits_here +
                                           " THEN 1 ELSE 0 END), 0) FROM visits v WHERE v.status <> 'draft' AND "
                                           "v.date_of_service BETWEEN $1 AND $2",
                                       range);
        out.visits = v.int64(0, 0);
        out.billable = v.int64(0, 1);
        // Codes grouped and ordered as bytes, as SQLite does, whatever the server's collation.
        const auto c = m_ctx.conn.exec(
            "SELECT bl.code COLLATE \"C\", count(*), sum(bl.units) FROM visits v JOIN billing_lines bl "
            "ON bl.visit_id = v.id AND bl.revision = v.current_revision WHERE v.status <> 'draft' AND v.billable = 1 "
            "AND NOT " +
                detail::waits_here + " AND v.date_of_service BETWEEN $1 AND $2 GROUP BY 1 ORDER BY 1",
            range);
        for (int i = 0; i < c.rows(); ++i) {
            out.by_code.push_back({c.text(i, 0), c.int64(i, 1), c.int64(i, 2)});
            out.lines += out.by_code.back().lines;
        }
        return out;
    } catch (const std::exception& e) {
        return pg_error("cannot total the worklist", e, m_ctx.where);
    }
}

}  // namespace infusion::storage::pg
