// A patient id on record under another name: a new visit or an imported file is refused unless the change
// of name is confirmed, and a confirmed one is in the audit log (app/patient_names.hpp).
#include "app/import_visits.hpp"
#include "app/visit_service.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace infusion;

namespace {

std::string example_file() {
    std::ifstream in(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/gammagard-office.toml");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

std::string name_on_record(test::TestClinic& tc, const std::string& id) {
    return tc.db().visits().find_patients(id, 1).value().at(0).name;
}

}  // namespace

TEST_CASE("import: a file naming a known patient id otherwise is not imported, unless --rename-patients") {
    // Found from outside: the window asked before renaming a patient, an import renamed on every list.
    test::TempDir dir;
    const auto first = dir.path() / "first.toml";
    const auto other = dir.path() / "other.toml";
    const std::string text = example_file();
    std::ofstream(first) << text;
    std::ofstream(other) << replaced(replaced(text, "name = \"Chen, Wei\"", "name = \"Smith, John\""),
                                     "start = 2026-10-14T13:05:00", "start = 2026-10-14T15:05:00");
    test::TestClinic tc("2026-10-14T20:00:00Z");
    const auto nurse = tc.clinic().without_users("rn.okafor");
    REQUIRE(app::import_files(nurse, tc.clinic(), {first}, false, {}).value().at(0).id.has_value());

    const auto refused = app::import_files(nurse, tc.clinic(), {other}, false, {}).value();
    REQUIRE(refused.size() == 1);
    CHECK_FALSE(refused[0].id.has_value());
    REQUIRE(refused[0].error.has_value());
    CHECK(refused[0].error->file == other.string());
    CHECK(refused[0].error->message ==
          "patient.name: MRN-007730 is Chen, Wei on record, not Smith, John: check the patient id. A change of the "
          "patient's name is imported with --rename-patients; nothing was saved");
    CHECK(tc.db().visits().list({}).value().rows.size() == 1);
    CHECK(name_on_record(tc, "MRN-007730") == "Chen, Wei");

    const auto renamed =
        app::import_files(nurse, tc.clinic(), {other}, false, {}, storage::PatientNaming::rename).value();
    REQUIRE(renamed.at(0).id.has_value());
    CHECK(name_on_record(tc, "MRN-007730") == "Smith, John");
    storage::AuditFilter filter;
    filter.visit_id = *renamed[0].id;
    const auto rows = tc.db().audit().entries(filter).value();
    REQUIRE_FALSE(rows.empty());
    CHECK(rows.front().detail == "draft for patient MRN-007730; patient MRN-007730 renamed: Chen, Wei -> Smith, John");
}

TEST_CASE("a new visit under a known id with another name is refused unless it renames, and blanks are no other name") {
    test::TestClinic tc("2026-03-02T16:00:00Z");
    const auto nurse = tc.clinic().without_users("rn.okafor");
    auto& visits = tc.clinic().visits();
    core::Visit v = test::sample_visit();
    v.patient.id = "MRN-990002";
    v.patient.name = "Rivera, Tomas";
    REQUIRE(visits.create(nurse, v).ok());
    v.patient.name = " Rivera, Tomas ";
    CHECK(visits.create(nurse, v).ok());
    v.patient.name = "Smith, John";
    const auto refused = visits.create(nurse, v);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("MRN-990002 is Rivera, Tomas on record, not Smith, John") == 0);
    CHECK(tc.db().visits().list({}).value().rows.size() == 2);
    CHECK(name_on_record(tc, "MRN-990002") == "Rivera, Tomas");
    REQUIRE(visits.create(nurse, v, storage::PatientNaming::rename).ok());
    CHECK(name_on_record(tc, "MRN-990002") == "Smith, John");
}
