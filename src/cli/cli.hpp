#pragma once
// The command-line front end. run() is main() without the process: tests call it with their own streams.
#include "app/clinic.hpp"

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

namespace infusion::cli {

// What `infusiondoc` without a command asks of the window (the window lives in ui/, which the
// command line does not link: main() passes it in).
struct WindowRequest {
    std::string user;
    std::optional<std::string> screenshot;  // --screenshot FILE.png
    std::string screen;                     // --screen NAME (empty: the person's start screen)
    bool debug_menu = false;                // --debug-menu
    std::optional<float> ui_scale;          // --ui-scale X
    std::optional<app::Session> session;    // signed in already (--user with --password-file)
    double screenshot_delay_seconds = 0.0;  // --screenshot-after SECONDS
};
using WindowLauncher = std::function<int(app::Clinic&, const WindowRequest&)>;
// The window when the clinic could not be opened (a broken configuration file, an unreadable database):
// says why on screen, for someone who started the program from the desktop's menu and reads no terminal.
// Returns the exit status to use (the start failed: exit_error whatever it shows).
using WindowFailureLauncher = std::function<int(const std::string& why, const WindowRequest&)>;

[[nodiscard]] int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
                      const WindowLauncher& window = {}, const WindowFailureLauncher& window_failure = {});

}  // namespace infusion::cli
