#pragma once
// Who is at the keyboard: the first administrator of a new database, sign-in, switch user, and the
// lock screen that hides patient data after the configured idle time (drafts stay saved).
#include "demo/demo_users.hpp"
#include "ui/app_state.hpp"

#include <string>
#include <vector>

namespace infusion::ui {

void draw_sign_in_screen(AppState& state);
// What the sign-in screen of a demo database lists: "roles: username / password" for each account that
// still has its published password, the administrator aside (the window has nothing for an admin).
[[nodiscard]] std::vector<std::string> demo_sign_in_lines(const std::vector<demo::DemoUser>& accounts);
void draw_lock_screen(AppState& state);
// The lock's "after N minutes": "1 minute", "5 minutes", "30 seconds" ("1 minutes" was shown).
[[nodiscard]] std::string idle_time_text(double seconds);
// The lock screen's first sentence: why patient data is hidden (the idle time, or Lock now).
[[nodiscard]] std::string why_hidden(const AppState& state);
// Notes input and locks the screen after `state.lock_after_seconds` without any. Call once per frame.
void watch_idle(AppState& state);
// Hides patient data behind the lock screen now (the idle lock, or Account > Lock now), audited as
// "lock" with `why`. A time still being typed is taken first. Nothing for an open database (no users).
// `asked`: Account > Lock now (the lock screen then says so, not that the data hid itself after idling).
void lock_screen(AppState& state, const std::string& why, bool asked = false);

}  // namespace infusion::ui
