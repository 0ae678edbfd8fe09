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

// Makes `db` (a new file) a demo database with the demo users (`users demo`) and returns the global
// options that sign in its nurse rn.okafor: a signature needs a signed-in nurse, never the login name of
// a database without users. The password file is written beside the database, owner-only.
[[nodiscard]] std::vector<std::string> demo_nurse(const std::string& config_dir, const std::string& db);

}  // namespace infusion::test
