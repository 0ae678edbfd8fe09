#include "ui/frame.hpp"

#include "ui/leave_guard.hpp"
#include "ui/screen_registry.hpp"
#include "ui/sign_in_screen.hpp"
#include "ui/today_screen.hpp"
#include "ui/widgets.hpp"

#include <imgui_internal.h>

#include <algorithm>

namespace infusion::ui {
namespace {

// One menu of the registry's screens at `place`, each shown only to someone who may open it (the
// screens are gated again when drawn, and app/ checks every action). Not drawn when empty.
void draw_screen_menu(AppState& state, MenuPlace place, const char* label, const char* name) {
    bool any = false;
    for (const auto& e : screen_registry()) any = any || (e.menu == place && may_open(state, e.id));
    if (!any) return;
    const bool open = ImGui::BeginMenu(label);
    remember(state, name);
    if (!open) return;
    for (const auto& e : screen_registry()) {
        if (e.menu != place || !may_open(state, e.id)) continue;
        if (ImGui::MenuItem(e.title, nullptr, state.screen == e.id)) leave_to(state, e.id);
        remember(state, e.menu_item);
    }
    ImGui::EndMenu();
}

void draw_menu(AppState& state) {
    if (!ImGui::BeginMenuBar()) return;
    draw_screen_menu(state, MenuPlace::go, "Go", "menu.go");
    // An open database (no users yet) has nobody to review: the review menu waits for real accounts.
    if (state.who().session() != nullptr) draw_screen_menu(state, MenuPlace::review, "Review", "menu.review");
    const bool account = ImGui::BeginMenu("Account");
    remember(state, "menu.account");
    if (account) {
        if (ImGui::MenuItem("Switch user")) switch_user(state);
        remember(state, "menu.account.switch");
        // As the idle lock: audited, the cursor in the password field, a time being typed taken first
        // (it set the flag alone: no lock row, found from outside).
        if (ImGui::MenuItem("Lock now")) lock_screen(state, "locked from the Account menu", true);
        remember(state, "menu.account.lock");
        ImGui::EndMenu();
    }
    // ImGui's own windows are for whoever maintains the program, not for clinical users.
    if (state.has_role(app::Role::admin) || state.debug_menu) {
        const bool open = ImGui::BeginMenu("Debug");
        remember(state, "menu.debug");
        if (open) {
            ImGui::MenuItem("ImGui demo window", nullptr, &state.show_imgui_demo);
            ImGui::MenuItem("ImGui metrics", nullptr, &state.show_imgui_metrics);
            ImGui::EndMenu();
        }
    }
    // Who is signed in and on which database, right-aligned by the whole text's width: aligned by the user
    // name alone, a longer database name ("infusiondoc-demo.db") ran past the window's edge and was cut.
    const std::string who = state.user + "  |  " + state.clinic.database_short_name();
    const float right = ImGui::GetWindowWidth() - ImGui::CalcTextSize(who.c_str()).x - ImGui::GetFontSize();
    ImGui::SameLine(std::max(right, ImGui::GetCursorPosX()));
    ImGui::TextColored(muted_colour(), "%s", who.c_str());
    remember(state, "menu.who");
    ImGui::EndMenuBar();
}

// Escape in a text field leaves it and keeps what was typed. ImGui cancels the edit on Escape and puts
// back the text the field had when it was entered: ", latex" added to the allergies, or a line added to
// a reaction note, vanished, and was saved so (found from outside). The field is left before ImGui
// sees the key. A time field keeps Escape's undo, as visit-screen.md says: it is saved only on leaving,
// and Escape there puts the stored time back.
void keep_text_on_escape(AppState& state) {
    const ImGuiContext& g = *GImGui;
    const bool typing = g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID;
    if (!typing || g.ActiveId == state.active_time_field) return;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) ImGui::ClearActiveID();
}

}  // namespace

// Typing no field took, kept while a field is about to take the keyboard (AppState::carried_characters), and
// handed to it once it has it: ImGui drops what no field takes at the frame's end, and a field the keyboard
// was moved to ignores the characters of the frame it becomes active in.
bool typing_field_active() {
    const ImGuiContext& g = *GImGui;
    return g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID;
}

void carry_typing_over(AppState& state, bool frame_begins) {
    auto& queue = ImGui::GetIO().InputQueueCharacters;
    if (!frame_begins) {
        if (state.focus_pending_frames > 0) {
            state.carried_characters.insert(state.carried_characters.end(), queue.begin(), queue.end());
        }
        return;
    }
    if (state.focus_pending_frames > 0 && !typing_field_active()) {
        --state.focus_pending_frames;  // not there yet: held
        state.carried_characters.insert(state.carried_characters.end(), queue.begin(), queue.end());
        queue.resize(0);
        return;
    }
    state.focus_pending_frames = 0;
    for (auto it = state.carried_characters.rbegin(); it != state.carried_characters.rend(); ++it) {
        queue.push_front(*it);
    }
    state.carried_characters.clear();
}

// The rest of a double click whose first click moved what is under the pointer is not taken
// (AppState::clicks_ignored_until): the widgets this frame see the button up.
void ignore_settling_clicks(const AppState& state) {
    if (ImGui::GetTime() >= state.clicks_ignored_until) return;
    ImGuiIO& io = ImGui::GetIO();
    io.MouseClicked[0] = false;
    io.MouseDoubleClicked[0] = false;
    io.MouseDown[0] = false;
    io.MouseReleased[0] = false;
}

void draw_frame(AppState& state) {
    carry_typing_over(state, true);
    ignore_settling_clicks(state);
    keep_text_on_escape(state);
    state.active_time_field = 0;  // set again by the time field being typed into, as it is drawn
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
    } else {
        draw_menu(state);
        draw_current_screen(state);
    }
    draw_leave_question(state);
    carry_typing_over(state, false);
    ImGui::End();
    if (state.sign_in.locked) return;
    if (state.show_imgui_demo) ImGui::ShowDemoWindow(&state.show_imgui_demo);
    if (state.show_imgui_metrics) ImGui::ShowMetricsWindow(&state.show_imgui_metrics);
}

bool refresh_live_lists(AppState& state) {
    // Behind the idle lock nothing is on screen: the change is noticed after unlocking (the counter
    // still differs from the last one seen).
    if (!state.signed_in() || state.sign_in.locked) return false;
    if (!state.clinic.changed_elsewhere()) return false;
    state.today.stale = true;
    state.worklist.stale = true;
    state.review_queue.stale = true;
    // The visit on screen, when it is the one written elsewhere, says so at once (VisitEditor).
    if (state.screen == Screen::visit && state.editor.look_for_changes_elsewhere()) return true;
    return state.screen == Screen::today || state.screen == Screen::worklist || state.screen == Screen::review_queue;
}

double seconds_until_due(const AppState& state, std::chrono::system_clock::time_point wall) {
    // A modal dialog darkens the screen behind it over ImGui's first sixth of a second (DimBgRatio), by
    // each frame's time: frames back to back may end their settling before it is whole, and the window
    // then rests on a half-darkened picture until the next input (tests/support/partial_redraw.sh
    // found it: the dialog's screen differed from the same dialog drawn again).
    if (GImGui != nullptr && GImGui->DimBgRatio < 1.0F && ImGui::GetTopMostPopupModal() != nullptr) return 0.0;
    if (state.sign_in.focus_frames > 0) return 0.0;  // the lock screen's cursor, before the first key
    if (!state.signed_in()) return never_due;        // the sign-in screen changes only with input
    double due = never_due;
    // An export's progress bar and line count.
    if (state.worklist.job) due = std::min(due, export_progress_seconds);
    // The idle lock must notice time passing with no input at all: its deadline, in ImGui's clock,
    // which is the one watch_idle() reads (0: not yet started, so the next frame starts it).
    if (!state.acting->open() && !state.sign_in.locked && state.lock_after_seconds > 0.0) {
        const auto& f = state.sign_in;
        due =
            std::min(due, f.last_activity == 0.0 ? 0.0 : f.last_activity + state.lock_after_seconds - ImGui::GetTime());
    }
    if (state.sign_in.locked) return due;  // nothing else is on screen
    // Today's list is the clinic day's: at midnight it is another day's.
    if (state.screen == Screen::today) due = std::min(due, seconds_until_next_day(state));
    if (state.screen != Screen::visit || !state.editor.is_open()) return due;
    // A tap's notice beside the finger goes when its time is over, not at the next input.
    if (const auto& s = state.visit_screen; !s.tap_notice.empty() && s.tap_notice_until > ImGui::GetTime()) {
        due = std::min(due, s.tap_notice_until - ImGui::GetTime());
    }
    // Seconds from `wall` to the next whole `period` of the real clock.
    const auto until_next = [&](std::chrono::system_clock::duration period) {
        return std::chrono::duration<double>(period - wall.time_since_epoch() % period).count();
    };
    // "Cannot sign yet: the stop ... is later than now" turns into an enabled Sign when that time comes,
    // not at the nurse's next touch; meanwhile the line's "now (19:38 EST)" is renewed each minute.
    if (state.editor.status() == storage::VisitStatus::draft) {
        if (const auto coming = state.editor.seconds_until_sign_blockers_change()) {
            due = std::min({due, *coming, until_next(std::chrono::minutes{1})});
        }
    }
    // A running infusion timer shows whole seconds of the real clock: the next one.
    const auto& setups = state.editor.visit().pump_setups;
    if (std::any_of(setups.begin(), setups.end(), [](const auto& s) { return s.start && !s.stop; })) {
        due = std::min(due, until_next(std::chrono::seconds{1}));
    }
    return due;
}

}  // namespace infusion::ui
