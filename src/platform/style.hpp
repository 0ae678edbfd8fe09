#pragma once
// Widget sizes for a touch screen at the chair, scaled for the monitor.

namespace infusion::platform {

// Resets every size in ImGui::GetStyle() to ImGui's defaults with larger padding and spacing for
// fingers, then multiplies them by `scale`. Colours are kept. Safe to call again when the scale
// changes (ScaleAllSizes alone multiplies, so calling it twice would compound).
void apply_style(float scale);

}  // namespace infusion::platform
