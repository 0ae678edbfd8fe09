#pragma once
// The program window on a database: `infusiondoc` with no command, and `--screenshot FILE --screen NAME`.
#include "app/clinic.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace infusion::ui {

struct ProgramOptions {
    std::string user;
    std::optional<std::filesystem::path> screenshot;
    std::string screen;       // --screen: a name of screenshot_screens(); empty: the person's start screen
    bool debug_menu = false;  // --debug-menu: ImGui's windows for someone without the admin role
    std::optional<float> ui_scale;
    std::optional<app::Session> session;  // already signed in
    double screenshot_delay_seconds = 0.0;
};

// Names `--screen` takes: every screen of the registry, and visit-signed.
[[nodiscard]] std::vector<std::string> screenshot_screens();

[[nodiscard]] int run_program(app::Clinic& clinic, const ProgramOptions& options);

// $XDG_CONFIG_HOME/infusiondoc/imgui.ini (or ~/.config/...): window layout is per user, not per folder.
[[nodiscard]] std::filesystem::path imgui_ini_path();

}  // namespace infusion::ui
