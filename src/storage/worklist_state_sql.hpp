#pragma once
// Internal to storage/: where a signed visit `v` (a row of visits) stands with billing (WorklistState), as
// SQL both backends run: pending reversals first (amended after export), then exported, held, ready. The
// worklist, the visit lists (Today), the totals and the export say the same.
#include <string>

namespace infusion::storage::detail {

// Whether the lines of patient `patient` (visits.patient_id) for date of service `day` wait: a visit of the
// patient on that date has an open correction request (a supervisor's, or the program's after another
// visit's amendment changed what it would bill). The MUE per date of service makes one patient's visits of
// a date one claim: holding one visit's lines alone sent the other visit's 96370 without the 96369 it
// counted (found from outside), so nothing of that patient and date goes out (charges or reversals) until
// the amendment answers the request. The first EXISTS does not depend on the row: with no open request
// anywhere (the usual case) the per-row search is never made.
[[nodiscard]] inline std::string date_waits_sql(const std::string& patient, const std::string& day) {
    return "(EXISTS (SELECT 1 FROM correction_requests WHERE resolved_revision IS NULL) AND EXISTS (SELECT 1 FROM "
           "visits w WHERE w.patient_id = " +
           patient + " AND w.date_of_service = " + day +
           " AND EXISTS (SELECT 1 FROM correction_requests cr WHERE cr.visit_id = w.id AND "
           "cr.resolved_revision IS NULL)))";
}

// Whether visit `v`'s own patient and date wait (the worklist's totals leave such visits and lines out).
inline const std::string waits_here = date_waits_sql("v.patient_id", "v.date_of_service");

// The state: 3 amended after export (reversals pending), 2 exported, 1 held, 0 ready. Pending reversals
// that wait are held too: they go with the date's corrected lines.
inline const std::string worklist_state_sql =
    "(CASE WHEN EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND e.kind = 'charge' "
    "AND e.revision < v.current_revision AND NOT EXISTS (SELECT 1 FROM export_items x WHERE "
    "x.visit_id = e.visit_id AND x.revision = e.revision AND x.kind = 'reversal' AND x.line_ord = e.line_ord)) "
    "THEN (CASE WHEN " +
    date_waits_sql("v.patient_id", "v.date_of_service") +
    " THEN 1 ELSE 3 END) WHEN EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND "
    "e.revision = v.current_revision AND e.kind = 'charge') THEN 2 WHEN v.billable = 0 OR " +
    date_waits_sql("v.patient_id", "v.date_of_service") + " THEN 1 ELSE 0 END)";

// A signed visit `v` that a date range's export leaves out, counted beside the export: held by its
// documentation, or waiting with lines not yet sent (one already exported and waiting has nothing left out).
// Not worklist_state_sql = 1, which would look up every visit's export items: a year's export counts tens
// of thousands of visits.
inline const std::string held_from_export_sql =
    "(v.billable IS NULL OR v.billable <> 1 OR (" + date_waits_sql("v.patient_id", "v.date_of_service") +
    " AND NOT EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND e.revision = v.current_revision "
    "AND e.kind = 'charge')))";

// Whether a chosen visit `c` of an export (columns patient_id, day) waits, for its charges.
inline const std::string charges_wait_sql = date_waits_sql("c.patient_id", "c.day");

// The same for a pending reversal `e` of chosen visit `c`: the date of the revision it reverses (an
// amendment may have moved the visit to another date).
inline const std::string reversal_waits_sql = date_waits_sql(
    "c.patient_id",
    "(SELECT r.date_of_service FROM revisions r WHERE r.visit_id = e.visit_id AND r.number = e.revision)");

}  // namespace infusion::storage::detail
