// The review flags stored with each signed revision (migration 9, docs/review.md "How the flags are
// kept"): signing and amending store core's flags, the clinic's threshold reaches the queue, a database
// of schema 8 upgrades to the flags it had, and the stored flags cannot be changed afterwards.
#include "demo/demo_database.hpp"
#include "demo/seed_demo.hpp"
#include "storage/old_schema.hpp"
#include "storage/review_fixture.hpp"
#include "storage/schema.hpp"
#include "storage/sql_shell.hpp"
#include "storage/sqlite_database.hpp"
#include "support/test_clinic.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

using namespace infusion;
using namespace infusion::test::review;

using test::shell;

namespace {

// The current revision's stored review flags.
core::SignedReview stored_review(storage::Database& db, storage::VisitId id, int revision) {
    const auto visit = db.visits().load(id).value();
    REQUIRE(static_cast<std::size_t>(revision) < visit.revisions.size());
    const auto& coding = visit.revisions[static_cast<std::size_t>(revision)].coding;
    REQUIRE(coding.has_value());
    REQUIRE(coding->review.has_value());
    return *coding->review;
}

settings::Config with_threshold(int minutes) {
    settings::Config config = test::repo_config();
    config.review.long_infusion_minutes = minutes;
    return config;
}

// The supervisor's queue of pending visits, read through app/ (which applies the clinic's threshold).
std::map<storage::VisitId, storage::ReviewQueueRow> supervisor_queue(test::TestClinic& tc,
                                                                     const app::Acting& supervisor) {
    storage::ReviewQueueFilter all;
    all.limit = 1000;
    auto page = tc.clinic().review().queue(supervisor, all);
    REQUIRE_MESSAGE(page.ok(), (page.ok() ? "" : page.error().describe()));
    std::map<storage::VisitId, storage::ReviewQueueRow> out;
    for (auto& row : page.value().rows) out[row.id] = row;
    return out;
}

// "visit_id|flags|priority" lines of review_state, read with SQLite itself (whatever schema the file has).
std::string review_state_rows(const std::filesystem::path& file) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT visit_id, flags, priority FROM review_state ORDER BY visit_id", -1, &s,
                               nullptr) == SQLITE_OK);
    std::string out;
    while (sqlite3_step(s) == SQLITE_ROW) {
        out += std::to_string(sqlite3_column_int64(s, 0)) + "|" + std::to_string(sqlite3_column_int64(s, 1)) + "|" +
               std::to_string(sqlite3_column_int64(s, 2)) + "\n";
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

}  // namespace

TEST_CASE("signing stores core's review flags with the revision, and amending stores the amendment's") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        test::TestClinic tc("2026-03-02T16:10:00Z", backend.open());
        const app::Acting nurse = tc.as("rn.okafor", {app::Role::nurse});
        const app::Acting supervisor = tc.as("sup.nakamura", {app::Role::supervisor});
        core::Visit v = test::sample_visit(75);
        v.pump_setups[0].sites[0].prepped.reset();
        const auto id = tc.clinic().visits().create(nurse, v).value();
        REQUIRE(tc.clinic().visits().sign(nurse, id).value().signed_visit);
        CHECK(stored_review(tc.db(), id, 0).flags == flag::prep_missing);
        CHECK(stored_review(tc.db(), id, 0).settings.long_infusion_minutes == 240);
        CHECK(supervisor_queue(tc, supervisor).at(id).priority == 2);

        // The amendment documents the prep and a reaction: its own flags, the signed revision keeps its.
        v.pump_setups[0].sites[0].prepped = true;
        v.notes.push_back({test::at(2026, 3, 2, 9, 40), core::NoteKind::reaction, "hives at the left site"});
        REQUIRE(tc.clinic().visits().amend(nurse, id, v, "prep was done; reaction noted").ok());
        CHECK(stored_review(tc.db(), id, 1).flags == flag::reaction);
        CHECK(stored_review(tc.db(), id, 0).flags == flag::prep_missing);
        const auto row = supervisor_queue(tc, supervisor).at(id);
        CHECK((row.flags & stored_flags) == flag::reaction);
        CHECK(row.priority == 32);
        CHECK(tc.db().check().value().ok);
    }
}

TEST_CASE("the clinic's long-infusion threshold is stored with what it signs and re-flags the queue") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        const auto db = backend.open();
        storage::VisitId short_visit = 0;
        storage::VisitId long_visit = 0;
        {
            // No user accounts in this database: whoever acts is taken at their word (the role rules are
            // role_matrix_test's), so three configurations can take turns on one database.
            const settings::Config config = with_threshold(90);
            test::TestClinic tc("2026-03-02T16:10:00Z", *db, config);
            const app::Acting nurse = tc.clinic().without_users("rn.okafor");
            const app::Acting supervisor = tc.clinic().without_users("sup.nakamura");
            short_visit = tc.clinic().visits().create(nurse, test::sample_visit(75)).value();
            long_visit = tc.clinic().visits().create(nurse, test::sample_visit(120)).value();
            REQUIRE(tc.clinic().visits().sign(nurse, short_visit).value().signed_visit);
            REQUIRE(tc.clinic().visits().sign(nurse, long_visit).value().signed_visit);
            CHECK(stored_review(*db, long_visit, 0).flags == flag::long_infusion);
            CHECK(stored_review(*db, long_visit, 0).settings.long_infusion_minutes == 90);
            const auto queue = supervisor_queue(tc, supervisor);
            CHECK((queue.at(long_visit).flags & flag::long_infusion) != 0);
            CHECK((queue.at(short_visit).flags & flag::long_infusion) == 0);
            CHECK(tc.db().check().value().ok);
        }
        {
            // The clinic lowers it to an hour: both visits are long in the queue, once re-flagged and audited.
            const settings::Config config = with_threshold(60);
            test::TestClinic tc("2026-03-03T16:10:00Z", *db, config);
            const app::Acting supervisor = tc.clinic().without_users("sup.nakamura");
            const auto queue = supervisor_queue(tc, supervisor);
            CHECK((queue.at(long_visit).flags & flag::long_infusion) != 0);
            CHECK((queue.at(short_visit).flags & flag::long_infusion) != 0);
            CHECK(queue.at(short_visit).priority == 1);
            (void)supervisor_queue(tc, supervisor);
            CHECK(tc.audited("review-threshold") == 2);  // 240 -> 90 (the first clinic), 90 -> 60: once each
            // What was signed keeps the flags it was signed with.
            CHECK(stored_review(*db, short_visit, 0).flags == 0);
            // A visit signed now gets the queue's threshold as well as its own stored one.
            const app::Acting nurse = tc.clinic().without_users("rn.okafor");
            const auto later = tc.clinic().visits().create(nurse, test::sample_visit(65)).value();
            REQUIRE(tc.clinic().visits().sign(nurse, later).value().signed_visit);
            CHECK(stored_review(*db, later, 0).settings.long_infusion_minutes == 60);
            CHECK((supervisor_queue(tc, supervisor).at(later).flags & flag::long_infusion) != 0);
            CHECK(tc.db().check().value().ok);
        }
        {
            // Raised to six hours: nothing is long any more.
            const settings::Config config = with_threshold(360);
            test::TestClinic tc("2026-03-04T16:10:00Z", *db, config);
            const app::Acting supervisor = tc.clinic().without_users("sup.nakamura");
            for (const auto& [id, row] : supervisor_queue(tc, supervisor)) {
                CAPTURE(id);
                CHECK((row.flags & flag::long_infusion) == 0);
                CHECK(row.priority == core::review_priority(row.flags));
            }
            CHECK(tc.db().check().value().ok);
        }
    }
}

TEST_CASE("a coding without review flags is refused by the store, and nothing is signed") {
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        const auto id = db->visits().create_draft(test::sample_visit(), test::actor()).value();
        auto coding = app::signed_coding(test::sample_visit(), test::repo_config());
        coding.review.reset();
        const auto refused = db->visits().sign(id, 1, coding, test::actor());
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("review flags") != std::string::npos);
        CHECK(db->visits().load(id).value().status == storage::VisitStatus::draft);
    }
}

TEST_CASE("migration 9 gives a demo database of schema 8 the review flags it had, and db check stays clean") {
    test::TempDir dir;
    const auto file = dir.path() / "demo.db";
    std::size_t signed_visits = 0;
    {
        auto db = storage::SqliteDatabase::open(file).value();
        test::TestClinic tc("2026-03-20T16:00:00Z", *db, test::repo_config());
        const app::Acting nobody = tc.clinic().without_users("demo.seed");
        REQUIRE(demo::make_demo_database(nobody, tc.clinic()).ok());
        demo::DemoOptions plan;
        plan.visits = 300;
        plan.first_day = std::chrono::year{2026} / 2 / 1;
        plan.last_day = std::chrono::year{2026} / 3 / 19;
        const auto seeded = demo::seed_demo(nobody, tc.clinic(), plan, {});
        REQUIRE(seeded.ok());
        signed_visits = seeded.value().signed_visits;
        REQUIRE(signed_visits > 100);
        // The demo data has no visit signed with prep missing or billing held: one of each flag's visits too.
        signed_visits += flagged_visits(*db).size();
    }
    // As signing today stored them.
    std::map<storage::VisitId, storage::ReviewQueueRow> signed_rows;
    {
        auto db = storage::SqliteDatabase::open(file).value();
        signed_rows = rows_by_id(*db);
    }
    REQUIRE(signed_rows.size() == signed_visits);
    // Every flag occurs, so each rule is compared below.
    std::uint32_t seen = 0;
    for (const auto& [id, row] : signed_rows) seen |= row.flags;
    CHECK((seen & core::review_flag::of_revision) == core::review_flag::of_revision);

    // Schema 8: review_state as migration 4's trigger computes it in SQL, the same as signing gave.
    test::roll_back_review_flags(file);
    const std::string before = review_state_rows(file);
    std::string expected;
    for (const auto& [id, row] : signed_rows) {
        expected += std::to_string(id) + "|" + std::to_string(row.flags & stored_flags) + "|" +
                    std::to_string(row.priority) + "\n";
    }
    CHECK(before == expected);

    // Upgraded: the same rows, every signed revision has its flags, and the record checks clean.
    auto db = storage::SqliteDatabase::open(file).value();
    CHECK(db->schema_version() == storage::schema::current_version());
    const auto migrated = rows_by_id(*db);
    REQUIRE(migrated.size() == signed_rows.size());
    for (const auto& [id, row] : signed_rows) {
        CAPTURE(id);
        CHECK(migrated.at(id).flags == row.flags);
        CHECK(migrated.at(id).priority == row.priority);
        CHECK(migrated.at(id).state == row.state);
        CHECK(stored_review(*db, id, 0).flags == (row.flags & stored_flags));
    }
    const auto report = db->check(storage::CheckDepth::full).value();
    for (const auto& finding : report.findings) MESSAGE(finding);
    CHECK(report.ok);
}

TEST_CASE("the stored flags cannot be changed, and a queue row that disagrees with them is reported") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file).value();
        (void)flagged_visits(*db);
    }
    CHECK(shell(file, "UPDATE revision_flags SET flags = 0").find("cannot be changed") != std::string::npos);
    CHECK(shell(file, "DELETE FROM revision_flags").find("cannot be changed") != std::string::npos);
    CHECK(shell(file, "INSERT INTO revision_flags VALUES (1, 5, 0, 240)").find("signed revision only") !=
          std::string::npos);
    {
        auto db = storage::SqliteDatabase::open(file).value();
        CHECK(db->check(storage::CheckDepth::full).value().ok);
    }
    // Someone lowers a reaction visit's priority in the queue (visit 3 of the fixture) ...
    REQUIRE(shell(file, "UPDATE review_state SET flags = 0, priority = 0 WHERE visit_id = 3").empty());
    {
        auto db = storage::SqliteDatabase::open(file).value();
        const auto report = db->check(storage::CheckDepth::full).value();
        CHECK_FALSE(report.ok);
        std::string all;
        for (const auto& f : report.findings) all += f + "\n";
        CHECK(all.find("visit 3 is listed for review with flags 0 and priority 0 but its signed revision says 1 and "
                       "32") != std::string::npos);
    }
    // ... or moves a visit to another date and nurse in it (no trigger stands in the way: found from outside).
    REQUIRE(shell(file,
                  "UPDATE review_state SET date_of_service = '2020-01-01', clinician = 'nobody' WHERE "
                  "visit_id = 2")
                .empty());
    {
        auto db = storage::SqliteDatabase::open(file).value();
        std::string all;
        for (const auto& f : db->check(storage::CheckDepth::full).value().findings) all += f + "\n";
        CHECK(all.find("visit 2 is listed for review as of 2020-01-01 by nobody, which is not its date, nurse or "
                       "patient on record") != std::string::npos);
    }
}

TEST_CASE("a review threshold changed behind the program's back is named once, not as every visit it re-flags") {
    // Found from outside: the threshold changed with psql made db check name ~150 visits "edited behind the
    // program's back" and said nothing of the threshold.
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file).value();
        (void)flagged_visits(*db);  // one visit of 300 minutes: long under the schema's 240
        CHECK(db->check(storage::CheckDepth::full).value().ok);
    }
    REQUIRE(shell(file, "UPDATE review_threshold SET long_infusion_minutes = 600").empty());
    auto db = storage::SqliteDatabase::open(file).value();
    const auto report = db->check(storage::CheckDepth::full).value();
    CHECK_FALSE(report.ok);
    std::string all;
    for (const auto& f : report.findings) all += f + "\n";
    CAPTURE(all);
    CHECK(all.find("long-infusion threshold is 600 minutes, but the program last set it to 240") != std::string::npos);
    CHECK(all.find("is listed for review with flags") == std::string::npos);
    CHECK(report.findings.size() == 1);
}
