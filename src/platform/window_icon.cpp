#include "platform/window_icon.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <stb_image.h>

#include <climits>
#include <cstring>
#include <utility>

namespace infusion::platform {

std::vector<IconImage> window_icon_images() {
    std::vector<IconImage> images;
    for (std::size_t i = 0; i < window_icon_pngs_count; ++i) {
        const EmbeddedFile& png = window_icon_pngs[i];
        if (png.size > static_cast<std::size_t>(INT_MAX)) continue;
        int width = 0;
        int height = 0;
        int channels = 0;
        stbi_uc* pixels =
            stbi_load_from_memory(png.data, static_cast<int>(png.size), &width, &height, &channels, STBI_rgb_alpha);
        if (pixels == nullptr) continue;
        IconImage image;
        image.width = width;
        image.height = height;
        image.rgba.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4U);
        std::memcpy(image.rgba.data(), pixels, image.rgba.size());
        stbi_image_free(pixels);
        images.push_back(std::move(image));
    }
    return images;
}

void set_window_icon(GLFWwindow* window) {
    std::vector<IconImage> images = window_icon_images();
    std::vector<GLFWimage> glfw_images;
    glfw_images.reserve(images.size());
    for (auto& image : images) {
        glfw_images.push_back(GLFWimage{image.width, image.height, image.rgba.data()});
    }
    if (!glfw_images.empty()) glfwSetWindowIcon(window, static_cast<int>(glfw_images.size()), glfw_images.data());
}

}  // namespace infusion::platform
