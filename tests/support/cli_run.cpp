#include "support/cli_run.hpp"

#include "cli/cli.hpp"

#include <sstream>

namespace infusion::test {

CliRun run_cli(std::vector<std::string> args) {
    args.insert(args.begin(), "infusiondoc");
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    const int status = cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
    return CliRun{status, out.str(), err.str()};
}

}  // namespace infusion::test
