#pragma once
// The clinic overview for the supervisor: reactions per 100 infusions by week, the distribution of
// infusion lengths and documentation completeness by nurse, each as an ImGui plot with its numbers
// beside it (a plot shows the shape, the table the exact figures).
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_overview_screen(AppState& state);

}  // namespace infusion::ui
