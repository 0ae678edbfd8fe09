#pragma once
// The desktop window: GLFW, an OpenGL 3.3 core context, Dear ImGui and the frame loop.
#include "platform/fonts.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace infusion::platform {

struct WindowOptions {
    std::string title = "InfusionDoc";
    int width = 1280;  // in screen coordinates at scale 1; grown with the monitor's content scale
    int height = 800;
    std::optional<float> ui_scale;                    // manual override of the DPI scale
    std::filesystem::path ini_file;                   // imgui.ini location; empty = none
    std::optional<std::filesystem::path> screenshot;  // render, save PNG, exit
    int screenshot_frames = 4;                        // frames drawn before the capture (layout settles)
    double screenshot_delay_seconds = 0.0;            // run this long, without input, before capturing
};

// All called on the main thread: draw between ImGui::NewFrame() and ImGui::Render(), the others
// between frames. None may throw: ImGui cannot recover from an exception in the middle of a frame.
struct FrameCallbacks {
    std::function<void()> draw;  // build the UI for one frame
    // Asked after each frame: in how many seconds the screen changes by itself (a running infusion
    // timer's next second, the idle lock's deadline, an export's progress). The window sleeps until
    // then or the next input, whichever comes first. Unset or infinite: sleep until the next input.
    std::function<double()> seconds_until_due;
    // Optional: called when the user closes the window; return false to keep it open, e.g. for a
    // confirm dialog. Unset: the window closes.
    std::function<bool()> request_close;
    // Optional: asked after each frame; true ends the loop, e.g. once the confirm dialog said "close"
    // or the user chose Quit. Only asked when a frame runs, i.e. after some input or a due time.
    std::function<bool()> quit_requested;
    // Optional, for live data (another workstation's changes, issue 14): asked about every
    // `watch_seconds`, whether the window sleeps or draws. Must be cheap (a counter read, no query). True: what the
    // screen shows changed elsewhere, draw a frame; false: sleep on without drawing, so an idle window stays (almost)
    // free.
    std::function<bool()> changed_elsewhere;
    double watch_seconds = 1.0;
    // Optional: called with the fonts before the first frame, and again when a move to a monitor with
    // another scale rebuilds them (the old ImFont pointers are then invalid).
    std::function<void(const Fonts&)> fonts_changed;
};

// Opens the window and runs frames until it is closed. Returns the process exit status: 0 when
// closed normally or when the screenshot was written; 2 when no window could be created (no
// DISPLAY, no OpenGL 3.3) or the screenshot could not be written, with the reason on stderr.
[[nodiscard]] int run_window(const WindowOptions& options, const FrameCallbacks& callbacks);

}  // namespace infusion::platform
