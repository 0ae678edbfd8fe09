#pragma once
// The window's picture, kept between frames so that a frame draws only what it changed (issue 15).
//
// After a swap the window's back buffer holds nothing that can be relied on, so the picture lives in an
// OpenGL framebuffer object of the window's size. A frame clears and draws the changed area only (every
// draw command's scissor cut to it: triangles outside are dropped before any pixel is shaded), then the
// whole picture is copied to the back buffer and swapped. Under a software OpenGL this makes a frame
// cost what changed, not what the screen shows: the pointer lighting a button on a screenful of rows
// costs what it costs on an empty screen. Drawing the changed area of ImGui's draw data gives exactly the
// pixels a whole redraw gives there (ChangedArea says why the rest is unchanged).
//
// Where the framebuffer object cannot be made, or the display is scaled to the framebuffer by other than
// 1 (scissors would no longer fall on whole pixels of both), every frame is drawn whole into the back
// buffer, as before.
#include "platform/changed_area.hpp"

#include <imgui.h>

namespace infusion::platform {

class OffscreenPicture {
public:
    OffscreenPicture() = default;
    ~OffscreenPicture();
    OffscreenPicture(const OffscreenPicture&) = delete;
    OffscreenPicture& operator=(const OffscreenPicture&) = delete;
    OffscreenPicture(OffscreenPicture&&) = delete;
    OffscreenPicture& operator=(OffscreenPicture&&) = delete;

    // Draws `data` (ImGui's, already rendered; its clip rectangles are cut here) where `changed` says,
    // onto `background`, and leaves the whole picture in the current context's back buffer. A new size
    // redraws everything. Returns the area drawn again, in framebuffer pixels.
    PixelRect draw(ImDrawData& data, PixelRect changed, ImVec4 background);

private:
    bool ensure_size(int width, int height);  // false: no framebuffer object; draw into the back buffer
    void release();

    unsigned int m_framebuffer = 0;
    unsigned int m_texture = 0;
    int m_width = 0;
    int m_height = 0;
    bool m_unavailable = false;  // tried once and failed: whole frames from then on
};

}  // namespace infusion::platform
