#pragma once
// The live billing panel: the lines the documentation supports, with their reasons, and the problems.
// Updated as the nurse types; a click on a problem brings its field into view.
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_billing_panel(AppState& state);

}  // namespace infusion::ui
