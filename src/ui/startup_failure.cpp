#include "ui/startup_failure.hpp"

#include "core/terminal_text.hpp"
#include "platform/app_window.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>

namespace infusion::ui {

void draw_startup_failure(StartupFailure& failure) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (ImGui::Begin("##startup-failure", nullptr, flags)) {
        const float em = ImGui::GetFontSize();
        ImGui::Dummy(ImVec2(0.0F, em));
        ImGui::TextColored(error_colour(), "InfusionDoc cannot start");
        ImGui::Spacing();
        ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x);
        // Control characters escaped, as on a terminal: the message may quote a file's bytes.
        ImGui::TextUnformatted(core::terminal_safe(failure.why).c_str());
        ImGui::Spacing();
        ImGui::TextColored(muted_colour(),
                           "Nothing was changed. Ask whoever looks after this workstation to correct what is "
                           "named above (for a configuration file: the file, line and field), then start "
                           "InfusionDoc again. The same words are on the terminal's error output.");
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        if (ImGui::Button("Close (Esc)", ImVec2(em * 8.0F, em * 2.5F)) ||
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
            failure.close = true;
        }
    }
    ImGui::End();
}

int run_startup_failure(const std::string& why, const std::optional<std::filesystem::path>& screenshot,
                        std::optional<float> ui_scale) {
    StartupFailure failure{why, false};
    platform::WindowOptions window;
    window.title = "InfusionDoc - cannot start";
    window.ui_scale = ui_scale;
    window.screenshot = screenshot;  // no imgui.ini: nothing of this window is worth keeping
    platform::FrameCallbacks callbacks;
    callbacks.draw = [&] { draw_startup_failure(failure); };
    callbacks.quit_requested = [&] { return failure.close; };
    return platform::run_window(window, callbacks);
}

}  // namespace infusion::ui
