#include "storage/program_run.hpp"

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>

namespace infusion::test {

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

ProgramOutcome run_program(const std::string& arguments) {
    const std::string command = quoted(INFUSIONDOC_BINARY) + " --config " +
                                quoted(std::string(INFUSIONDOC_SOURCE_DIR) + "/config") + " " + arguments + " 2>&1";
    ProgramOutcome out;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.output.append(buffer, n);
    const int status = ::pclose(pipe);
    out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

}  // namespace infusion::test
