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
