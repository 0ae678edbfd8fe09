#pragma once
// The window of a start that failed: the configuration or the database could not be opened. It says why
// (the same words as on stderr: file, line and field) and what to do, with one button to close. Started
// from the desktop's menu, the program otherwise just did not appear (found from outside).
#include <filesystem>
#include <optional>
#include <string>

namespace infusion::ui {

struct StartupFailure {
    std::string why;     // the error, as printed on stderr
    bool close = false;  // Close, or Escape
};

// One frame of the window's content (between ImGui::NewFrame() and ImGui::Render()).
void draw_startup_failure(StartupFailure& failure);

// Opens the window until it is closed (or, with `screenshot`, saves a PNG of it and returns). Returns the
// window's status: 0 shown and closed, 2 when no window could be opened.
[[nodiscard]] int run_startup_failure(const std::string& why, const std::optional<std::filesystem::path>& screenshot,
                                      std::optional<float> ui_scale);

}  // namespace infusion::ui
