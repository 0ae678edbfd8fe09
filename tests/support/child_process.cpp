#include "support/child_process.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

namespace infusion::test {

// Starts `argv` with stdout on a pipe; returns the pid and the read end.
std::pair<pid_t, FILE*> spawn(const std::vector<std::string>& args) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        ::dup2(fds[1], STDERR_FILENO);  // messages too: a test shows them when it fails
        ::close(fds[0]);
        ::close(fds[1]);
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    return {pid, ::fdopen(fds[0], "r")};
}

int run_to_end(const std::vector<std::string>& args, std::string& said) {
    auto [pid, out] = spawn(args);
    for (char buf[512]; std::fgets(buf, sizeof buf, out) != nullptr;) said += buf;
    std::fclose(out);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::string> read_lines_then_kill(pid_t pid, FILE* out, const std::string& marker, int wanted) {
    std::vector<std::string> lines;
    char buffer[4096];
    int matching = 0;
    while (matching < wanted && std::fgets(buffer, sizeof buffer, out) != nullptr) {
        lines.emplace_back(buffer);
        if (lines.back().find(marker) != std::string::npos) ++matching;
    }
    ::kill(pid, SIGKILL);
    // Whatever the program printed before it died is acknowledged too.
    while (std::fgets(buffer, sizeof buffer, out) != nullptr) lines.emplace_back(buffer);
    std::fclose(out);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return lines;
}

void run_until_killed(const std::function<void()>& body) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        body();
        ::_exit(3);  // not reached when the body raised SIGKILL
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(WTERMSIG(status) == SIGKILL);
}

}  // namespace infusion::test
