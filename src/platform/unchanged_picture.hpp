#pragma once
// A frame whose picture is the one already on screen is not drawn again (issue 15).
//
// Under a software OpenGL (Mesa's llvmpipe: thin clients, remote desktops, Xvfb) drawing a frame is
// almost all of its cost: every pixel is shaded on the CPU. ImGui builds each frame from scratch, so a
// pointer moving over empty space, or the few frames ImGui takes to settle after an input, build the same
// picture again and again. ImGui's draw data (every vertex, index, clip rectangle and texture of the
// frame) is the whole picture: when it is byte for byte the one last drawn, the screen already shows
// it, and the frame is neither rendered nor swapped.
//
// What draw data cannot show makes the caller draw anyway (forget()): the window exposed or resized,
// the fonts' texture rebuilt (its texture id may be reused with other pixels), the first frame.
#include <imgui.h>

#include <vector>

namespace infusion::platform {

class UnchangedPicture {
public:
    // True when `data` gives exactly the picture of the last call (which was drawn, or the same as
    // the one drawn). Remembers `data` either way. A frame with a user callback is never "unchanged":
    // a callback draws what the draw data does not describe.
    [[nodiscard]] bool same_as_last(const ImDrawData& data);
    // The next frame is drawn whatever it holds.
    void forget() { m_last.clear(); }

private:
    std::vector<unsigned char> m_last;  // the last picture, as bytes (reused: no allocation once warm)
    std::vector<unsigned char> m_now;
};

}  // namespace infusion::platform
