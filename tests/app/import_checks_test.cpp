// An import says what the coding asks a coder to check, as the worklist does.
#include "app/import_visits.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace infusion;

namespace {

// docs/examples/gammagard-office.toml as text, for a test to change before writing it.
std::string office_example() {
    std::ifstream in(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/gammagard-office.toml");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The office example with `from` replaced by `to`, imported with --sign by rn.okafor: what import says of it.
app::ImportedFile import_signing(const std::string& from, const std::string& to) {
    std::string text = office_example();
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    test::TempDir dir;
    const auto file = dir.path() / "visit.toml";
    std::ofstream(file) << text;
    test::TestClinic tc("2026-10-14T20:00:00Z");
    const auto imported = app::import_files(tc.as("rn.okafor", {app::Role::nurse}), tc.clinic(), {file}, true, {});
    REQUIRE(imported.ok());
    return imported.value().at(0);
}

}  // namespace

TEST_CASE("import names each check of a visit it stores: more discarded than given, signed and exported otherwise") {
    // Found from outside: "50" discarded after 8 g given was imported and signed with nothing said.
    const app::ImportedFile f = import_signing("wasted = 0.0", "wasted = 500.0");  // the dose is 100
    REQUIRE(f.id.has_value());
    CHECK(f.signed_visit);
    bool over = false;
    for (const auto& p : f.checks) {
        over = over || p.code == "substance.wasted-over-dose";
        CHECK(p.code.rfind("site.", 0) != 0);  // the needle checklist is the supervisor's, as on the worklist
    }
    CHECK(over);
}

TEST_CASE("import --sign of a file that names no clinician says so, not 'only , who performed the infusion'") {
    const app::ImportedFile f = import_signing("clinician = \"rn.okafor\"", "clinician = \"\"");
    CHECK_FALSE(f.signed_visit);
    bool said = false;
    for (const auto& p : f.sign_blockers) {
        CHECK(p.message.find("only , ") == std::string::npos);
        said =
            said || p.message == "the file names no clinician: only the nurse who performed the infusion can sign it";
    }
    CHECK(said);
}
