#include "ui/leave_guard.hpp"

#include "core/codes.hpp"
#include "ui/screen_registry.hpp"
#include "ui/time_field.hpp"
#include "ui/widgets.hpp"

#include <algorithm>

namespace infusion::ui {
namespace {

// Blanks only, as every other "is anything typed" check reads it (core::trim_blanks).
bool blank(const std::string& text) { return core::trim_blanks(text).empty(); }

// What is not saved on screen: said short (the lock screen), said whole (the question, before "Leaving
// discards ..."), and the button that stays.
struct Unsaved {
    const char* brief;
    const char* what;
    const char* dropped;  // what the question says leaving does with it
    const char* stay;
};

std::optional<Unsaved> find_unsaved(const AppState& state) {
    if (!state.signed_in()) return std::nullopt;
    if (state.screen == Screen::visit && state.editor.is_open()) {
        if (state.editor.amending()) {
            return Unsaved{"an amendment, saved only when it is signed", "The amendment is not signed yet.",
                           "discards its changes and its reason", "Keep amending"};
        }
        if (state.editor.conflict()) {
            // What the nurse typed stays on screen after "changed elsewhere" until she reloads: leaving
            // dropped it without a word (found from outside).
            return Unsaved{"entries not saved: the visit was changed elsewhere",
                           "What you typed is not saved: the visit was changed at another workstation first.",
                           "discards what you typed (the visit as saved elsewhere stays)", "Stay"};
        }
        if (refused_time_entry(state) != nullptr) {
            return Unsaved{"a time that was refused, in red, to correct",
                           "A time typed here was refused and is not saved (framed red).",
                           "keeps the saved time and drops what was typed", "Stay and correct it"};
        }
    }
    // The review's form waits behind its site history (Back returns to it): leaving from there drops it too.
    const bool review_behind =
        state.screen == Screen::site_history && state.site_history.back_to == Screen::visit_review;
    if (state.screen == Screen::visit_review || review_behind) {
        const auto& r = state.visit_review;
        const bool note = !blank(r.note_text) || r.note_grade != 0 ||
                          std::any_of(r.note_conditions.begin(), r.note_conditions.end(), [](bool c) { return c; });
        if (note || !blank(r.countersign_comment) || !blank(r.correction_reason)) {
            return Unsaved{"a review note, comment or reason not yet sent",
                           "What you typed on the visit review is not sent yet (a site-care note, a countersign "
                           "comment or a reason to send back).",
                           "discards it", "Stay"};
        }
    }
    return std::nullopt;
}

void discard_unsaved(AppState& state) {
    if (state.editor.is_open() && state.editor.amending()) state.editor.cancel_amendment();
    if (state.editor.is_open() && state.editor.conflict()) (void)state.editor.reload();  // the visit as saved
    // A refused entry gives way to the saved time (the field shows the record again).
    std::erase_if(state.visit_screen.time_drafts, [](const auto& entry) { return !entry.second.message.empty(); });
    auto& r = state.visit_review;
    r.note_text.clear();
    r.note_grade = 0;
    r.note_conditions = {};
    r.countersign_comment.clear();
    r.correction_reason.clear();
}

void leave_now(AppState& state, const LeaveRequest& request) {
    switch (request.kind) {
        case LeaveRequest::Kind::screen: go_to(state, request.to); break;
        case LeaveRequest::Kind::switch_user: state.end_session(); break;
        case LeaveRequest::Kind::quit: state.quit = true; break;
    }
}

void request(AppState& state, const LeaveRequest& request) {
    if (find_unsaved(state)) {
        state.leaving = request;
    } else {
        leave_now(state, request);
    }
}

}  // namespace

std::optional<std::string> unsaved_on_screen(const AppState& state) {
    if (auto unsaved = find_unsaved(state)) return std::string{unsaved->brief};
    return std::nullopt;
}

void leave_to(AppState& state, Screen to) { request(state, {LeaveRequest::Kind::screen, to}); }

void switch_user(AppState& state) { request(state, {LeaveRequest::Kind::switch_user, Screen::today}); }

bool may_close_window(AppState& state) {
    // A time typed and not yet left is read now, as leaving the field would: the window's close button
    // (the window manager's WM_DELETE_WINDOW) comes with no frame between, and a valid "00:48" typed into
    // Stop was lost (found from outside). One it refuses is asked about below.
    if (state.signed_in() && !state.sign_in.locked && commit_time_entries_being_typed(state)) state.editor.changed();
    if (!find_unsaved(state)) return true;
    state.leaving = LeaveRequest{LeaveRequest::Kind::quit, Screen::today};
    return false;
}

void draw_leave_question(AppState& state) {
    constexpr const char* title = "Not saved##leave";
    if (!state.leaving) return;
    const auto unsaved = find_unsaved(state);
    if (!unsaved) {  // saved meanwhile (the time corrected): nothing to ask any more
        const LeaveRequest request = *state.leaving;
        state.leaving.reset();
        leave_now(state, request);
        return;
    }
    if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    const LeaveRequest request = *state.leaving;
    const char* doing = request.kind == LeaveRequest::Kind::switch_user ? "Switching user"
                        : request.kind == LeaveRequest::Kind::quit      ? "Closing InfusionDoc"
                                                                        : "Leaving";
    const char* go = request.kind == LeaveRequest::Kind::switch_user ? "Discard and switch user"
                     : request.kind == LeaveRequest::Kind::quit      ? "Discard and close"
                                                                     : "Discard and leave";
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0F);
    ImGui::TextUnformatted(unsaved->what);
    ImGui::Text("%s %s.", doing, unsaved->dropped);
    ImGui::PopTextWrapPos();
    remember(state, "leave.question");
    const float width = ImGui::GetFontSize() * 11.0F;
    bool stay = big_button(state, unsaved->stay, "leave.stay", width);
    stay = stay || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
    ImGui::SameLine();
    const bool discard = big_button(state, go, "leave.discard", width);
    if (stay || discard) {
        ImGui::CloseCurrentPopup();
        state.leaving.reset();
    }
    ImGui::EndPopup();
    if (discard) {
        discard_unsaved(state);
        leave_now(state, request);
    }
}

}  // namespace infusion::ui
