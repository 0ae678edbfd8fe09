#include "support/cli_run.hpp"

#include "cli/cli.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <filesystem>
#include <fstream>
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

std::vector<std::string> demo_nurse(const std::string& config_dir, const std::string& db) {
    const auto made = run_cli({"--config", config_dir, "--db", db, "users", "demo"});
    REQUIRE_MESSAGE(made.status == 0, made.err);
    const std::string password_file = db + ".rn.okafor.pw";
    std::ofstream(password_file) << "nurse-demo-1\n";
    ::chmod(password_file.c_str(), 0600);
    return {"--user", "rn.okafor", "--password-file", password_file};
}

}  // namespace infusion::test
