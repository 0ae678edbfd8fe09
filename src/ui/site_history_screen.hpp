#pragma once
// A patient's site history for the supervisor: the body map shaded by how often and how recently each
// site was used over the last N visits, reactions marked, the numbers beside it and a timeline of the
// visits beneath (each opens for review).
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_site_history_screen(AppState& state);

}  // namespace infusion::ui
