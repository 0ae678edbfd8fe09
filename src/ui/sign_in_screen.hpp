#pragma once
// Who is at the keyboard: the first administrator of a new database, sign-in, switch user, and the
// lock screen that hides patient data after the configured idle time (drafts stay saved).
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_sign_in_screen(AppState& state);
void draw_lock_screen(AppState& state);
// Notes input and locks the screen after `state.lock_after_seconds` without any. Call once per frame.
void watch_idle(AppState& state);

}  // namespace infusion::ui
