#pragma once
// The UI scale: how much bigger than 96 dpi to draw fonts and widgets.
#include <optional>
#include <string_view>

struct GLFWwindow;

namespace infusion::platform {

// Below 0.75 text is unreadable; above 3 a 1280x800 window holds almost nothing.
inline constexpr float min_ui_scale = 0.75f;
inline constexpr float max_ui_scale = 3.0f;

// A scale written by a person ("1.5"); nullopt unless the whole text is a finite positive number.
[[nodiscard]] std::optional<float> parse_ui_scale(std::string_view text);

// The first of: the manual override, the INFUSIONDOC_UI_SCALE value, the monitor's content scale;
// clamped to [min_ui_scale, max_ui_scale]. Pure, so the precedence is testable without a window.
[[nodiscard]] float choose_ui_scale(std::optional<float> manual, std::optional<float> from_environment,
                                    float content_scale);

// choose_ui_scale with the window's glfwGetWindowContentScale and the environment; warns once on
// stderr when INFUSIONDOC_UI_SCALE is set but is not a number.
[[nodiscard]] float window_ui_scale(GLFWwindow* window, std::optional<float> manual);

// True when the scale comes from the override or the environment, so monitor changes must not alter it.
[[nodiscard]] bool ui_scale_is_fixed(std::optional<float> manual);

}  // namespace infusion::platform
