// What an export checks of the record before it sends lines, or sends a recorded batch again
// (exported_lines_check.hpp), with the seal check's parts (seal_check_parts.hpp).
#include "storage/seal_check_parts.hpp"

#include <algorithm>

namespace infusion::storage::detail {

void verify_export_seals(SqlSession& db, const std::vector<VisitId>& visits, CheckReport& report,
                         const std::optional<std::pair<std::string, std::string>>& dates) {
    Findings findings(report);
    if (dates) {
        // The range's summary rows of the visits the export leaves out (held, or drafts): a signed visit made
        // unbillable or a draft on its summary row alone was left out as "held" (found from outside). Those it
        // sends are checked below with their revisions; checking every visit of a year again cost the export a
        // seventh of its time. One query by the date's index.
        check_summary_rows(
            db, findings,
            " AND v.date_of_service BETWEEN ? AND ? AND (v.billable IS DISTINCT FROM 1 OR v.status = 'draft')",
            {dates->first, dates->second}, nullptr);
        // The batches that sent lines of these dates, those sent from a selection (no dates), and those whose lines
        // name a visit of these dates, with the lines their seals cover: a batch's lines pointed at another visit
        // were billed a second time, or left that visit's lines unbilled when it was of another month (found from
        // outside). Their lines are read once each: none on a first export, a month's on a month's.
        std::vector<std::int64_t> batches;
        db.query(
            "SELECT id FROM export_batches WHERE from_date IS NULL OR (from_date <= ? AND to_date >= ?) "
            "UNION SELECT DISTINCT i.batch_id FROM visits v JOIN export_items i ON i.visit_id = v.id "
            "WHERE v.date_of_service BETWEEN ? AND ? ORDER BY 1",
            {dates->second, dates->first, dates->first, dates->second},
            [&](const SqlRow& r) { batches.push_back(r.integer(0)); });
        for (const auto batch : batches) {
            Scope scope;
            scope.only_batch = batch;
            check_batches(db, findings, scope);
        }
    }
    const auto wanted = [&](VisitId id) { return std::binary_search(visits.begin(), visits.end(), id); };
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

}  // namespace infusion::storage::detail
