#pragma once
// The real program run from a storage test, as a clinic's script would run it: `infusiondoc --config
// <the repository's config> ARGUMENTS`, through the shell, with its exit status and everything it printed.
#include <string>

namespace infusion::test {

struct ProgramOutcome {
    int status = -1;     // the exit status; -1 when it did not exit (a signal)
    std::string output;  // stdout and stderr
};

// `text` as one shell word (single-quoted), for a path or a connection string with spaces.
[[nodiscard]] std::string quoted(const std::string& text);
// Runs the program with `arguments` (already shell words) and waits for it.
[[nodiscard]] ProgramOutcome run_program(const std::string& arguments);

}  // namespace infusion::test
