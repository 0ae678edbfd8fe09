#pragma once
// The supervisor reads one visit: the whole record read-only (body map, set-ups, checklists, times,
// notes, lines, revisions, audit trail) beside the review actions. Opening it is an audited view.
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_visit_review_screen(AppState& state);

}  // namespace infusion::ui
