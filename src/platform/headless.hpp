#pragma once
// Dear ImGui without a window or OpenGL, for tests of screens and widgets.
//
// ImGui 1.86 (Debian 12) has no test engine and no input-event queue, so input is written straight
// into ImGuiIO before each frame: io.MousePos, io.MouseDown, io.KeysDown (indexed by ImGuiKey_ values,
// io.KeyMap is the identity) and io.AddInputCharactersUTF8.
//
// Which calls run frames:
//   frame(draw)       exactly 1 frame
//   frames(n, draw)   exactly n frames
//   click(at, draw)   exactly 3 frames: hover, press, release (a Button() returns true in the third)
//   everything else   no frame: it changes the input the next frame() will see
// Every frame consumes the next queued key step (see press()), whichever call runs it.
#include "platform/fonts.hpp"
#include "platform/glyph_demand.hpp"

#include <imgui.h>

#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace infusion::platform {

class HeadlessUi {
public:
    // Creates and owns an ImGui context with keyboard navigation on, no imgui.ini, ImGui's built-in
    // font (call load_fonts() for the real ones), a 60 Hz frame time and the given display size.
    explicit HeadlessUi(ImVec2 display_size = ImVec2(1280.0f, 800.0f));
    ~HeadlessUi();
    HeadlessUi(const HeadlessUi&) = delete;
    HeadlessUi& operator=(const HeadlessUi&) = delete;
    HeadlessUi(HeadlessUi&&) = delete;
    HeadlessUi& operator=(HeadlessUi&&) = delete;

    // Runs one frame: applies the pending input, NewFrame(), draw(), Render(). `draw` must not throw
    // (an exception would leave the frame open and the next NewFrame() would assert).
    void frame(const std::function<void()>& draw);
    // Runs `count` frames with the same draw function (ImGui needs 2-3 to settle a layout).
    void frames(int count, const std::function<void()>& draw);

    // No frame: the mouse is at `at` (display coordinates) from the next frame on.
    void move_mouse(ImVec2 at);
    // Three frames: moves the mouse to `at` with the button up (hover), presses the left button,
    // releases it. ImGui widgets act on the release, so a Button() returns true in the third frame.
    void click(ImVec2 at, const std::function<void()>& draw);

    // No frame: queues UTF-8 text; the next frame delivers it to the active text field.
    void type(const std::string& utf8);
    // No frame: queues a key press. The key is down during one frame and up during the next.
    // Presses run one per frame in the order queued: press(Tab); press(Space) then two frames sees
    // Tab in the first and Space in the second. Pressing the same key again takes one more frame,
    // because ImGui must see it up in between. Valid keys: ImGuiKey_Tab .. ImGuiKey_Z.
    void press(ImGuiKey key);
    // No frame: Ctrl and Shift as held from the next frame on (for Ctrl+A, Shift+Tab ...).
    void set_modifiers(bool ctrl, bool shift);
    // No frame: the size of the (imaginary) window from the next frame on.
    void set_display_size(ImVec2 size);

    // No frame: loads the window's fonts and style at `scale` (load_fonts, apply_style) and rebuilds
    // the atlas, so text metrics match run_window's. Call between frames.
    Fonts load_fonts(float scale = 1.0f);
    // Letters the frames showed that the fonts lack (as run_window notes them); load_fonts() adds them. The
    // window loads its fonts again by itself; a test calls load_fonts() (the old fonts' pointers are then gone).
    [[nodiscard]] const GlyphDemand& glyphs() const { return m_glyphs; }

    // Number of frames run so far.
    [[nodiscard]] int frame_count() const { return m_frames; }
    [[nodiscard]] ImGuiContext* context() const { return m_context; }

private:
    using KeyStep = std::vector<std::pair<ImGuiKey, bool>>;  // (key, down) applied before one frame

    void make_current() const;
    void apply_next_key_step();

    ImGuiContext* m_context = nullptr;
    std::deque<KeyStep> m_key_steps;
    int m_frames = 0;
    GlyphDemand m_glyphs;
};

}  // namespace infusion::platform
