// `infusiondoc code`: output formats and exit statuses, in-process.
#include "cli/cli.hpp"
#include "support/test_support.hpp"

#include "support/cli_run.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <vector>

using namespace infusion;

namespace {
using Run = test::CliRun;
Run run(std::vector<std::string> args) { return test::run_cli(std::move(args)); }
}  // namespace

TEST_CASE("code --format json prints one object per file and exits 1 when a visit is blocked") {
    const auto r = run({"code", "--config", std::string(INFUSIONDOC_SOURCE_DIR) + "/config", "--format", "json",
                        std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml",
                        test::data_path("visits/blocked-no-stop.toml")});
    CHECK(r.status == 1);
    std::istringstream lines(r.out);
    std::string first, second, third;
    std::getline(lines, first);
    std::getline(lines, second);
    CHECK_FALSE(std::getline(lines, third));
    CHECK(first.find("\"billable\":true") != std::string::npos);
    CHECK(second.find("\"billable\":false") != std::string::npos);
    CHECK(second.find("\"lines\":[]") != std::string::npos);
    CHECK(second.find("time.stop-missing") != std::string::npos);
}
