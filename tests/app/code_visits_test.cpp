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

namespace {

app::CodedFile code_outside_case(const std::string& name) {
    return app::code_file(std::string(INFUSIONDOC_SOURCE_DIR) + "/tests/data/visits/outside-2026-12/" + name,
                          test::repo_config());
}

bool has_problem(const core::Coding& coding, const std::string& code) {
    for (const auto& p : coding.problems) {
        if (p.code == code) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("a set-up paused from start to stop still used its sites: a later set-up there is no 96371") {
    // Set-up 1 placed needles at both lower abdomen sites and infused nothing (one pause over it all);
    // set-ups 2 and 3 then ran on one of those locations each. coding-rules.md 3: a site is new when its
    // location was not used by an earlier set-up. Dropping the paused set-up first billed 96371.
    const auto coded = code_outside_case("paused-first-setup-then-its-sites.toml");
    REQUIRE(coded.valid());
    CHECK(test::summary(coded.coding.lines) == "96369x1 J1559x80:JZ");
    CHECK(has_problem(coded.coding, "setup.nothing-infused"));
}

TEST_CASE("JW units are worked out on the code's whole dose across NDCs, never on one NDC's dose") {
    // 4.05 g + 4.0 g of Hizentra under two NDCs, 0.05 g discarded: 8.1 g opened is 81 units, as 8.05 g
    // given is: no JW line (one was billed, a unit the dose already held).
    const auto inside = code_outside_case("two-ndcs-discard-inside-units.toml");
    REQUIRE(inside.valid());
    CHECK(test::summary(inside.coding.lines) == "96369x1 J1559x41:JZ J1559x40:JZ");
    // 4.05 g + 4.05 g, 0.04 g discarded: 8.14 g opened is 82 units against 81 given: one JW unit (the
    // second line took JZ, "inside the units already billed").
    const auto adds = code_outside_case("two-ndcs-discard-adds-a-unit.toml");
    REQUIRE(adds.valid());
    CHECK(test::summary(adds.coding.lines) == "96369x1 J1559x41:JZ J1559x40 J1559x1:JW");
}

TEST_CASE("a start and stop three centuries apart are held as implausible, measured without overflow") {
    // 1900-01-01 to 2199-12-31: their difference in nanoseconds overflowed (UBSan), and the release
    // program said "SC infusion -149660615 min" and "0 minutes".
    const auto coded = code_outside_case("times-three-centuries-apart.toml");
    REQUIRE(coded.valid());
    CHECK_FALSE(coded.coding.billable);
    CHECK(has_problem(coded.coding, "time.infusion-implausible"));
    CHECK_FALSE(has_problem(coded.coding, "time.zero"));
}
