#pragma once
// Internal to storage/: where a signed visit `v` (a row of visits) stands with billing (WorklistState), as
// SQL both backends run: pending reversals first (amended after export), then exported, held, ready. The
// worklist, the visit lists (Today) and the export say the same.
namespace infusion::storage::detail {

// A correction request is open on visit `v`: its lines not yet exported wait for the amendment that answers
// it (a supervisor's request, or the program's after another visit's amendment changed what `v` would bill:
// an add-on must not go out without the primary it counted). The partial index correction_requests_open
// holds the open ones only.
#define INFUSIONDOC_OPEN_CORRECTION_SQL(visit_id) \
    "EXISTS (SELECT 1 FROM correction_requests cr WHERE cr.visit_id = " visit_id " AND cr.resolved_revision IS NULL)"

inline constexpr const char* open_correction_sql = INFUSIONDOC_OPEN_CORRECTION_SQL("v.id");

inline constexpr const char* worklist_state_sql =
    "(CASE WHEN EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND e.kind = 'charge' "
    "AND e.revision < v.current_revision AND NOT EXISTS (SELECT 1 FROM export_items x WHERE "
    "x.visit_id = e.visit_id AND x.revision = e.revision AND x.kind = 'reversal' AND x.line_ord = e.line_ord)) "
    "THEN 3 WHEN EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND e.revision = v.current_revision "
    "AND e.kind = 'charge') THEN 2 WHEN v.billable = 0 OR " INFUSIONDOC_OPEN_CORRECTION_SQL(
        "v.id") " THEN 1 ELSE 0 END)";

// A signed visit `v` its date range's export leaves out: held by its documentation, or by an open request.
inline constexpr const char* held_from_export_sql =
    "(v.billable IS NULL OR v.billable <> 1 OR " INFUSIONDOC_OPEN_CORRECTION_SQL("v.id") ")";

// The charges of chosen visit `c` wait while a request is open (pending_sql of each backend).
inline constexpr const char* charges_wait_sql = INFUSIONDOC_OPEN_CORRECTION_SQL("c.visit_id");

#undef INFUSIONDOC_OPEN_CORRECTION_SQL

}  // namespace infusion::storage::detail
