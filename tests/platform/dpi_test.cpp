// platform/dpi: which scale wins, and the clamp.
#include "platform/dpi.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <optional>

using namespace infusion::platform;

TEST_CASE("parse_ui_scale accepts a whole positive number and nothing else") {
    CHECK(parse_ui_scale("1.5") == std::optional<float>(1.5f));
    CHECK(parse_ui_scale("2") == std::optional<float>(2.0f));
    for (const char* bad : {"", "abc", "1.5x", " 1.5x", "-1", "0", "nan", "inf", "1,5"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_ui_scale(bad).has_value());
    }
}

TEST_CASE("choose_ui_scale: manual override, then INFUSIONDOC_UI_SCALE, then the monitor, clamped") {
    CHECK(choose_ui_scale(std::nullopt, std::nullopt, 1.0f) == doctest::Approx(1.0f));
    CHECK(choose_ui_scale(std::nullopt, std::nullopt, 2.0f) == doctest::Approx(2.0f));
    CHECK(choose_ui_scale(std::nullopt, 1.25f, 2.0f) == doctest::Approx(1.25f));
    CHECK(choose_ui_scale(1.75f, 1.25f, 2.0f) == doctest::Approx(1.75f));

    CHECK(choose_ui_scale(std::nullopt, std::nullopt, 0.5f) == doctest::Approx(min_ui_scale));
    CHECK(choose_ui_scale(10.0f, std::nullopt, 1.0f) == doctest::Approx(max_ui_scale));
    CHECK(choose_ui_scale(std::nullopt, std::nullopt, std::numeric_limits<float>::quiet_NaN()) ==
          doctest::Approx(1.0f));
    // A nonsensical manual value is ignored rather than clamped into something arbitrary.
    CHECK(choose_ui_scale(-2.0f, std::nullopt, 1.5f) == doctest::Approx(1.5f));
}
