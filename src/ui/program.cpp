#include "ui/program.hpp"

#include "platform/app_window.hpp"
#include "ui/frame.hpp"
#include "ui/leave_guard.hpp"
#include "ui/screen_registry.hpp"

#include <span>
#include "ui/ui_probe.hpp"

#include <algorithm>

#include <cstdlib>
#include <iostream>

namespace infusion::ui {
namespace {

// "visit-signed": the visit screen on a signed visit (a screenshot of the read-only record).
constexpr const char* signed_visit_screen = "visit-signed";

// Puts the state on the screen `--screen` asks for, using what the database holds. Says why when it
// cannot (no visit to show, nobody signed in): a screenshot of some other screen would mislead.
std::optional<std::string> prepare_screen(AppState& state, const std::string& screen) {
    if (!state.signed_in()) return "nobody is signed in: give --user and --password-file";
    const ScreenEntry* entry = find_screen(screen == signed_visit_screen ? "visit" : screen);
    if (entry == nullptr) return "unknown screen";
    if (!may_open(state, entry->id)) {
        // Refused as the window refuses it, so on the audit log too (found from outside: nine such attempts
        // left no row, though the README says the attempt is audited).
        (void)state.who().require_any(std::span<const app::Role>(entry->roles),
                                      std::string("open the ") + entry->title);
        return state.who().username() + " does not hold a role that opens it";
    }
    if (entry->id == Screen::site_history || entry->id == Screen::visit_review) {
        // The top of the queue: the visit a supervisor would open first, and its patient.
        auto queue = state.clinic.review().queue(state.who(), {});
        if (!queue) return queue.error().message;
        if (queue.value().rows.empty()) return "the review queue is empty";
        const auto& top = queue.value().rows.front();
        if (entry->id == Screen::visit_review) {
            state.open_review(top.id, Screen::review_queue);
        } else {
            state.open_site_history(top.patient_id, top.patient_name);
        }
        return std::nullopt;
    }
    if (entry->id != Screen::visit) {
        go_to(state, entry->id);
        return std::nullopt;
    }
    storage::VisitFilter filter;
    filter.limit = 1;
    filter.status = screen == signed_visit_screen ? storage::VisitStatus::signed_ : storage::VisitStatus::draft;
    auto page = state.clinic.visits().list(state.who(), filter);
    if (!page) return page.error().message;
    if (page.value().rows.empty()) return "no visit to show";
    state.open_visit(page.value().rows.front().id);
    if (state.screen != Screen::visit) return state.today.error;
    return std::nullopt;
}

}  // namespace

std::vector<std::string> screenshot_screens() {
    std::vector<std::string> names;
    for (const auto& e : screen_registry()) names.emplace_back(e.name);
    names.emplace_back(signed_visit_screen);
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
    const auto names = screenshot_screens();
    if (!options.screen.empty() && std::find(names.begin(), names.end(), options.screen) == names.end()) {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        std::cerr << "infusiondoc: unknown screen '" << options.screen << "'; the screens are: " << list << "\n";
        return 2;
    }
    AppState state(clinic, options.user);
    state.lock_after_seconds = clinic.lock_after_minutes() * 60.0;
    state.debug_menu = options.debug_menu;
    if (options.session) state.start_session(options.session);
    if (!options.screen.empty()) {
        if (auto problem = prepare_screen(state, options.screen)) {
            // A screenshot of another screen than the one asked for would mislead: fail instead.
            std::cerr << "infusiondoc: cannot show screen '" << options.screen << "': " << *problem << "\n";
            // The session --user opened ends here, with its sign-out, as closing the window ends it.
            if (state.signed_in()) state.end_session("screen not shown");
            return 2;
        }
    }
    platform::WindowOptions window;
    window.title = "InfusionDoc - " + clinic.database_short_name();
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
    callbacks.seconds_until_due = [&] { return seconds_until_due(state); };
    // Closing the window with an unsigned amendment, a refused time or an unsent review note asks first.
    callbacks.request_close = [&] { return may_close_window(state); };
    callbacks.quit_requested = [&] { return state.quit; };
    // Another workstation's changes reach the lists on screen (issue 14) without waking the GPU for them.
    callbacks.changed_elsewhere = [&] { return refresh_live_lists(state); };
    callbacks.watch_seconds = live_list_seconds;
    callbacks.fonts_changed = [&](const platform::Fonts& fonts) { state.fonts = fonts; };
    const int status = platform::run_window(window, callbacks);
    // Closing the window ends the session as Switch user does: the audit log had a sign-in without its
    // sign-out (found from outside).
    if (state.signed_in()) state.end_session("window closed");
    return status;
}

}  // namespace infusion::ui
