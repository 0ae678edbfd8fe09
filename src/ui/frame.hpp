#pragma once
// One frame of the whole program: the menu bar and the current screen in a full-window panel.
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_frame(AppState& state);
// True while something on screen changes with time (an infusion running): the window ticks each second.
[[nodiscard]] bool needs_ticks(const AppState& state);

}  // namespace infusion::ui
