#pragma once
// Keyboard navigation details that ImGui 1.86 (Debian 12) leaves to the application.

namespace infusion::platform {

// In ImGui 1.86 only Space presses the focused button; Enter means "edit the value" (text fields,
// sliders) and does nothing on buttons, check boxes or list items, which surprises everyone used to
// desktop dialogs. Call after the platform input is in ImGuiIO and before ImGui::NewFrame(): while
// Enter (or keypad Enter) is down it also feeds ImGuiNavInput_Activate, as a gamepad's A button would.
// An active text field still gets its Enter: ImGui activates nothing while another item is active.
void let_enter_activate();

}  // namespace infusion::platform
