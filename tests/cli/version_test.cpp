// `infusiondoc --version`: the version (the package follows it) and the commit the binary was built from.
#include "support/cli_run.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <string>

TEST_CASE("--version prints the project version and the git commit of the build, and exits 0") {
    const auto r = infusion::test::run_cli({"--version"});
    CHECK(r.status == 0);
    INFO(r.out);
    // First line "infusiondoc X.Y.Z" alone: help2man and scripts take the version from it.
    const std::regex shape(R"(infusiondoc [0-9]+\.[0-9]+\.[0-9]+\ncommit ([0-9a-f]{12}(-dirty)?|unknown)\n?)");
    CHECK(std::regex_match(r.out, shape));
}
