#include "platform/dpi.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>

namespace infusion::platform {

namespace {

constexpr const char* environment_variable = "INFUSIONDOC_UI_SCALE";

std::optional<float> environment_scale() {
    const char* text = std::getenv(environment_variable);  // NOLINT(concurrency-mt-unsafe): read-only, main thread
    if (text == nullptr || *text == '\0') return std::nullopt;
    auto scale = parse_ui_scale(text);
    if (!scale) {
        // Once per process: a window rebuilt on a monitor change would otherwise repeat it.
        static std::once_flag warned;
        std::call_once(warned, [text] {
            std::cerr << "infusiondoc: ignoring " << environment_variable << "=\"" << text
                      << "\": expected a number such as 1.5\n";
        });
    }
    return scale;
}

}  // namespace

std::optional<float> parse_ui_scale(std::string_view text) {
    const std::string copy(text);  // strtof needs a terminated string
    if (copy.empty()) return std::nullopt;
    char* end = nullptr;
    const float value = std::strtof(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || !std::isfinite(value) || value <= 0.0f) return std::nullopt;
    return value;
}

float choose_ui_scale(std::optional<float> manual, std::optional<float> from_environment, float content_scale) {
    float scale = content_scale;
    if (manual && std::isfinite(*manual) && *manual > 0.0f) {
        scale = *manual;
    } else if (from_environment) {
        scale = *from_environment;
    }
    if (!std::isfinite(scale)) scale = 1.0f;
    return std::clamp(scale, min_ui_scale, max_ui_scale);
}

float window_ui_scale(GLFWwindow* window, std::optional<float> manual) {
    float x = 1.0f;
    float y = 1.0f;
    glfwGetWindowContentScale(window, &x, &y);
    // Monitors with non-square pixels are rare; the larger axis keeps text readable on both.
    return choose_ui_scale(manual, environment_scale(), std::max(x, y));
}

bool ui_scale_is_fixed(std::optional<float> manual) {
    return (manual && std::isfinite(*manual) && *manual > 0.0f) || environment_scale().has_value();
}

}  // namespace infusion::platform
