#pragma once
// Today: the day's visits at this clinic (drafts first), drafts left open on earlier days, a search
// by patient id or name, and "new visit".
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_today_screen(AppState& state);

}  // namespace infusion::ui
