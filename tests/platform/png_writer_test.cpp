// platform/png_writer: the PNG reads back the same, and a failed write leaves nothing behind.
#include "platform/png_writer.hpp"

#include <doctest/doctest.h>
#include <stb_image.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

using infusion::platform::write_png;

namespace {

struct TempDir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("infusiondoc-png-" + std::to_string(std::random_device{}()));
    TempDir() { std::filesystem::create_directories(path); }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

}  // namespace

TEST_CASE("write_png: 2x2 pixels read back exactly, top row first, no .tmp left") {
    TempDir dir;
    const auto file = dir.path / "shot.png";
    // Red, green / blue, white.
    const std::array<std::uint8_t, 16> rgba = {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255};
    REQUIRE_FALSE(write_png(file, 2, 2, rgba).has_value());
    CHECK_FALSE(std::filesystem::exists(dir.path / "shot.png.tmp"));

    int width = 0;
    int height = 0;
    int channels = 0;
    const std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load(file.c_str(), &width, &height, &channels, 4),
                                                           stbi_image_free);
    REQUIRE(pixels != nullptr);
    CHECK(width == 2);
    CHECK(height == 2);
    for (std::size_t i = 0; i < rgba.size(); ++i) {
        CAPTURE(i);
        CHECK(pixels.get()[i] == rgba[i]);
    }
}

TEST_CASE("write_png: failures are messages, and leave no file") {
    TempDir dir;
    const std::array<std::uint8_t, 4> one_pixel = {1, 2, 3, 255};

    SUBCASE("a folder that does not exist") {
        const auto file = dir.path / "missing" / "shot.png";
        const auto error = write_png(file, 1, 1, one_pixel);
        REQUIRE(error.has_value());
        CHECK(error->find("missing") != std::string::npos);
        CHECK(std::filesystem::is_empty(dir.path));
    }
    SUBCASE("a size that does not match the pixels") {
        const auto error = write_png(dir.path / "shot.png", 2, 2, one_pixel);
        REQUIRE(error.has_value());
        CHECK(std::filesystem::is_empty(dir.path));
    }
    SUBCASE("an existing file is replaced whole") {
        const auto file = dir.path / "shot.png";
        REQUIRE_FALSE(write_png(file, 1, 1, one_pixel).has_value());
        const std::array<std::uint8_t, 8> two_pixels = {9, 9, 9, 255, 8, 8, 8, 255};
        REQUIRE_FALSE(write_png(file, 2, 1, two_pixels).has_value());
        int width = 0;
        int height = 0;
        int channels = 0;
        REQUIRE(stbi_info(file.c_str(), &width, &height, &channels) == 1);
        CHECK(width == 2);
    }
}
