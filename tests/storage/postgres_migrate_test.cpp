// Moving a clinic (issue 14): `db migrate --to postgresql` copies a SQLite database whole into an empty
// PostgreSQL database and verifies it before keeping it. A record with signed, amended, exported and
// reviewed visits, drafts and accounts moves and then works on the server (a visit loads as it was, the
// chain and seals verify, a new visit is signed with ids after the copied ones); a target that holds rows
// is refused and left as it was; a copy that fails half-way (a row the server refuses, a row whose seal
// no longer verifies) leaves the target without a row; only an administrator may move the database.
#include "app/export_billing.hpp"
#include "app/review_service.hpp"
#include "app/visit_service.hpp"
#include "storage/pg_fixture.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/program_run.hpp"
#include "storage/sql_shell.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>

using namespace infusion;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The trigger as migration 1 made it, word for word (the schema check compares the text).
constexpr const char* sealed_update_trigger =
    R"SQL(CREATE TRIGGER billing_lines_sealed_update BEFORE UPDATE ON billing_lines
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;)SQL";

// A clinic's record on a SQLite file, with its accounts: visit 1 signed and amended, visit 2 signed,
// countersigned and with a site-care note, visit 3 signed with an open correction request, visit 4 a
// draft; visits 1 and 2 exported in batch 1 (and delivered).
struct Record {
    test::TempDir dir;
    std::filesystem::path file = dir.path() / "clinic.db";
    std::unique_ptr<storage::Database> db = storage::SqliteDatabase::open(file).value();
    test::TestClinic tc{"2026-03-02T18:00:00Z", *db, test::repo_config()};  // after the visits' stops
    storage::VisitId amended = 0, countersigned = 0, correcting = 0, draft = 0;

    Record() {
        tc.add_demo_users();
        app::VisitService& service = tc.clinic().visits();
        const app::Acting nurse = tc.demo("rn.okafor");
        amended = service.create(nurse, test::sample_visit()).value();
        REQUIRE(service.sign(nurse, amended).value().signed_visit);
        const app::Acting supervisor = tc.demo("sup.nakamura");
        app::ReviewService& review = tc.clinic().review();
        // Countersigned, amended, and countersigned again: a countersignature per revision (schema 20).
        REQUIRE(review.countersign(supervisor, amended, "read").ok());
        REQUIRE(service.amend(nurse, amended, test::sample_visit(95), "stop time corrected").ok());
        REQUIRE(review.countersign(supervisor, amended, "amendment read").ok());
        core::Visit second = test::sample_visit();
        second.patient.id = "MRN-2002";
        countersigned = service.create(nurse, second).value();
        REQUIRE(service.sign(nurse, countersigned).value().signed_visit);
        app::ExportRequest request;
        request.out = dir.path() / "batch-1.csv";
        request.selection.from = std::chrono::year{2026} / 3 / 1;
        request.selection.to = std::chrono::year{2026} / 3 / 31;
        auto exported = app::write_export(db->billing(), test::repo_config(), request,
                                          {"billing.chen", "2026-03-02T18:30:00Z"}, {});
        REQUIRE_MESSAGE(exported.ok(), (exported.ok() ? "" : exported.error().describe()));
        REQUIRE(exported.value().batch);
        core::Visit third = test::sample_visit(60);
        third.patient.id = "MRN-3003";
        correcting = service.create(nurse, third).value();
        REQUIRE(service.sign(nurse, correcting).value().signed_visit);
        REQUIRE(
            review.add_site_care_note(nurse, countersigned, {"abdomen-left-lower", {"redness"}, 1, "small red patch"})
                .ok());
        REQUIRE(review.countersign(supervisor, countersigned, "site care followed up").ok());
        REQUIRE(review.request_correction(supervisor, correcting, "the lot number is missing").ok());
        core::Visit fourth = test::sample_visit();
        fourth.patient.id = "MRN-4004";
        draft = service.create(nurse, fourth).value();
        // Saved as the window saves it: it keeps the coding it would be signed with, and moves with it.
        REQUIRE(service.save_draft(nurse, draft, 1, fourth).ok());
        const auto checked = db->check(storage::CheckDepth::quick);  // also the quick check's checkpoint
        REQUIRE(checked.ok());
        REQUIRE(checked.value().ok);
    }

    core::Result<storage::MigrationReport> migrate(const std::string& url) {
        return tc.clinic().migrate_to_postgresql(tc.demo("admin"), url);
    }
};

std::int64_t rows_of(const storage::MigrationReport& report, const std::string& table) {
    for (const auto& t : report.tables) {
        if (t.name == table) return t.rows;
    }
    return -1;
}

// The target holds no row: no visit, no account, no audit row.
void check_target_empty(const test::PgTestDatabase& pg) {
    auto target = storage::PostgresDatabase::open(pg.url());
    REQUIRE(target.ok());
    auto& t = *target.value();
    CHECK(t.visits().list({}).value().rows.empty());
    CHECK(t.users().count().value() == 0);
    storage::AuditFilter all;
    all.limit = 10;
    CHECK(t.audit().entries(all).value().empty());
    // Not one row in any table (review_threshold keeps the row its migration made).
    CHECK(pg.exec("DO $$ DECLARE t text; n bigint; BEGIN FOR t IN SELECT table_name FROM information_schema.tables "
                  "WHERE table_schema = 'infusiondoc' AND table_name NOT IN ('schema_version', 'review_threshold') "
                  "LOOP EXECUTE format('SELECT count(*) FROM infusiondoc.%I', t) INTO n; IF n > 0 THEN "
                  "RAISE EXCEPTION 'table % holds % rows', t, n; END IF; END LOOP; END $$") == "");
}

using test::quoted;

test::ProgramOutcome run(const std::string& arguments) { return test::run_program(arguments); }

// A move that must fail: it is refused, says nothing was copied, and leaves the target without a row.
// Returns the message, for what each case must name.
std::string refused_move(Record& record, const test::PgTestDatabase& pg) {
    const auto failed = record.migrate(pg.url());
    REQUIRE_FALSE(failed.ok());
    const std::string message = failed.error().message;
    CHECK_MESSAGE(has(message, "nothing was copied"), message);
    check_target_empty(pg);
    return message;
}

}  // namespace

TEST_CASE("postgresql migrate: a clinic's signed, amended, exported and reviewed record moves whole and works there") {
    Record record;
    test::PgTestDatabase pg;
    const auto moved = record.migrate(pg.url());
    REQUIRE_MESSAGE(moved.ok(), (moved.ok() ? "" : moved.error().describe()));
    const auto& m = moved.value();
    CHECK(m.tables.size() == 26);
    CHECK(rows_of(m, "visits") == 4);
    CHECK(rows_of(m, "revisions") == 5);
    CHECK(rows_of(m, "users") == 5);
    CHECK(rows_of(m, "export_batches") == 1);
    CHECK(rows_of(m, "export_deliveries") == 1);
    CHECK(rows_of(m, "countersignatures") == 3);
    CHECK(rows_of(m, "site_care_notes") == 1);
    CHECK(rows_of(m, "correction_requests") == 1);
    CHECK(rows_of(m, "revision_flags") == 4);
    CHECK(m.chain_rows == m.source_chain_rows + 1);
    CHECK(m.chain_head.size() == 64);

    // The server, through a workstation's role: the record reads as it was written.
    auto opened = storage::PostgresDatabase::open(pg.url("infusiondoc_app"));
    REQUIRE(opened.ok());
    storage::Database& server = *opened.value();
    for (const auto id : {record.amended, record.countersigned, record.correcting, record.draft}) {
        CAPTURE(id);
        const auto there = server.visits().load(id);
        const auto here = record.db->visits().load(id);
        REQUIRE(there.ok());
        REQUIRE(here.ok());
        const auto& a = there.value();
        const auto& b = here.value();
        CHECK(a.status == b.status);
        CHECK(a.version == b.version);
        CHECK(a.changed_by == b.changed_by);
        REQUIRE(a.revisions.size() == b.revisions.size());
        for (std::size_t r = 0; r < a.revisions.size(); ++r) {
            CHECK(a.revisions[r].sealed == b.revisions[r].sealed);
            CHECK(a.revisions[r].signed_at == b.revisions[r].signed_at);
            CHECK(a.revisions[r].content.patient.id == b.revisions[r].content.patient.id);
            CHECK(a.revisions[r].content.substances.size() == b.revisions[r].content.substances.size());
            CHECK(a.revisions[r].coding.has_value() == b.revisions[r].coding.has_value());
            if (a.revisions[r].coding && b.revisions[r].coding) {
                CHECK(a.revisions[r].coding->lines.size() == b.revisions[r].coding->lines.size());
            }
        }
    }
    CHECK(server.reviews().countersignatures(record.amended).value().size() == 2);
    // The chain and every seal verify on the server; db check is clean.
    const auto verified = server.audit().verify();
    REQUIRE(verified.ok());
    CHECK_MESSAGE(verified.value().ok, (verified.value().findings.empty() ? "" : verified.value().findings[0]));
    const auto checked = server.check();
    REQUIRE(checked.ok());
    CHECK_MESSAGE(checked.value().ok, (checked.value().findings.empty() ? "" : checked.value().findings[0]));
    storage::AuditFilter moves;
    moves.action = "db-migrate";
    const auto row = server.audit().entries(moves).value();
    REQUIRE(row.size() == 1);
    CHECK(row[0].actor == "admin");
    CHECK(row[0].hash == m.chain_head);

    // Work goes on there: the demo nurse signs in with her password and signs a new visit, whose ids
    // follow the copied ones.
    test::TestClinic there("2026-03-03T18:00:00Z", server, test::repo_config());
    const app::Acting nurse =
        there.clinic().act_as(there.clinic().accounts().sign_in("rn.okafor", "nurse-demo-1").value());
    core::Visit fifth = test::sample_visit();
    fifth.patient.id = "MRN-5005";
    const auto id = there.clinic().visits().create(nurse, fifth);
    REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error().describe()));
    CHECK(id.value() == record.draft + 1);
    const auto signed_there = there.clinic().visits().sign(nurse, id.value());
    REQUIRE_MESSAGE(signed_there.ok(), (signed_there.ok() ? "" : signed_there.error().describe()));
    CHECK(signed_there.value().signed_visit);
    // The draft that moved with its kept coding is signed there with the same lines.
    const auto kept_signed = there.clinic().visits().sign(nurse, record.draft);
    REQUIRE_MESSAGE(kept_signed.ok(), (kept_signed.ok() ? "" : kept_signed.error().describe()));
    CHECK(kept_signed.value().signed_visit);
    const auto kept_back = server.visits().load(record.draft).value();
    REQUIRE(kept_back.current().coding.has_value());
    CHECK(kept_back.current().coding->lines.size() == kept_signed.value().coding.lines.size());
    const auto after = server.audit().verify();
    REQUIRE(after.ok());
    CHECK(after.value().ok);
}

TEST_CASE("postgresql migrate: a target that already holds rows is refused and left as it was") {
    Record record;
    test::PgTestDatabase pg;
    {
        auto target = storage::PostgresDatabase::open(pg.url());
        REQUIRE(target.ok());
        REQUIRE(target.value()->audit().record("change", std::nullopt, "a workstation was here", test::actor()).ok());
    }
    const auto refused = record.migrate(pg.url());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == core::ErrorKind::refused);
    CHECK(has(refused.error().message, "not empty"));
    CHECK(has(refused.error().message, "audit"));
    // The source's record says who tried, and why it stopped.
    storage::AuditFilter failed;
    failed.action = "db-migrate-failed";
    const auto tried = record.tc.db().audit().entries(failed).value();
    REQUIRE(tried.size() == 1);
    CHECK(tried[0].actor == "admin");
    CHECK(has(tried[0].detail, "not empty"));
    auto target = storage::PostgresDatabase::open(pg.url());
    REQUIRE(target.ok());
    storage::AuditFilter all;
    const auto rows = target.value()->audit().entries(all).value();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].detail == "a workstation was here");
    CHECK(target.value()->visits().list({}).value().rows.empty());
    CHECK(target.value()->users().count().value() == 0);
}

TEST_CASE("postgresql migrate: a row the server refuses rolls the whole copy back and is named") {
    Record record;
    test::PgTestDatabase pg;
    // Bytes that are not UTF-8 in a draft's note (SQLite stores what it is given; PostgreSQL refuses it).
    REQUIRE(test::shell(record.file, "INSERT INTO notes(visit_id, revision, ord, kind, text) VALUES (" +
                                         std::to_string(record.draft) + ", 0, 7, 'general', CAST(X'C328' AS TEXT))")
                .empty());
    const std::string message = refused_move(record, pg);
    CAPTURE(message);
    CHECK(has(message, "table notes, row visit_id=" + std::to_string(record.draft) + ", revision=0, ord=7"));
}

// The countersigned visit's lines raised through the sqlite3 shell, its trigger dropped first and put back
// as it was after (the schema check compares the text, and finds nothing).
void edit_countersigned_lines(const Record& record) {
    REQUIRE(test::shell(record.file,
                        "DROP TRIGGER billing_lines_sealed_update;"
                        "UPDATE billing_lines SET units = units + 10 WHERE visit_id = " +
                            std::to_string(record.countersigned) + ";" + sealed_update_trigger)
                .empty());
}

TEST_CASE("postgresql migrate: a signed row altered behind the triggers is found by the source's own check") {
    Record record;
    test::PgTestDatabase pg;
    // Signed before the last clean check, edited with the trigger dropped and put back as it was: the
    // schema cookie moved, so the source's quick check walks every seal and finds it before a row is copied.
    edit_countersigned_lines(record);
    const auto failed = record.migrate(pg.url());
    REQUIRE_FALSE(failed.ok());
    const std::string message = failed.error().message;
    CAPTURE(message);
    CHECK(has(message, "does not pass its own check"));
    CHECK(has(message, "visit " + std::to_string(record.countersigned) + " (signed original)"));
    check_target_empty(pg);
}

TEST_CASE("postgresql migrate: a signed row altered behind the triggers fails verification and nothing is kept") {
    Record record;
    test::PgTestDatabase pg;
    // The same edit, and db check's checkpoint edited to the new schema cookie as well, so the quick check starts
    // at the checkpoint instead of walking from the first row. It passed then, and only the copy's full seal
    // check on the server refused; the quick check's sweep of the older record (a small record whole, every
    // check) now finds the edit before anything is copied. The server's check stays behind it.
    edit_countersigned_lines(record);
    REQUIRE(test::edit_checkpoint_cookie(record.file,
                                         std::to_string(test::shell_int(record.file, "PRAGMA schema_version"))));
    const auto failed = record.migrate(pg.url());
    REQUIRE_FALSE(failed.ok());
    const std::string message = failed.error().message;
    CAPTURE(message);
    CHECK(has(message, "does not pass its own check"));
    CHECK(has(message, "visit " + std::to_string(record.countersigned) + " (signed original)"));
    check_target_empty(pg);
}

TEST_CASE("postgresql migrate: only an administrator moves the database, and never with a password in the URL") {
    Record record;
    test::PgTestDatabase pg;
    const auto nurse = record.tc.clinic().migrate_to_postgresql(record.tc.demo("rn.okafor"), pg.url());
    REQUIRE_FALSE(nurse.ok());
    CHECK(nurse.error().kind == core::ErrorKind::refused);
    const auto with_password = record.migrate("postgresql://infusiondoc_owner:secret@localhost/x");
    REQUIRE_FALSE(with_password.ok());
    CHECK(has(with_password.error().message, "password"));
    // Nothing reached the server: not even the schema.
    CHECK(pg.exec("DO $$ BEGIN IF to_regnamespace('infusiondoc') IS NOT NULL THEN RAISE EXCEPTION 'schema made'; "
                  "END IF; END $$") == "");
}

TEST_CASE("postgresql migrate: the command moves a demo database and prints its summary, refusals exit 2") {
    const test::TempDir dir;
    const auto file = dir.path() / "demo.db";
    const auto made = run("--db " + quoted(file.string()) + " demo-data --visits 60 --user admin");
    CAPTURE(made.output);
    REQUIRE(made.status == 0);
    const auto admin = dir.path() / "admin.password";
    { std::ofstream(admin) << "admin-demo-1\n"; }
    REQUIRE(::chmod(admin.c_str(), 0600) == 0);
    const auto nurse = dir.path() / "nurse.password";
    { std::ofstream(nurse) << "nurse-demo-1\n"; }
    REQUIRE(::chmod(nurse.c_str(), 0600) == 0);
    test::PgTestDatabase pg;
    const std::string source = "--db " + quoted(file.string());

    const auto as_nurse = run(source + " --user rn.okafor --password-file " + quoted(nurse.string()) +
                              " db migrate --to postgresql " + quoted(pg.url()));
    CAPTURE(as_nurse.output);
    CHECK(as_nurse.status == 2);

    const auto moved = run(source + " --user admin --password-file " + quoted(admin.string()) +
                           " db migrate --to postgresql " + quoted(pg.url()));
    CAPTURE(moved.output);
    CHECK(moved.status == 0);
    CHECK(has(moved.output, "26 tables"));
    CHECK(has(moved.output, "  visits: 60\n"));
    CHECK(has(moved.output, "the server's chain head: row "));
    CHECK(has(moved.output, "\nok\n"));
    // The steps as they start (stderr), so a long move is seen advancing.
    CHECK(has(moved.output, "db migrate: 0 s: checking the source (db check)\n"));
    CHECK(has(moved.output, " s: copying table audit (1 of 26)\n"));  // first: schema 18's triggers look rows up in it
    CHECK(has(moved.output, " s: copying table visits (3 of 26)\n"));
    CHECK(has(moved.output, " s: comparing table review_threshold with the source, row by row (26 of 26)\n"));
    CHECK(has(moved.output, " s: verifying the copy on the server: accounts, facts and every content seal\n"));

    // The server now answers for the clinic: the administrator checks it there.
    const auto checked = run("--db-url " + quoted(pg.url("infusiondoc_app")) + " --user admin --password-file " +
                             quoted(admin.string()) + " db check");
    CAPTURE(checked.output);
    CHECK(checked.status == 0);

    const auto again = run(source + " --user admin --password-file " + quoted(admin.string()) +
                           " db migrate --to postgresql " + quoted(pg.url()));
    CAPTURE(again.output);
    CHECK(again.status == 2);
    CHECK(has(again.output, "not empty"));
    const auto wrong = run(source + " db migrate --to sqlite " + quoted(pg.url()));
    CHECK(wrong.status == 2);
}
