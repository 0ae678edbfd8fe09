#pragma once
// The window's size at start: 1280x800 by default, or INFUSIONDOC_WINDOW_SIZE=WIDTHxHEIGHT (e.g. 1920x1080
// for a full-HD touch screen at the chair, or a screenshot at that size under Xvfb: scripts/screenshots).
#include <optional>
#include <string_view>

namespace infusion::platform {

struct WindowSize {
    int width = 0;
    int height = 0;
};

// "1920x1080" -> {1920, 1080}; anything else (no 'x', not whole numbers, below 640x480 or above
// 7680x4320) -> nullopt.
[[nodiscard]] std::optional<WindowSize> parse_window_size(std::string_view text);

// The size INFUSIONDOC_WINDOW_SIZE asks for, else `fallback`. A value that does not read as a size is
// ignored with a message on stderr saying what was expected.
[[nodiscard]] WindowSize window_size_from_environment(WindowSize fallback);

// `wanted` made no larger than `room` (a screen's work area, in the window's units; a height cut to it
// leaves room for a title bar): the 1280x800 window on a 1024x700 screen opened with its right edge and bottom off the
// screen (found from outside).
[[nodiscard]] WindowSize fitted_to(WindowSize wanted, WindowSize room);

}  // namespace infusion::platform
