// platform/window_size: INFUSIONDOC_WINDOW_SIZE, read strictly (a typo opens the default window, said on stderr).
#include "platform/window_size.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace infusion::platform;

TEST_CASE("parse_window_size reads WIDTHxHEIGHT within 640x480 to 7680x4320 and nothing else") {
    const auto full_hd = parse_window_size("1920x1080");
    REQUIRE(full_hd);
    CHECK(full_hd->width == 1920);
    CHECK(full_hd->height == 1080);
    CHECK(parse_window_size("640x480").has_value());
    CHECK(parse_window_size("7680x4320").has_value());
    for (const char* bad : {"", "1920", "1920x", "x1080", "1920X1080", "1920x1080 ", " 1920x1080", "1920x-1080",
                            "1920.5x1080", "639x480", "640x479", "7681x4320", "99999999999x1080", "fullscreen"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_window_size(bad).has_value());
    }
}

TEST_CASE("INFUSIONDOC_WINDOW_SIZE sets the window's size, unset or unreadable keeps the default") {
    const WindowSize fallback{1280, 800};
    ::unsetenv("INFUSIONDOC_WINDOW_SIZE");
    CHECK(window_size_from_environment(fallback).width == 1280);
    ::setenv("INFUSIONDOC_WINDOW_SIZE", "1920x1080", 1);
    CHECK(window_size_from_environment(fallback).width == 1920);
    CHECK(window_size_from_environment(fallback).height == 1080);
    ::setenv("INFUSIONDOC_WINDOW_SIZE", "big", 1);
    CHECK(window_size_from_environment(fallback).height == 800);
    ::unsetenv("INFUSIONDOC_WINDOW_SIZE");
}

TEST_CASE("the window asked for is fitted to a smaller screen's work area, title bar included") {
    // Found from outside: on a 1024x700 screen the 1280x800 window opened with its right edge and its
    // bottom ("+ New visit", the Billing column) off the screen.
    const auto small = fitted_to({1280, 800}, {1024, 700});
    CHECK(small.width == 1024);
    CHECK(small.height == 668);
    const auto large = fitted_to({1280, 800}, {1920, 1050});
    CHECK(large.width == 1280);
    CHECK(large.height == 800);
    const auto exact = fitted_to({1280, 800}, {1280, 800});  // a window that fits keeps its size
    CHECK(exact.width == 1280);
    CHECK(exact.height == 800);
    const auto unknown = fitted_to({1280, 800}, {0, 0});  // no work area reported: as asked
    CHECK(unknown.width == 1280);
    CHECK(unknown.height == 800);
}
