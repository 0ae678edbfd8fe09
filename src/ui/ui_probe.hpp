#pragma once
// What the window shows and what it has seen of the input, written to a file for tests that drive the
// real window from outside with real X input (tests/support/real_window_walk.sh, docs/testing.md).
// With INFUSIONDOC_UI_PROBE=FILE set, the window writes FILE after every frame: the frame number, the keys
// and mouse buttons down and the pointer as ImGui saw them that frame, how many characters it has
// received, whether a text field has the keyboard, where each named control is (ui::remember's names, the
// ones the headless driver clicks), which control has the focus, and what each time field holds with its
// message. A test clicks a control by its name and waits for the window to have seen each key, click
// and character, instead of guessing coordinates and sleeping. Off unless the variable is set; for tests.
#include "ui/app_state.hpp"

#include <cstdint>
#include <filesystem>

namespace infusion::ui {

class UiProbe {
public:
    // The file INFUSIONDOC_UI_PROBE names; none (enabled() false) when the variable is unset or empty.
    static UiProbe from_environment();

    [[nodiscard]] bool enabled() const { return !m_file.empty(); }
    // Call before drawing a frame: counts the characters it received (a text field empties ImGui's queue).
    void frame_begins();
    // Call after drawing a frame, before it ends. Writes the probe whole or not at all (a temporary file
    // renamed over it) and forgets this frame's rectangles, so the next probe lists only what is on
    // screen then.
    void write(AppState& state);

private:
    std::filesystem::path m_file;
    std::int64_t m_characters = 0;  // received since the start
};

}  // namespace infusion::ui
