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

[[nodiscard]] int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
                      const WindowLauncher& window = {});

}  // namespace infusion::cli
