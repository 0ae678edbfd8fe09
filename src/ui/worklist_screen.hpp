#pragma once
// The billing worklist: signed visits of a date range with their lines and export state (ready, held
// with its reasons, exported in batch N, amended after export), totals by code, and the export.
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_worklist_screen(AppState& state);

}  // namespace infusion::ui
