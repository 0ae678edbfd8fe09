#include "ui/frame.hpp"

#include "ui/audit_screen.hpp"
#include "ui/overview_screen.hpp"
#include "ui/review_queue_screen.hpp"
#include "ui/sign_in_screen.hpp"
#include "ui/site_history_screen.hpp"
#include "ui/today_screen.hpp"
#include "ui/visit_review_screen.hpp"
#include "ui/visit_screen.hpp"
#include "ui/widgets.hpp"
#include "ui/worklist_screen.hpp"

namespace infusion::ui {
namespace {

void draw_menu(AppState& state) {
    if (!ImGui::BeginMenuBar()) return;
    if (ImGui::BeginMenu("Go")) {
        if (ImGui::MenuItem("Today")) state.go_today();
        if (ImGui::MenuItem("Billing worklist")) {
            state.screen = Screen::worklist;
            state.worklist.stale = true;
        }
        ImGui::EndMenu();
    }
    // Review is the supervisor's: the menu is not even shown to anyone else (each screen refuses too).
    if (state.has_role(app::Role::supervisor) && state.who().session() != nullptr) {
        const bool open = ImGui::BeginMenu("Review");
        remember(state, "menu.review");
        if (open) {
            if (ImGui::MenuItem("Review queue")) {
                state.screen = Screen::review_queue;
                state.review_queue.stale = true;
            }
            remember(state, "menu.review.queue");
            if (ImGui::MenuItem("Clinic overview")) {
                state.screen = Screen::overview;
                state.overview.stale = true;
            }
            remember(state, "menu.review.overview");
            if (ImGui::MenuItem("Audit report")) {
                state.screen = Screen::audit;
                state.audit.stale = true;
            }
            remember(state, "menu.review.audit");
            ImGui::EndMenu();
        }
    }
    if (ImGui::BeginMenu("Account")) {
        if (ImGui::MenuItem("Switch user")) state.end_session();
        if (ImGui::MenuItem("Lock now")) state.sign_in.locked = !state.who().open();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Debug")) {
        // ImGui's own windows are for us, not for nurses: only from this menu.
        ImGui::MenuItem("ImGui demo window", nullptr, &state.show_imgui_demo);
        ImGui::MenuItem("ImGui metrics", nullptr, &state.show_imgui_metrics);
        ImGui::EndMenu();
    }
    ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(state.user.c_str()).x - ImGui::GetFontSize() * 9.0F);
    ImGui::TextColored(muted_colour(), "%s  |  %s", state.user.c_str(), state.clinic.file().filename().c_str());
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
    watch_idle(state);
    if (!state.signed_in()) {
        draw_sign_in_screen(state);
        ImGui::End();
        return;
    }
    if (state.sign_in.locked) {
        draw_lock_screen(state);  // nothing else is drawn: patient data stays hidden
        ImGui::End();
        return;
    }
    draw_menu(state);
    switch (state.screen) {
        case Screen::today: draw_today_screen(state); break;
        case Screen::visit: draw_visit_screen(state); break;
        case Screen::worklist: draw_worklist_screen(state); break;
        case Screen::review_queue: draw_review_queue_screen(state); break;
        case Screen::visit_review: draw_visit_review_screen(state); break;
        case Screen::site_history: draw_site_history_screen(state); break;
        case Screen::overview: draw_overview_screen(state); break;
        case Screen::audit: draw_audit_screen(state); break;
    }
    ImGui::End();
    if (state.show_imgui_demo) ImGui::ShowDemoWindow(&state.show_imgui_demo);
    if (state.show_imgui_metrics) ImGui::ShowMetricsWindow(&state.show_imgui_metrics);
}

bool needs_ticks(const AppState& state) {
    if (state.worklist.job) return true;  // the export's progress bar
    // The idle lock must notice time passing with no input at all.
    if (state.acting && !state.acting->open() && !state.sign_in.locked && state.lock_after_seconds > 0.0) {
        return true;
    }
    if (state.screen != Screen::visit || !state.editor.is_open()) return false;
    for (const auto& setup : state.editor.visit().pump_setups) {
        if (setup.start && !setup.stop) return true;
    }
    return false;
}

}  // namespace infusion::ui
