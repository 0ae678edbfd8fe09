#pragma once
// When to draw and when to sleep: the frame loop's only policy, kept apart from GLFW so it is testable.
//
// An idle window must cost (almost) no CPU: with nothing happening we block in glfwWaitEvents(), and
// a frame is drawn only after an event or when something on screen is due to change by itself. ImGui
// needs a few frames after an input to settle (a click is seen on press and on release, windows
// auto-size over two frames, a popup opens a frame after its button), so every input buys
// `settle_frames` more frames before we block again. Otherwise the screen says when it next changes
// by itself (FrameCallbacks::seconds_until_due: a running timer's next second, the idle lock's
// deadline, an export's progress, the next clinic day on Today) and the loop sleeps exactly that long.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace infusion::platform {

class FramePacer {
public:
    enum class Kind {
        none,           // draw now: poll events without blocking
        until_event,    // block until an input, resize or expose event
        until_timeout,  // block until an event or `seconds` have passed, whichever comes first
    };
    struct Wait {
        Kind kind = Kind::none;
        double seconds = 0.0;  // only for until_timeout
    };

    static constexpr int settle_frames = 3;
    static constexpr double never = std::numeric_limits<double>::infinity();
    // A deadline is slept to, plus this much, so the frame drawn then is past it (ImGui's clock adds
    // float frame times; waking a hair early would only cost one more short sleep, but why pay it).
    static constexpr double margin_seconds = 0.002;

    // At most this many frames more after an input while the picture is still changing (frame_drawn).
    static constexpr int most_extra_frames = 8;

    // Any input, resize, focus or expose event (and the start: the first frames lay the UI out).
    void note_event() {
        m_frames_left = settle_frames;
        m_extra_left = most_extra_frames;
    }
    // True after an input until its settle frames are drawn: the window has something to draw now.
    [[nodiscard]] bool settling() const { return m_frames_left > 0; }
    // A frame was made: drawn and shown, or found to be the picture already on screen. `changed`: its
    // picture differed from the one before. Some layout comes a frame late (a scrollbar appears once a
    // window has seen its content outgrow it, and moves what is beside it); a screen opened by a click's
    // release is first drawn in the last settle frame. So while the last settle frame still changed the
    // picture, one more is made (up to most_extra_frames): the window never sleeps on a picture that is
    // about to move, where a person would click on what is no longer there (found in the real window:
    // "Sign visit" drawn 37 pixels above where the next frame put it).
    void frame_drawn(bool changed = false) {
        if (m_frames_left == 0) return;
        --m_frames_left;
        if (m_frames_left == 0 && changed && m_extra_left > 0) {
            ++m_frames_left;
            --m_extra_left;
        }
    }
    // What to do before the next frame. `seconds_until_due`: how long until the screen changes by
    // itself, as measured after the last frame (never: nothing on screen changes without input; zero
    // or less: draw now).
    [[nodiscard]] Wait next_wait(double seconds_until_due) const {
        if (m_frames_left > 0 || seconds_until_due <= 0.0) return {Kind::none, 0.0};
        if (std::isinf(seconds_until_due)) return {Kind::until_event, 0.0};
        return {Kind::until_timeout, seconds_until_due + margin_seconds};
    }
    // The same, but never past `limit` seconds (a delayed screenshot must wake for its capture).
    [[nodiscard]] Wait next_wait(double seconds_until_due, double limit) const {
        Wait wait = next_wait(std::min(seconds_until_due, limit));
        if (wait.kind == Kind::until_timeout) wait.seconds = std::min(wait.seconds, std::max(0.0, limit));
        return wait;
    }

private:
    int m_frames_left = settle_frames;
    int m_extra_left = most_extra_frames;
};

// Live data (issue 14): what another workstation changed reaches the screen without input. A look is
// due every `every` seconds (times in the window's clock, seconds); the loop sleeps at most until then.
// Woken for a look with no input and nothing due on screen, it asks and, unless something changed
// elsewhere, sleeps on without drawing: an idle window costs one cheap question per `every`.
class ChangeWatch {
public:
    ChangeWatch(bool on, double every, double now)
        : m_on(on), m_every(std::max(0.05, every)), m_next(now + std::max(0.05, every)) {}

    // How long the loop may sleep before the next look (never when not watching).
    [[nodiscard]] double seconds_left(double now) const {
        return m_on ? std::max(0.0, m_next - now) : FramePacer::never;
    }
    // After a wake-up at `now`: draw a frame? `drawing`: one is drawn anyway (an input, a due time).
    // `changed_elsewhere` is asked when a look is due, and only then.
    [[nodiscard]] bool frame_wanted(double now, bool drawing, const std::function<bool()>& changed_elsewhere) {
        if (!m_on || now < m_next) return drawing;
        m_next = now + m_every;
        return changed_elsewhere() || drawing;
    }

private:
    bool m_on;
    double m_every;
    double m_next;
};

}  // namespace infusion::platform
