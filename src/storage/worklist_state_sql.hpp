#pragma once
// Internal to storage/: where a signed visit `v` (a row of visits) stands with billing (WorklistState), as
// SQL both backends run: pending reversals first (amended after export), then exported, held, ready. The
// worklist and the visit lists (Today) say the same.
namespace infusion::storage::detail {

inline constexpr const char* worklist_state_sql =
    "(CASE WHEN EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND e.kind = 'charge' "
    "AND e.revision < v.current_revision AND NOT EXISTS (SELECT 1 FROM export_items x WHERE "
    "x.visit_id = e.visit_id AND x.revision = e.revision AND x.kind = 'reversal' AND x.line_ord = e.line_ord)) "
    "THEN 3 WHEN EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND e.revision = v.current_revision "
    "AND e.kind = 'charge') THEN 2 WHEN v.billable = 0 THEN 1 ELSE 0 END)";

}  // namespace infusion::storage::detail
