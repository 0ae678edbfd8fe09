// InfusionDoc entry point.
// 1. Hand the arguments to the command-line front end.
// 2. With no command, it opens the program window (ui/), which this file passes in so the command line
//    itself never links ImGui.
// 3. Return the exit status: 0 ok, 1 something needs a person (held, not signed), 2 bad input or usage.
#include "cli/cli.hpp"

#ifdef INFUSIONDOC_WITH_WINDOW
#include "ui/program.hpp"
#include "ui/startup_failure.hpp"
#endif

#include <sys/stat.h>

#include <csignal>

#include <iostream>

int main(int argc, char** argv) {
    // Everything the program writes holds patient data: owner-only, whatever the umask it was started
    // with (the files it creates also set their mode explicitly; this covers folders and anything else).
    ::umask(077);
    // A file size limit reached (ulimit -f) is a failed write with its message, not a silent death: the
    // signal killed import and export with exit 153 and no word (found from outside).
    std::signal(SIGXFSZ, SIG_IGN);
    infusion::cli::WindowLauncher window;
    infusion::cli::WindowFailureLauncher window_failure;
#ifdef INFUSIONDOC_WITH_WINDOW
    window = [](infusion::app::Clinic& clinic, const infusion::cli::WindowRequest& request) {
        infusion::ui::ProgramOptions options;
        options.user = request.user;
        if (request.screenshot) options.screenshot = *request.screenshot;
        options.screen = request.screen;
        options.debug_menu = request.debug_menu;
        options.ui_scale = request.ui_scale;
        options.session = request.session;
        options.screenshot_delay_seconds = request.screenshot_delay_seconds;
        return infusion::ui::run_program(clinic, options);
    };
    window_failure = [](const std::string& why, const infusion::cli::WindowRequest& request) {
        return infusion::ui::run_startup_failure(why, request.screenshot, request.ui_scale);
    };
#endif
    return infusion::cli::run(argc, argv, std::cout, std::cerr, window, window_failure);
}
