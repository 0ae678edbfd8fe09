// The billing worklist: signed visits of a date range, a page at a time, with their export state.
#include "core/problem.hpp"
#include "core/wall_time.hpp"
#include "storage/keyset_list.hpp"
#include "storage/review_writes.hpp"
#include "storage/sqlite_billing_store.hpp"
#include "storage/sqlite_session.hpp"
#include "storage/visit_rows.hpp"
#include "storage/worklist_state_sql.hpp"

namespace infusion::storage {

const char* to_string(WorklistState state) {
    switch (state) {
        case WorklistState::ready: return "ready";
        case WorklistState::held: return "held";
        case WorklistState::exported: return "exported";
        case WorklistState::amended_after_export: return "amended after export";
    }
    return "ready";
}

}  // namespace infusion::storage

namespace infusion::storage::detail {

core::Result<WorklistPage> SqliteBillingStore::worklist(const WorklistFilter& filter) {
    try {
        KeysetList list(std::string("SELECT v.id, v.date_of_service, p.mrn, ") +
                        detail::documented_name_sql("v.id", "v.current_revision", "p.name") +
                        ", v.clinician, v.current_revision, " + worklist_state_sql + " AS state, " + visit_batch_sql +
                        ", " + sent_format_sql("v.id") +
                        " FROM visits v JOIN patients p ON p.id = "
                        "v.patient_id WHERE v.status <> 'draft' AND v.date_of_service BETWEEN :from AND :to");
        list.bind(":from", core::format_date(filter.from)).bind(":to", core::format_date(filter.to));
        if (filter.patient_id) {
            list.where("v.patient_id = (SELECT id FROM patients WHERE mrn = :patient)")
                .bind(":patient", *filter.patient_id);
        }
        if (filter.state) list.where("state = :state").bind(":state", std::int64_t{static_cast<int>(*filter.state)});
        list.key({"v.date_of_service", "v.id"}).after(visit_key(filter.after)).limit(filter.limit, 1000);
        WorklistPage page;
        const bool more = list.read_page(m_db, page.rows, [](SQLite::Statement& s) {
            WorklistRow row;
            row.id = s.getColumn(0).getInt64();
            row.date_of_service = core::parse_date(s.getColumn(1).getString());
            row.patient_id = s.getColumn(2).getString();
            row.patient_name = s.getColumn(3).getString();
            row.clinician = s.getColumn(4).getString();
            row.revision = s.getColumn(5).getInt();
            row.state = static_cast<WorklistState>(s.getColumn(6).getInt());
            if (!s.getColumn(7).isNull()) row.batch = s.getColumn(7).getInt64();
            if (!s.getColumn(8).isNull()) row.sent_as = s.getColumn(8).getString();
            return row;
        });
        if (more) page.next = visit_cursor(page.rows.back());
        // The page's lines, hold reasons and checks: a few small indexed reads per row.
        auto lines_use = m_db.prepare(
            "SELECT code, units, modifiers, kind FROM billing_lines WHERE visit_id = ? AND revision = ? ORDER BY ord");
        auto reasons_use = m_db.prepare(
            "SELECT severity, message, code FROM problems WHERE visit_id = ? AND revision = ? AND severity IN "
            "('error', 'warning') ORDER BY ord");
        for (auto& row : page.rows) {
            SQLite::Statement& l = *lines_use;
            l.bind(1, row.id), l.bind(2, row.revision);
            while (l.executeStep()) {
                core::BillingLine line;
                line.code = l.getColumn(0).getString();
                line.units = l.getColumn(1).getInt();
                line.modifiers = split_list(l.getColumn(2).getString());
                line.kind =
                    l.getColumn(3).getString() == "drug" ? core::LineKind::drug : core::LineKind::administration;
                row.lines.push_back(std::move(line));
            }
            l.reset();
            if (row.state == WorklistState::exported) continue;
            SQLite::Statement& r = *reasons_use;
            r.bind(1, row.id), r.bind(2, row.revision);
            while (r.executeStep()) {
                const bool error = r.getColumn(0).getString() == "error";
                if (error ? row.state != WorklistState::held : !core::for_the_coder(r.getColumn(2).getString()))
                    continue;
                (error ? row.hold_reasons : row.checks).push_back(r.getColumn(1).getString());
            }
            r.reset();
        }
        SqliteSession session(m_db);
        for (auto& row : page.rows) {
            if (row.state != WorklistState::held) continue;
            row.request_holds = open_request_holds(session, row.id);
        }
        return page;
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the billing worklist", e, m_file);
    }
}

core::Result<WorklistTotals> SqliteBillingStore::totals(std::chrono::year_month_day from,
                                                        std::chrono::year_month_day to) {
    try {
        WorklistTotals out;
        auto v_use = m_db.prepare(
            std::string("SELECT count(*), coalesce(sum(CASE WHEN v.billable = 1 AND NOT ") + waits_here +
            " THEN 1 ELSE 0 END), 0) FROM visits v WHERE v.status <> 'draft' AND v.date_of_service BETWEEN ? AND ?");
        SQLite::Statement& v = *v_use;
        v.bind(1, core::format_date(from)), v.bind(2, core::format_date(to));
        if (v.executeStep()) {
            out.visits = v.getColumn(0).getInt64();
            out.billable = v.getColumn(1).getInt64();
        }
        auto c_use = m_db.prepare(
            "SELECT bl.code, count(*), sum(bl.units) FROM visits v JOIN billing_lines bl ON bl.visit_id = v.id AND "
            "bl.revision = v.current_revision WHERE v.status <> 'draft' AND v.billable = 1 AND NOT " +
            waits_here + " AND v.date_of_service BETWEEN ? AND ? GROUP BY bl.code ORDER BY bl.code");
        SQLite::Statement& c = *c_use;
        c.bind(1, core::format_date(from)), c.bind(2, core::format_date(to));
        while (c.executeStep()) {
            out.by_code.push_back({c.getColumn(0).getString(), c.getColumn(1).getInt64(), c.getColumn(2).getInt64()});
            out.lines += out.by_code.back().lines;
        }
        return out;
    } catch (const std::exception& e) {
        return sqlite_error("cannot total the worklist", e, m_file);
    }
}

}  // namespace infusion::storage::detail
