#pragma once
// Today's patient search (id or name; Enter picks the first match) and the New visit window: a patient's
// drafts and signed visits offered before a new draft is begun.
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_patient_search(AppState& state);
// Opens New visit empty, or, when the search found nobody, filled with what was searched for (an id when it has a
// digit, else a name): "+ New visit", and Enter in a search that found nobody.
void open_new_visit_from_search(AppState& state);
// Draws the window while it is open (AppState::today.open_new_visit opens it).
void draw_new_visit_popup(AppState& state);

}  // namespace infusion::ui
