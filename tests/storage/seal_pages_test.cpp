// db check reads the sealed rows a page of visits at a time (seal_check.cpp: one query per table for 500
// visits, not eleven per revision, so a million visits check in minutes on PostgreSQL, not hours). A record
// spanning several pages must check clean, and a change behind the program's back must be found on
// whichever page it lies, named by its visit, on SQLite and on PostgreSQL alike.
#include "storage/pg_fixture.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/sql_shell.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"

#include "app/visit_service.hpp"

#include <doctest/doctest.h>

using namespace infusion;

namespace {

constexpr storage::VisitId visits = 1'060;  // three pages: 1-500, 501-1000, 1001-1060

std::string all_findings(const storage::CheckReport& report) {
    std::string all;
    for (const auto& f : report.findings) all += f + "\n";
    return all;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// `visits` signed visits; visit 7 and visit 777 amended, visit 1,001 countersigned with a site-care note.
void document(storage::Database& db) {
    const core::Visit v = test::sample_visit();
    const auto coding = app::signed_coding(v, test::repo_config());
    const auto corrected = test::sample_visit(95);
    for (storage::VisitId i = 1; i <= visits; ++i) {
        const auto id = db.visits().create_draft(v, test::actor()).value();
        REQUIRE(id == i);
        REQUIRE(db.visits().sign(id, 1, coding, test::actor()).ok());
    }
    for (const storage::VisitId id : {7, 777}) {
        REQUIRE(db.visits()
                    .amend(id, 2, corrected, "stop time corrected", app::signed_coding(corrected, test::repo_config()),
                           test::actor())
                    .ok());
    }
    const storage::Actor supervisor{"sup.nakamura", "2026-03-03T10:00:00Z"};
    REQUIRE(db.reviews().add_site_care_note(1001, {"", {"redness"}, 1, "small red patch"}, supervisor).ok());
    REQUIRE(db.reviews().countersign(1001, "", supervisor).ok());
}

storage::CheckReport full_check(storage::Database& db) {
    auto report = db.check(storage::CheckDepth::full);
    REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().describe()));
    return report.value();
}

// What was changed, on which page, and how the check must name it.
struct Change {
    const char* what;
    const char* sql;
    const char* finding;
};
const Change changes[] = {
    {"a diagnosis on the first page", "UPDATE diagnoses SET code = 'Z00.00' WHERE visit_id = 3",
     "visit 3 (signed original): its content no longer matches its seal"},
    {"an amendment's billing line on the second page",
     "UPDATE billing_lines SET units = units + 10 WHERE visit_id = 777 AND revision = 1",
     "visit 777 amendment 1: its content no longer matches its seal"},
    {"a seal on the third page", "UPDATE revisions SET seal = NULL WHERE visit_id = 1060",
     "visit 1060 (signed original) is sealed but no audit row recorded it"},
    {"a site-care note on the third page", "UPDATE site_care_notes SET text = 'healed' WHERE visit_id = 1001",
     "site-care note 1 of visit 1001: its content no longer matches its seal"},
    {"a whole signed visit on the second page",
     "DELETE FROM diagnoses WHERE visit_id = 999; DELETE FROM substances WHERE visit_id = 999; "
     "DELETE FROM vials WHERE visit_id = 999; DELETE FROM pump_setups WHERE visit_id = 999; "
     "DELETE FROM sites WHERE visit_id = 999; DELETE FROM pauses WHERE visit_id = 999; "
     "DELETE FROM notes WHERE visit_id = 999; DELETE FROM intervals WHERE visit_id = 999; "
     "DELETE FROM billing_lines WHERE visit_id = 999; DELETE FROM problems WHERE visit_id = 999; "
     "DELETE FROM revision_flags WHERE visit_id = 999; DELETE FROM review_state WHERE visit_id = 999; "
     "DELETE FROM revisions WHERE visit_id = 999; DELETE FROM visits WHERE id = 999",
     "recorded revision 999/0, which is no longer in the database"},
};

// Every change at once (each on its own visit), then one check: every one must be named.
void check_finds_every_change(storage::Database& db) {
    const auto text = all_findings(full_check(db));
    for (const Change& change : changes) {
        CAPTURE(change.what);
        CHECK_MESSAGE(has(text, change.finding), text);
    }
}

std::string every_change() {
    std::string sql;
    for (const Change& change : changes) sql += std::string(change.sql) + ";";
    return sql;
}

}  // namespace

TEST_CASE("db check over several pages of visits: clean, then each change found on its page, on SQLite") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file).value();
        document(*db);
        const auto clean = full_check(*db);
        REQUIRE_MESSAGE(clean.ok, all_findings(clean));
        CHECK(clean.visits == visits);
    }
    // What an intruder with the sqlite3 shell does: the triggers that guard signed rows go first.
    REQUIRE(test::drop_all_triggers(file).empty());
    REQUIRE(test::shell(file, every_change()).empty());
    auto db = storage::SqliteDatabase::open(file, {.create_if_missing = false}).value();
    check_finds_every_change(*db);
}

TEST_CASE("db check over several pages of visits: clean, then each change found on its page, on PostgreSQL") {
    test::PgTestDatabase pg;
    { auto owner = storage::PostgresDatabase::open(pg.url()).value(); }  // runs the migrations
    auto db = storage::PostgresDatabase::open(pg.url("infusiondoc_app")).value();
    document(*db);
    const auto clean = full_check(*db);
    REQUIRE_MESSAGE(clean.ok, all_findings(clean));
    CHECK(clean.visits == visits);
    // Triggers set aside for the session (session_replication_role needs a superuser: the test admin).
    REQUIRE(pg.exec("SET session_replication_role = replica; " + every_change(), "infusiondoc_test_admin") == "");
    check_finds_every_change(*db);
}
