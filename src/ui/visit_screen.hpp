#pragma once
// The visit screen: document an SC infusion at the chair, step by step (practice.md): patient,
// substance, pump set-ups with their needles on the body map, times, notes; the live billing panel and
// signing on the right.
#include "ui/app_state.hpp"

#include <string>

namespace infusion::ui {

void draw_visit_screen(AppState& state);

// The screen's heading: "Visit 161, 2026-11-30" (the local date of its first start), or "Visit 161, not
// started". Times on the screen show the clock only, so a draft from another day read as today's (found
// from outside).
[[nodiscard]] std::string visit_heading(storage::VisitId id, const core::Visit& visit);

}  // namespace infusion::ui
