// A patient id on record under another name: a new visit or an imported file is refused unless the change
// of name is confirmed, and a confirmed one is in the audit log (app/patient_names.hpp).
#include "app/patient_names.hpp"
#include "app/import_visits.hpp"
#include "app/visit_service.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include "core/wall_time.hpp"

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
          "patient's name or birth date is imported with --rename-patients; nothing was saved");
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

TEST_CASE(
    "import: a file without allergies takes the record's, another birth date is refused, a control character never "
    "renames") {
    // Found from outside: a file naming no allergies signed "Allergies: none documented" for a patient
    // allergic to penicillin; another birth date under the same id replaced the record's, unaudited (and a
    // draft begun before wrote the old one back); --rename-patients took a name with a BEL in it.
    test::TempDir dir;
    const std::string text = example_file();
    const auto write = [&](const std::string& name, const std::string& content) {
        std::ofstream(dir.path() / name) << content;
        return dir.path() / name;
    };
    const auto first = write("first.toml", replaced(text, "birth_date = 1974-02-09",
                                                    "birth_date = 1974-02-09\nallergies = \"Penicillin (rash)\""));
    test::TestClinic tc("2026-10-14T20:00:00Z");
    const auto nurse = tc.as("rn.okafor", {app::Role::nurse});
    REQUIRE(app::import_files(nurse, tc.clinic(), {first}, false, {}).value().at(0).id.has_value());

    const auto later = [&](const std::string& start) { return replaced(text, "start = 2026-10-14T13:05:00", start); };
    const auto no_allergies = write("second.toml", later("start = 2026-10-14T15:05:00"));
    const auto imported = app::import_files(nurse, tc.clinic(), {no_allergies}, true, {}).value();
    REQUIRE(imported.at(0).id.has_value());
    const auto stored = tc.db().visits().load(*imported[0].id).value();
    CHECK(stored.current().content.patient.allergies == "Penicillin (rash)");

    const auto born = write("born.toml", replaced(later("start = 2026-10-14T16:05:00"), "birth_date = 1974-02-09",
                                                  "birth_date = 1961-07-14"));
    const auto refused = app::import_files(nurse, tc.clinic(), {born}, false, {}).value();
    REQUIRE(refused.at(0).error.has_value());
    CHECK(refused[0].error->message ==
          "patient.birth_date: MRN-007730 was born 1974-02-09 on record, not 1961-07-14: check the patient id. A "
          "change of the patient's name or birth date is imported with --rename-patients; nothing was saved");
    CHECK(tc.db().visits().find_patients("MRN-007730", 1).value().at(0).birth_date == core::parse_date("1974-02-09"));
    const auto corrected =
        app::import_files(nurse, tc.clinic(), {born}, false, {}, storage::PatientNaming::rename).value();
    REQUIRE(corrected.at(0).id.has_value());
    CHECK(tc.db().visits().find_patients("MRN-007730", 1).value().at(0).birth_date == core::parse_date("1961-07-14"));
    storage::AuditFilter filter;
    filter.visit_id = *corrected[0].id;
    CHECK(tc.db().audit().entries(filter).value().front().detail ==
          "draft for patient MRN-007730; patient MRN-007730 birth date: 1974-02-09 -> 1961-07-14");

    const auto bell = write("bell.toml", replaced(later("start = 2026-10-14T17:05:00"), "name = \"Chen, Wei\"",
                                                  "name = \"Chen,\\nWei\\u0007\""));
    const auto not_renamed =
        app::import_files(nurse, tc.clinic(), {bell}, false, {}, storage::PatientNaming::rename).value();
    REQUIRE(not_renamed.at(0).error.has_value());
    CHECK(not_renamed[0].error->message.find("has control characters: the patient is not renamed") !=
          std::string::npos);
    CHECK(tc.db().visits().find_patients("MRN-007730", 1).value().at(0).name == "Chen, Wei");
}

TEST_CASE("namesakes: the same words in any order, case, accents, spacing or punctuation, under another id only") {
    // Found from outside: "Martínez,  Luis" (two spaces), "MARTINEZ,LUIS" and "Luis Martinez" under a new id made a
    // second patient of Martínez, Luis without a word.
    CHECK(app::name_key("Martínez, Luis") == "luis martinez");
    for (const char* same :
         {"Martínez,  Luis", "MARTINEZ,LUIS", "Luis Martinez", "martinez, luis.", " Martinez-Luis "}) {
        CAPTURE(same);
        CHECK(app::name_key(same) == "luis martinez");
    }
    CHECK(app::name_key("Martinez, Luisa") != "luis martinez");
    CHECK(app::longest_word("Ng, Bartholomew") == "bartholomew");
    std::vector<storage::PatientSummary> found(3);
    found[0].patient_id = "MRN-1";
    found[0].name = "Martínez, Luis";
    found[1].patient_id = "MRN-2";
    found[1].name = "Martinez, Luisa";
    found[2].patient_id = "mrn-3";
    found[2].name = "Luis Martinez";
    const auto same = app::namesakes(found, "MRN-3", "MARTINEZ,  luis");
    REQUIRE(same.size() == 1);  // MRN-3 itself (in other letters' case) is not its own namesake
    CHECK(same[0].patient_id == "MRN-1");
}

TEST_CASE("import: a new id with the name of a patient on record is imported, and says so on its patient line") {
    test::TempDir dir;
    const auto first = dir.path() / "first.toml";
    const auto other = dir.path() / "other.toml";
    const std::string text = example_file();
    std::ofstream(first) << text;
    std::ofstream(other) << replaced(replaced(text, "\"MRN-007730\"", "\"MRN-007731\""), "name = \"Chen, Wei\"",
                                     "name = \"CHEN,  wei\"");
    test::TestClinic tc("2026-10-14T20:00:00Z");
    const auto nurse = tc.clinic().without_users("rn.okafor");
    const auto once = app::import_files(nurse, tc.clinic(), {first}, false, {}).value();
    REQUIRE(once.at(0).id.has_value());
    CHECK_FALSE(once.at(0).patient_note.has_value());
    const auto again = app::import_files(nurse, tc.clinic(), {other}, false, {}).value();
    REQUIRE(again.at(0).id.has_value());
    REQUIRE(again.at(0).patient_note.has_value());
    CHECK(again.at(0).patient_note->starts_with("'CHEN,  wei' is also on record under MRN-007730"));
    CHECK(again.at(0).patient_note->ends_with(": imported as a new patient MRN-007731; check the id"));
}
