// Schema 20: a countersignature per revision. Found from outside: a visit amended after its countersignature
// stayed "countersigned", so what the nurse changed was never reviewed. The upgrade sends such visits back to
// the pending queue; a supervisor countersigns the amendment, and the record checks clean.
#include "app/review_service.hpp"
#include "app/visit_service.hpp"
#include "storage/old_schema.hpp"
#include "storage/schema.hpp"
#include "storage/sql_shell.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <string>

using namespace infusion;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string state_of(const std::filesystem::path& file, storage::VisitId id) {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT state FROM review_state WHERE visit_id = " + std::to_string(id)).getString();
}

}  // namespace

TEST_CASE("a schema 19 file upgrades: a visit amended after its countersignature waits for review again") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    storage::VisitId amended = 0;
    storage::VisitId kept = 0;
    {
        auto db = storage::SqliteDatabase::open(file).value();
        test::TestClinic tc("2026-12-03T18:00:00Z", *db, test::repo_config());
        app::VisitService& visits = tc.clinic().visits();
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        const app::Acting supervisor = tc.clinic().without_users("sup.nakamura");
        core::Visit visit = test::sample_visit();
        visit.clinician = "rn.okafor";
        amended = visits.create(nurse, visit).value();
        REQUIRE(visits.sign(nurse, amended).ok());
        visit.patient.id = "MRN-OTHER";
        kept = visits.create(nurse, visit).value();
        REQUIRE(visits.sign(nurse, kept).ok());
        for (const auto id : {amended, kept}) REQUIRE(tc.clinic().review().countersign(supervisor, id, "read").ok());
        core::Visit corrected = visits.open(nurse, amended).value().current().content;
        corrected.pump_setups[0].sites[0].secured.reset();
        REQUIRE(visits.amend(nurse, amended, corrected, "securing not done after all").ok());
    }
    // What the program before schema 20 left: the amended visit still listed as countersigned.
    test::roll_back_countersignature_key(file);
    {
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
        REQUIRE(db.execAndGet("PRAGMA user_version").getInt() == 19);
        db.exec("UPDATE review_state SET state = 'countersigned' WHERE visit_id = " + std::to_string(amended));
    }
    REQUIRE(state_of(file, amended) == "countersigned");

    auto db = storage::SqliteDatabase::open(file).value();
    CHECK(db->schema_version() == storage::schema::current_version());
    CHECK(state_of(file, amended) == "pending");
    CHECK(state_of(file, kept) == "countersigned");  // its countersignature covers what it says
    {
        const auto report = db->check().value();
        CHECK(report.findings == std::vector<std::string>{});
    }
    // The amendment is countersigned in its turn, and once only.
    test::TestClinic tc("2026-12-04T09:00:00Z", *db, test::repo_config());
    const app::Acting other = tc.clinic().without_users("sup.tanaka");
    const auto again = tc.clinic().review().countersign(other, amended, "amendment read");
    REQUIRE(again.ok());
    CHECK(again.value().revision == 1);
    CHECK(state_of(file, amended) == "countersigned");
    CHECK_FALSE(tc.clinic().review().countersign(other, amended, "twice").ok());
    CHECK_FALSE(tc.clinic().review().countersign(other, kept, "twice").ok());
    const auto record = tc.clinic().review().open(other, amended).value();
    REQUIRE(record.countersignatures.size() == 2);
    REQUIRE(record.countersignature() != nullptr);
    CHECK(record.countersignature()->supervisor == "sup.tanaka");
    CHECK(db->check().value().findings == std::vector<std::string>{});

    // Behind the program: a second countersignature of one revision, or a queue row saying countersigned for an
    // amendment nobody countersigned, is refused by the file itself.
    CHECK(has(test::shell(file,
                          "INSERT INTO countersignatures(visit_id, revision, supervisor, at, comment, seal) "
                          "VALUES (" +
                              std::to_string(kept) + ", 0, 'sup.x', 'now', '', 'x')"),
              "a countersignature cannot be changed"));
    const app::Acting nurse = tc.clinic().without_users("rn.okafor");
    core::Visit corrected = tc.clinic().visits().open(nurse, kept).value().current().content;
    corrected.pump_setups[0].sites[0].secured.reset();
    REQUIRE(tc.clinic().visits().amend(nurse, kept, corrected, "securing not done after all").ok());
    CHECK(state_of(file, kept) == "pending");
    CHECK(has(
        test::shell(file, "UPDATE review_state SET state = 'countersigned' WHERE visit_id = " + std::to_string(kept)),
        "a review state needs its countersignature or open correction request"));
    CHECK(state_of(file, kept) == "pending");
}
