#include "ui/frame.hpp"

#include "ui/today_screen.hpp"
#include "ui/visit_screen.hpp"
#include "ui/widgets.hpp"

namespace infusion::ui {
namespace {

void draw_menu(AppState& state) {
    if (!ImGui::BeginMenuBar()) return;
    if (ImGui::BeginMenu("Go")) {
        if (ImGui::MenuItem("Today")) state.go_today();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Debug")) {
        // ImGui's own windows are for us, not for nurses: only from this menu.
        ImGui::MenuItem("ImGui demo window", nullptr, &state.show_imgui_demo);
        ImGui::MenuItem("ImGui metrics", nullptr, &state.show_imgui_metrics);
        ImGui::EndMenu();
    }
    ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(state.user.c_str()).x - ImGui::GetFontSize() * 9.0F);
    ImGui::TextColored(muted_colour(), "%s  |  %s", state.user.c_str(), state.database.file().filename().c_str());
    ImGui::EndMenuBar();
}

}  // namespace

void draw_frame(AppState& state) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                                       ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("InfusionDoc", nullptr, flags);
    draw_menu(state);
    switch (state.screen) {
        case Screen::today: draw_today_screen(state); break;
        case Screen::visit: draw_visit_screen(state); break;
    }
    ImGui::End();
    if (state.show_imgui_demo) ImGui::ShowDemoWindow(&state.show_imgui_demo);
    if (state.show_imgui_metrics) ImGui::ShowMetricsWindow(&state.show_imgui_metrics);
}

bool needs_ticks(const AppState& state) {
    if (state.screen != Screen::visit || !state.editor.is_open()) return false;
    for (const auto& setup : state.editor.visit().pump_setups) {
        if (setup.start && !setup.stop) return true;
    }
    return false;
}

}  // namespace infusion::ui
