#pragma once
// The left column of the visit screen, section by section. Each returns true when the visit changed.
#include "ui/app_state.hpp"

namespace infusion::ui {

[[nodiscard]] bool draw_patient_section(AppState& state, bool editable);
[[nodiscard]] bool draw_substance_section(AppState& state, bool editable);
[[nodiscard]] bool draw_notes_section(AppState& state, bool editable);
// Signing, or amending a signed visit; draws the confirmation popup.
void draw_sign_section(AppState& state);

}  // namespace infusion::ui
