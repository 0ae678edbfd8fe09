#pragma once
// Leaving a screen that holds what is not saved asks first, whichever way out is taken: the screen's
// Back button, the Go and Review menus, Switch user (from the menu or the lock screen) or closing the
// window. What is not saved: an amendment (saved only when signed), a time whose typed text was refused
// (in red), a supervisor's site-care note, countersign comment or send-back reason not yet sent. Found
// in the real window: each of them was dropped without a word.
#include "ui/app_state.hpp"

#include <optional>
#include <string>

namespace infusion::ui {

// What leaving the screen on show would drop, in a few words for the lock screen ("an amendment, saved
// only when it is signed"), or nothing.
[[nodiscard]] std::optional<std::string> unsaved_on_screen(const AppState& state);

// Go to `to`, sign out for the next person, or close the window: at once when nothing would be lost,
// otherwise after the question is answered "discard".
void leave_to(AppState& state, Screen to);
void switch_user(AppState& state);
// For the window's close button: true when it may close now; false when the question is asked first
// (state.quit turns true once it is answered "discard").
[[nodiscard]] bool may_close_window(AppState& state);

// The question, while one is pending: stay, or discard and go. Call once per frame in the main window,
// whatever screen is drawn (the lock screen included).
void draw_leave_question(AppState& state);

}  // namespace infusion::ui
