#include "platform/window_size.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <iostream>

namespace infusion::platform {

namespace {

constexpr const char* environment_variable = "INFUSIONDOC_WINDOW_SIZE";

std::optional<int> whole(std::string_view text, int low, int high) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < low || value > high) return std::nullopt;
    return value;
}

}  // namespace

std::optional<WindowSize> parse_window_size(std::string_view text) {
    const auto x = text.find('x');
    if (x == std::string_view::npos) return std::nullopt;
    const auto width = whole(text.substr(0, x), 640, 7680);
    const auto height = whole(text.substr(x + 1), 480, 4320);
    if (!width || !height) return std::nullopt;
    return WindowSize{*width, *height};
}

WindowSize fitted_to(WindowSize wanted, WindowSize room) {
    constexpr int title_bar = 32;  // the window manager's, outside the size asked for
    if (room.width <= 0 || room.height <= title_bar) return wanted;
    // A window that fits keeps its size (a 1280x800 screen still gets 1280x800, as the tests' Xvfb has it).
    return WindowSize{std::min(wanted.width, room.width),
                      wanted.height > room.height ? room.height - title_bar : wanted.height};
}

WindowSize window_size_from_environment(WindowSize fallback) {
    const char* text = std::getenv(environment_variable);  // NOLINT(concurrency-mt-unsafe): main thread only
    if (text == nullptr || *text == '\0') return fallback;
    if (auto size = parse_window_size(text)) return *size;
    std::cerr << "infusiondoc: ignoring " << environment_variable << "=\"" << text
              << "\": expected WIDTHxHEIGHT such as 1920x1080 (640x480 to 7680x4320)\n";
    return fallback;
}

}  // namespace infusion::platform
