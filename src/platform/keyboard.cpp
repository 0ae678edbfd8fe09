#include "platform/keyboard.hpp"

#include <imgui.h>

namespace infusion::platform {

void let_enter_activate() {
    ImGuiIO& io = ImGui::GetIO();
    if ((io.ConfigFlags & ImGuiConfigFlags_NavEnableKeyboard) == 0) return;
    const auto held = [&io](int imgui_key) {
        const int index = io.KeyMap[imgui_key];
        return index >= 0 && index < static_cast<int>(sizeof(io.KeysDown) / sizeof(io.KeysDown[0])) &&
               io.KeysDown[index];
    };
    // NewFrame() reads NavInputs and EndFrame() clears them, so this lasts exactly one frame.
    // Ctrl+Enter is a shortcut of its own (sign the visit): it must not also press the focused button,
    // neither while Ctrl is down nor after: an Enter that went down with Ctrl belongs to the shortcut until
    // it is released. Released Ctrl first, the Enter still held read as a new press of the dialog's first
    // button, and Ctrl+Enter held 150 ms signed with no dialog seen (found from outside).
    static bool enter_with_ctrl = false;
    const bool enter = held(ImGuiKey_Enter) || held(ImGuiKey_KeyPadEnter);
    if (!enter) enter_with_ctrl = false;
    if (enter && io.KeyCtrl) enter_with_ctrl = true;
    if (enter && !io.KeyCtrl && !enter_with_ctrl) io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
}

}  // namespace infusion::platform
