#pragma once
// One pump set-up as a card: pump, set-up / start / stop times with "Now", a running timer, and the
// checklist of each needle (site, needle, antiseptic prep, aspiration, secured).
#include "ui/app_state.hpp"

namespace infusion::ui {

// Returns true when the visit changed.
[[nodiscard]] bool draw_setup_card(AppState& state, std::size_t index, bool editable);
// After the cards: takes off the set-up whose "Remove set-up" was pressed, and offers Undo for it.
[[nodiscard]] bool take_off_removed_setup(AppState& state, bool editable);

// Adds a needle at `location` to set-up `index` (from a tap on the body map), copying the needle size
// of the set-up's last needle. Returns true when the visit changed.
[[nodiscard]] bool add_site(AppState& state, std::size_t index, const std::string& location);

}  // namespace infusion::ui
