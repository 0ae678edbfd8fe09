#pragma once
// The supervisor's review queue: signed visits not yet reviewed, most important first, with the flags
// that make them so; filters by nurse, patient, dates and flag. A row opens the visit for review.
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_review_queue_screen(AppState& state);

}  // namespace infusion::ui
