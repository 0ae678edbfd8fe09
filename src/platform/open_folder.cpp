#include "platform/open_folder.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

extern char** environ;

namespace infusion::platform {

std::string open_folder(const std::filesystem::path& folder) {
    std::string program = "xdg-open";
    std::string argument = folder.string();
    std::vector<char*> argv{program.data(), argument.data(), nullptr};
    pid_t pid = 0;
    // posix_spawnp: no shell, so a folder name is never read as a command.
    const int failed = posix_spawnp(&pid, "xdg-open", nullptr, nullptr, argv.data(), environ);
    if (failed != 0) return std::string("cannot start xdg-open: ") + std::strerror(failed);
    // xdg-open usually exits at once, but without a desktop it may wait on a browser: reap it off the
    // window's thread so the window never freezes and no zombie stays.
    std::thread([pid] {
        int status = 0;
        (void)waitpid(pid, &status, 0);
    }).detach();
    return {};
}

}  // namespace infusion::platform
