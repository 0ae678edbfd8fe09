// The window icon compiled into the program: the PNGs rendered from assets/icons/infusiondoc.svg.
#include "platform/window_icon.hpp"

#include <doctest/doctest.h>

#include <cstddef>

using infusion::platform::IconImage;

namespace {
// Alpha of the pixel at (x, y).
unsigned alpha_at(const IconImage& image, int x, int y) {
    const auto index =
        (static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) + static_cast<std::size_t>(x)) * 4U;
    return image.rgba.at(index + 3U);
}
}  // namespace

TEST_CASE("the window icon holds the 16 to 128 pixel renderings of the application icon") {
    const auto images = infusion::platform::window_icon_images();
    REQUIRE(images.size() == infusion::platform::window_icon_pngs_count);
    REQUIRE(images.size() == 5);
    const int sizes[] = {16, 32, 48, 64, 128};
    for (std::size_t i = 0; i < images.size(); ++i) {
        const IconImage& image = images[i];
        CAPTURE(sizes[i]);
        CHECK(image.width == sizes[i]);
        CHECK(image.height == sizes[i]);
        REQUIRE(image.rgba.size() == static_cast<std::size_t>(image.width * image.height * 4));
        // The rounded tile: transparent in the corner, opaque in the middle (a drawing, not an empty image).
        CHECK(alpha_at(image, 0, 0) == 0);
        CHECK(alpha_at(image, image.width / 2, image.height / 2) == 255);
    }
}
