#pragma once
// The visit screen: document an SC infusion at the chair, step by step (practice.md): patient,
// substance, pump set-ups with their needles on the body map, times, notes; the live billing panel and
// signing on the right.
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_visit_screen(AppState& state);

}  // namespace infusion::ui
