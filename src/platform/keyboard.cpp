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
    // Ctrl+Enter is a shortcut of its own (sign the visit): it must not also press the focused button.
    if (!io.KeyCtrl && (held(ImGuiKey_Enter) || held(ImGuiKey_KeyPadEnter)))
        io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
}

}  // namespace infusion::platform
