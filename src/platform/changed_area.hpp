#pragma once
// Which part of the picture a frame changes (issue 15).
//
// Under a software OpenGL (Mesa's llvmpipe: thin clients, remote desktops, Xvfb) drawing a frame is
// almost all of its cost: every pixel is shaded on the CPU, and the more text the screen shows the more
// a frame costs. ImGui builds each frame from scratch, yet most frames change little: a button lit under
// the pointer, a timer's digits, one field being typed into. ImGui's draw data (every vertex, index, clip
// rectangle and texture of the frame) is the whole picture, so comparing it with the last one says where
// the picture can differ: nowhere (the frame is not drawn at all), or inside one rectangle, which is all
// that needs drawing again (OffscreenPicture keeps the rest).
//
// Each draw list (a window, a child window, a popup) is read as the sequence of triangles it draws, each
// with its clip rectangle and texture, and compared with the last picture's list at the same place in the
// drawing order (a list whose buffers are byte for byte the same is not read at all). The old and the new
// sequence share a beginning and an end; what lies between (in either) is the change, and the rectangle
// around those triangles of every list, each cut to its clip rectangle, is the changed area. Every pixel
// outside it is covered by the same triangles in the same order in both pictures, so it is the same.
//
// What draw data cannot show makes the whole picture change (forget()): the window exposed or resized,
// the fonts' texture rebuilt (its texture id may be reused with other pixels), the first frame; and any
// frame with a draw callback, which draws what the draw data does not describe.
#include <imgui.h>

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace infusion::platform {

// A rectangle of whole pixels of the display, from its top left: [x0, x1) x [y0, y1).
struct PixelRect {
    int x0 = 0;
    int y0 = 0;
    int x1 = 0;
    int y1 = 0;
    [[nodiscard]] bool empty() const { return x1 <= x0 || y1 <= y0; }
    [[nodiscard]] long long area() const { return empty() ? 0 : static_cast<long long>(x1 - x0) * (y1 - y0); }
    bool operator==(const PixelRect&) const = default;
};

class ChangedArea {
public:
    // Where `data` differs from the picture of the last call: nullopt when nowhere (the screen already
    // shows it), else the rectangle (in display pixels) to draw again, which is the whole display when
    // the picture cannot be compared. Remembers `data` either way.
    [[nodiscard]] std::optional<PixelRect> since_last(const ImDrawData& data);
    // The next frame changes the whole picture, whatever it holds.
    void forget() { m_last_valid = false; }

private:
    // The last picture twice (reused buffers: no allocation once warm): its draw data copied as it is
    // (where it goes, then each list's vertices, indices and commands, each list's span noted), which
    // tells an unchanged frame or list at the cost of a copy; and each list's triangles as fixed-size
    // records, which the shared beginning and end are found in.
    std::vector<unsigned char> m_last_frame;
    std::vector<unsigned char> m_now_frame;
    std::vector<std::pair<std::size_t, std::size_t>> m_last_lists;  // offset and size in m_last_frame
    std::vector<std::pair<std::size_t, std::size_t>> m_now_lists;
    std::vector<std::vector<unsigned char>> m_records;  // per list of the last picture
    std::vector<unsigned char> m_scratch;
    bool m_last_valid = false;
};

// The pixels both rectangles hold (empty when none); OffscreenPicture cuts scissor boxes with it too.
[[nodiscard]] PixelRect intersect(const PixelRect& a, const PixelRect& b);

}  // namespace infusion::platform
