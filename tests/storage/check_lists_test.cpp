// Schema 15 (issue 15): the checks of visits.status and review_state.state are comparisons, not IN lists,
// which SQLite evaluated through a temporary b-tree for every row a signature wrote. The upgrade edits the
// two definitions in place: what they accept and refuse, the rows, and db check's verdict stay the same.
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

// A clinic file with one signed visit (so a review-queue row) and one draft.
struct Clinic {
    test::TempDir dir;
    std::filesystem::path file = dir.path() / "clinic.db";
    storage::VisitId signed_visit = 0;
    storage::VisitId draft = 0;

    Clinic() {
        auto db = storage::SqliteDatabase::open(file).value();
        test::TestClinic tc("2026-12-03T18:00:00Z", *db, test::repo_config());
        app::VisitService& service = tc.clinic().visits();
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        core::Visit visit = test::sample_visit();
        visit.clinician = "rn.okafor";
        signed_visit = service.create(nurse, visit).value();
        REQUIRE(service.sign(nurse, signed_visit).ok());
        visit.patient.id = "MRN-DRAFT";
        draft = service.create(nurse, visit).value();
    }

    [[nodiscard]] int user_version() const {
        SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
        return db.execAndGet("PRAGMA user_version").getInt();
    }

    // How many of the two checks read as IN lists.
    [[nodiscard]] int in_lists() const {
        SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
        return db
            .execAndGet(
                "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%CHECK (status IN (%' "
                "OR sql LIKE '%CHECK (state IN (%'")
            .getInt();
    }

    [[nodiscard]] std::string check_findings() const { return test::check_findings(file); }
};

// The temporary b-trees SQLite's program for `sql` opens. `db` must be open for writing: a read-only
// connection compiles a write without its checks (it could never run it).
int temporary_btrees(SQLite::Database& db, const std::string& sql) {
    SQLite::Statement s(db, "EXPLAIN " + sql);
    int n = 0;
    while (s.executeStep()) n += s.getColumn(1).getString() == "OpenEphemeral" ? 1 : 0;
    return n;
}

std::string status_update(storage::VisitId id) {
    return "UPDATE visits SET status = 'signed', version = version + 1 WHERE id = " + std::to_string(id);
}

const std::string queue_insert =
    "INSERT INTO review_state(visit_id, date_of_service, clinician, patient_id, flags, priority, state) "
    "VALUES (1, '2026-12-03', 'rn.okafor', 1, 0, 0, 'pending') ON CONFLICT(visit_id) DO UPDATE SET "
    "state = excluded.state";

}  // namespace

TEST_CASE("a signature's status and queue-row writes build no temporary b-tree for their checks") {
    Clinic clinic;
    SQLite::Database db(clinic.file.string(), SQLite::OPEN_READWRITE);
    CHECK(temporary_btrees(db, status_update(clinic.draft)) == 0);
    CHECK(temporary_btrees(db, queue_insert) == 0);
    CHECK(clinic.in_lists() == 0);
}

TEST_CASE(
    "a schema 14 file is upgraded in place: the checks refuse what they refused, no row changes, db check is clean") {
    Clinic clinic;
    test::roll_back_check_lists(clinic.file);
    REQUIRE(clinic.user_version() == 14);
    REQUIRE(clinic.in_lists() == 2);

    // Another workstation's connection, open across the upgrade, with the old definitions parsed.
    SQLite::Database other(clinic.file.string(), SQLite::OPEN_READWRITE);
    REQUIRE(temporary_btrees(other, status_update(clinic.draft)) == 1);
    {
        auto upgraded = storage::SqliteDatabase::open(clinic.file);
        REQUIRE(upgraded.ok());
        CHECK(upgraded.value()->schema_version() == storage::schema::current_version());
    }
    CHECK(clinic.user_version() == storage::schema::current_version());
    CHECK(clinic.in_lists() == 0);
    // Its next statement finds the schema cookie moved and reads the new definitions.
    CHECK(other.execAndGet("SELECT count(*) FROM visits").getInt() == 2);
    CHECK(temporary_btrees(other, status_update(clinic.draft)) == 0);
    CHECK(clinic.check_findings().empty());

    // The same refusals as before, through the sqlite3 shell on the file.
    CHECK(
        has(test::shell(clinic.file, "UPDATE visits SET status = 'deleted' WHERE id = " + std::to_string(clinic.draft)),
            "CHECK constraint failed"));
    CHECK(has(test::shell(clinic.file, "UPDATE review_state SET state = 'waived' WHERE visit_id = " +
                                           std::to_string(clinic.signed_visit)),
              "CHECK constraint failed"));
    CHECK(test::shell(clinic.file, "UPDATE visits SET status = 'draft' WHERE id = " + std::to_string(clinic.draft))
              .empty());
    CHECK(clinic.check_findings().empty());
}

TEST_CASE("checks that are not as the program made them are not rewritten: the file stays at 14 and says why") {
    Clinic clinic;
    test::roll_back_check_lists(clinic.file);
    // Someone's own edit of the definition (a fourth status) before the upgrade.
    test::edit_table_definition(clinic.file, "visits", "'amended'))", "'amended', 'archived'))");
    const auto opened = storage::SqliteDatabase::open(clinic.file);
    REQUIRE_FALSE(opened.ok());
    CHECK(has(opened.error().describe(), "not as this program made them"));
    CHECK(has(opened.error().describe(), "stays at schema 14"));
    CHECK(clinic.user_version() == 14);
    SQLite::Database db(clinic.file.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT count(*) FROM visits").getInt() == 2);
}
