// "A visit file that was billable before and is unaffected by edition 2 gives byte-identical `code`
// output." The expected reports in tests/data/golden were written by the edition 1 engine (main before
// coding rules edition 2) from the example files below; the edition 2 engine must reproduce them byte for
// byte, as text and as JSON. Coded against a fixed "today" so the pin does not age.
#include "app/code_visits.hpp"
#include "cli/code_report.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace infusion;

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

TEST_CASE("ed. 2: example visits that edition 2 does not affect code byte for byte as under edition 1") {
    const char* examples[] = {"gammagard-office", "cuvitru-two-pumps"};
    const auto today = std::chrono::year{2026} / 11 / 30;
    for (const char* name : examples) {
        CAPTURE(name);
        // Relative to the source folder (CTest runs there), as the edition 1 reports were made.
        const std::string file = std::string("docs/examples/") + name + ".toml";
        const auto coded = app::code_file(file, test::repo_config(), today);
        REQUIRE(coded.valid());
        CHECK(coded.coding.billable);
        std::ostringstream text, json;
        cli::write_text_report(coded, text);
        cli::write_json_report(coded, json);
        CHECK(text.str() == read(test::data_path(std::string("golden/") + name + ".txt")));
        CHECK(json.str() == read(test::data_path(std::string("golden/") + name + ".json")));
    }
}
