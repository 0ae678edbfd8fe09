#pragma once
// The supervisor's audit report: every audit row of a date range, filterable by person, action and
// visit, sortable by its column headers, read page by page as it scrolls; and "verify chain", which
// checks that no row was changed or removed since it was written.
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_audit_screen(AppState& state);

}  // namespace infusion::ui
