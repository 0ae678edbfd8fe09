#pragma once
// When to draw and when to sleep: the frame loop's only policy, kept apart from GLFW so it is testable.
//
// An idle window must cost (almost) no CPU: with nothing happening we block in glfwWaitEvents().
// But ImGui needs a few frames after an input to settle (a click is seen on press and on release,
// windows auto-size over two frames, a popup opens a frame after its button), so every input buys
// `settle_frames` more frames before we block again. While something time-driven is on screen (a
// running infusion timer) the wait is capped at `tick_seconds` so the clock advances.
namespace infusion::platform {

class FramePacer {
public:
    enum class Wait {
        none,         // draw now: poll events without blocking
        until_event,  // block until an input, resize or expose event
        until_tick,   // block until an event or tick_seconds, whichever comes first
    };

    static constexpr int settle_frames = 3;
    static constexpr double tick_seconds = 1.0;

    // Any input, resize, focus or expose event (and the start: the first frames lay the UI out).
    void note_event() { m_frames_left = settle_frames; }
    // A frame was drawn and shown.
    void frame_drawn() {
        if (m_frames_left > 0) --m_frames_left;
    }
    // What to do before the next frame; `needs_ticks` is FrameCallbacks::needs_ticks() (false if unset).
    [[nodiscard]] Wait next_wait(bool needs_ticks) const {
        if (m_frames_left > 0) return Wait::none;
        return needs_ticks ? Wait::until_tick : Wait::until_event;
    }

private:
    int m_frames_left = settle_frames;
};

}  // namespace infusion::platform
