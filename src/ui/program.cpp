#include "ui/program.hpp"

#include "platform/app_window.hpp"
#include "ui/frame.hpp"
#include "ui/ui_probe.hpp"

#include <cstdlib>
#include <iostream>

namespace infusion::ui {
namespace {

// Puts the state on the screen a screenshot asks for, using what the database holds.
void prepare_screen(AppState& state, const std::string& screen) {
    if (screen == "today") return;
    if (screen == "worklist") {
        state.screen = Screen::worklist;
        return;
    }
    if (screen == "review" || screen == "overview" || screen == "audit") {
        state.screen = screen == "review"     ? Screen::review_queue
                       : screen == "overview" ? Screen::overview
                                              : Screen::audit;
        return;
    }
    if (screen == "site-history" || screen == "visit-review") {
        // The top of the queue: the visit a supervisor would open first, and its patient.
        if (!state.signed_in()) return;
        auto queue = state.clinic.review().queue(state.who(), {});
        if (!queue || queue.value().rows.empty()) return;
        const auto& top = queue.value().rows.front();
        if (screen == "visit-review") {
            state.open_review(top.id, Screen::review_queue);
        } else {
            state.open_site_history(top.patient_id, top.patient_name);
        }
        return;
    }
    storage::VisitFilter filter;
    filter.limit = 1;
    filter.status = screen == "visit" ? storage::VisitStatus::draft : storage::VisitStatus::signed_;
    if (!state.signed_in()) return;
    auto page = state.clinic.visits().list(state.who(), filter);
    if (page && !page.value().rows.empty()) state.open_visit(page.value().rows.front().id);
}

}  // namespace

const std::vector<std::string>& screenshot_screens() {
    static const std::vector<std::string> names{"today",        "visit",        "visit-signed", "worklist", "review",
                                                "visit-review", "site-history", "overview",     "audit"};
    return names;
}

std::filesystem::path imgui_ini_path() {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    std::filesystem::path base;
    if (xdg != nullptr && *xdg == '/') {
        base = xdg;
    } else {
        const char* home = std::getenv("HOME");
        base = std::filesystem::path(home != nullptr ? home : ".") / ".config";
    }
    return base / "infusiondoc" / "imgui.ini";
}

int run_program(app::Clinic& clinic, const ProgramOptions& options) {
    AppState state(clinic, options.user);
    state.lock_after_seconds = clinic.lock_after_minutes() * 60.0;
    if (options.session) state.start_session(options.session);
    prepare_screen(state, options.screen);
    platform::WindowOptions window;
    window.title = "InfusionDoc - " + clinic.file().filename().string();
    window.ui_scale = options.ui_scale;
    window.ini_file = options.screenshot ? std::filesystem::path{} : imgui_ini_path();
    window.screenshot = options.screenshot;
    window.screenshot_delay_seconds = options.screenshot_delay_seconds;
    platform::FrameCallbacks callbacks;
    UiProbe probe = UiProbe::from_environment();  // tests driving the real window
    state.locations.enabled = probe.enabled();
    callbacks.draw = [&] {
        probe.frame_begins();
        draw_frame(state);
        probe.write(state);
    };
    callbacks.needs_ticks = [&] { return needs_ticks(state); };
    callbacks.fonts_changed = [&](const platform::Fonts& fonts) { state.fonts = fonts; };
    return platform::run_window(window, callbacks);
}

}  // namespace infusion::ui
