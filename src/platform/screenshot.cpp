#include "platform/screenshot.hpp"

#include "platform/png_writer.hpp"

#include <GL/gl.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace infusion::platform {

std::optional<std::string> save_back_buffer(const std::filesystem::path& file, int width, int height) {
    if (width <= 0 || height <= 0) return "cannot capture the window: it has no pixels (minimised?)";
    const auto row_bytes = static_cast<std::size_t>(width) * 4;
    std::vector<std::uint8_t> pixels(row_bytes * static_cast<std::size_t>(height));
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);  // rows are tightly packed in our vector
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    if (const GLenum error = glGetError(); error != GL_NO_ERROR) {
        return "cannot read the window's pixels (OpenGL error " + std::to_string(error) + ")";
    }
    // The window has no alpha channel worth keeping; an opaque PNG looks the same in every viewer.
    for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 0xFF;
    std::vector<std::uint8_t> flipped(pixels.size());
    for (std::size_t row = 0; row < static_cast<std::size_t>(height); ++row) {
        const auto source = pixels.begin() + static_cast<std::ptrdiff_t>(row * row_bytes);
        const auto target = static_cast<std::size_t>(height) - 1 - row;
        std::copy_n(source, row_bytes, flipped.begin() + static_cast<std::ptrdiff_t>(target * row_bytes));
    }
    return write_png(file, width, height, flipped);
}

}  // namespace infusion::platform
