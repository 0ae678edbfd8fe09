#include "platform/png_writer.hpp"

// Debian's libstb.so already contains the stb_image_write implementation (stbi_write_png is exported),
// so we only include the declarations; defining STB_IMAGE_WRITE_IMPLEMENTATION here would duplicate it.
#include <stb_image_write.h>

#include <cstddef>
#include <system_error>

namespace infusion::platform {

std::optional<std::string> write_png(const std::filesystem::path& file, int width, int height,
                                     std::span<const std::uint8_t> rgba) {
    constexpr int channels = 4;
    if (width <= 0 || height <= 0 ||
        rgba.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * channels) {
        return "cannot write " + file.string() + ": the image is empty or its size does not match";
    }
    std::filesystem::path temporary = file;
    temporary += ".tmp";
    // stb reports only success or failure; the usual causes are a missing folder or no permission.
    if (stbi_write_png(temporary.c_str(), width, height, channels, rgba.data(), width * channels) == 0) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        return "cannot write " + temporary.string() + " (does the folder exist, may we write there?)";
    }
    std::error_code error;
    std::filesystem::rename(temporary, file, error);
    if (error) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        return "cannot rename " + temporary.string() + " to " + file.string() + ": " + error.message();
    }
    return std::nullopt;
}

}  // namespace infusion::platform
