#pragma once
// What the window shows, written to a file for tests that drive the real window from outside with real
// X input (tests/support/real_window_walk.sh). Set INFUSIONDOC_UI_PROBE=FILE and, after every frame, the
// window writes FILE: the frame number, where each named control is (ui::remember's names, the ones the
// headless driver clicks), which control has the focus, and what each time field holds with its message.
// A test then clicks a control by its name and waits for what the screen says, instead of guessing
// coordinates and sleeping. Off unless the variable is set; not for production use (docs/testing.md).
#include "ui/app_state.hpp"

#include <filesystem>

namespace infusion::ui {

// The file INFUSIONDOC_UI_PROBE names; empty when the variable is unset or empty.
[[nodiscard]] std::filesystem::path probe_file_from_environment();

// Writes the probe for the frame just drawn, whole or not at all (a temporary file renamed over it), and
// forgets this frame's rectangles so the next probe lists only what is on screen then.
void write_probe(AppState& state, const std::filesystem::path& file);

}  // namespace infusion::ui
