#pragma once
// One frame of the whole program: the menu bar and the current screen in a full-window panel.
#include "ui/app_state.hpp"

#include <chrono>
#include <limits>

namespace infusion::ui {

void draw_frame(AppState& state);

inline constexpr double never_due = std::numeric_limits<double>::infinity();
inline constexpr double export_progress_seconds = 0.25;  // the export's line count and bar move this often

// After a frame: in how many seconds the screen changes by itself, without any input (never_due: not
// at all; the window sleeps until the next input). `wall` is the real time now; a running infusion
// timer shows its seconds. The idle lock's deadline is in ImGui's clock (ImGui::GetTime()), as
// watch_idle() reads it. Today's list waits for the next clinic day; an export's progress moves; a
// visit held back from signing by a time later than now waits for that time (and renews the minute of
// "later than now (19:38 EST)" meanwhile).
[[nodiscard]] double seconds_until_due(const AppState& state,
                                       std::chrono::system_clock::time_point wall = std::chrono::system_clock::now());

// Live lists (issue 14): how often the window asks, and what it asks. Another workstation's change shows
// on Today, the worklist and the review queue within live_list_seconds plus one list read, without a
// restart and without asking the database anything but a change counter while nothing changes.
inline constexpr double live_list_seconds = 1.0;
// When the database changed elsewhere: Today, the worklist and the review queue are read again on their
// next frame. True when one of them is on screen, so a frame must be drawn now.
[[nodiscard]] bool refresh_live_lists(AppState& state);

}  // namespace infusion::ui
