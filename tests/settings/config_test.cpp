// config/*.toml: the shipped files load, and errors name file, line and column.
#include "settings/config.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

using namespace infusion;

TEST_CASE("the shipped configuration loads with every site id the visit format names") {
    const auto& config = test::repo_config();
    for (const char* id : {"abdomen-left-upper", "abdomen-left-lower", "abdomen-right-upper", "abdomen-right-lower",
                           "thigh-left", "thigh-right", "buttock-left", "buttock-right", "arm-left", "arm-right"}) {
        CAPTURE(id);
        CHECK(config.sites.find(id) != nullptr);
    }
    const auto* hizentra = config.substances.find("hizentra");
    REQUIRE(hizentra != nullptr);
    CHECK(hizentra->hcpcs == "J1559");
    CHECK(config.rules.find_mue("96369", core::Setting::office, std::chrono::year{2026} / 3 / 2) != nullptr);
}
