#pragma once
// Today's patient search (id or name; Enter picks the first match) and the New visit window: a patient's
// drafts and signed visits offered before a new draft is begun.
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_patient_search(AppState& state);
// Draws the window while it is open (AppState::today.open_new_visit opens it).
void draw_new_visit_popup(AppState& state);

}  // namespace infusion::ui
