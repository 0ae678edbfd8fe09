// The code use case: a file in, lines and an exit status out.
#include "app/code_visits.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

using namespace infusion;

TEST_CASE("the documented example visit is billable: 96369 and J1559 x 80 with JZ") {
    const auto coded = app::code_file(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml",
                                      test::repo_config());
    REQUIRE(coded.valid());
    CHECK(coded.coding.billable);
    CHECK(test::summary(coded.coding.lines) == "96369x1 J1559x80:JZ");
    CHECK(app::code_exit_status({coded}) == 0);
}
