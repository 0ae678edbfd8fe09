#pragma once
// Runs the command-line front end in-process, as `infusiondoc ARGS...`, capturing its streams.
#include <string>
#include <vector>

namespace infusion::test {

struct CliRun {
    int status = 0;
    std::string out;
    std::string err;
};

[[nodiscard]] CliRun run_cli(std::vector<std::string> args);

}  // namespace infusion::test
