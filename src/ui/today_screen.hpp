#pragma once
// Today: the day's visits at this clinic (drafts first), drafts left open on earlier days, a search
// by patient id or name, and "new visit".
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_today_screen(AppState& state);
// Seconds until the clinic's next day begins (clinic.toml time_zone): Today's list is then another day's.
[[nodiscard]] double seconds_until_next_day(const AppState& state);

}  // namespace infusion::ui
