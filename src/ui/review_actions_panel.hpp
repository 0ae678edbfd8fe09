#pragma once
// What review adds to a signed visit, and the forms that add it: site-care notes written at follow-up,
// the countersignature (once per revision), and a correction request that sends the visit back to its nurse.
#include "ui/app_state.hpp"

namespace infusion::ui {

// Draws state.visit_review.record's review part; the record must be loaded.
void draw_review_actions(AppState& state, const app::Acting& who);

}  // namespace infusion::ui
