// On a real file: what the sqlite3 shell cannot do to the review record, and migrations 4 and 9, whose
// backfills must give the review rows signing gives.
#include "storage/chain_head_file.hpp"
#include "storage/old_schema.hpp"
#include "storage/review_fixture.hpp"
#include "storage/schema.hpp"
#include "storage/sql_shell.hpp"
#include "storage/sqlite_database.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <sqlite3.h>

using namespace infusion;
using namespace infusion::test::review;

using test::shell;
using test::shell_without_triggers;

namespace {

bool refused(const std::string& error, const std::string& words) { return error.find(words) != std::string::npos; }

// A file in `dir` whose visit 1 is signed, with the supervisor's correction request 1 open on it.
std::filesystem::path with_open_request(const test::TempDir& dir) {
    const auto file = dir.path() / "clinic.db";
    auto db = storage::SqliteDatabase::open(file).value();
    const auto id = signed_visit(*db, test::sample_visit());
    REQUIRE(db->reviews().request_correction(id, "stop time?", test::actor("sup.nakamura")).ok());
    return file;
}

}  // namespace

TEST_CASE("the sqlite3 shell cannot change a countersignature, a site-care note or a resolved request") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file).value();
        const auto id = signed_visit(*db, test::sample_visit());
        (void)db->visits().create_draft(test::sample_visit(), test::actor());  // visit 2, a draft
        REQUIRE(db->reviews().add_site_care_note(id, {"", {"pain"}, 2, "sore"}, test::actor()).ok());
        REQUIRE(db->reviews().request_correction(id, "stop time?", test::actor("sup.nakamura")).ok());
        const auto v = test::sample_visit();
        const auto revision = db->visits().amend(id, 2, v, "stop time checked",
                                                 app::signed_coding(v, test::repo_config()), test::actor());
        REQUIRE(db->reviews().resolve_corrections(id, revision.value(), test::actor()).ok());
        REQUIRE(db->reviews().countersign(id, "ok", test::actor("sup.nakamura")).ok());
    }
    CHECK(refused(shell(file, "UPDATE countersignatures SET comment = 'changed'"), "cannot be changed"));
    CHECK(refused(shell(file, "UPDATE countersignatures SET revision = 0"), "cannot be changed"));
    CHECK(refused(shell(file, "DELETE FROM countersignatures"), "cannot be changed"));
    CHECK(refused(shell(file,
                        "INSERT INTO countersignatures(visit_id, revision, supervisor, at) "
                        "VALUES (2, 0, 'x', '2026-03-04T10:00:00Z')"),
                  "only a signed visit"));
    CHECK(refused(shell(file, "UPDATE site_care_notes SET grade = 0"), "append-only"));
    CHECK(refused(shell(file, "DELETE FROM site_care_notes"), "append-only"));
    CHECK(refused(shell(file, "INSERT INTO site_care_notes(visit_id, author, at, grade) VALUES (2, 'x', 't', 0)"),
                  "signed visit only"));
    CHECK(refused(shell(file,
                        "INSERT INTO site_care_notes(visit_id, author, at, conditions, grade) "
                        "VALUES (1, 'x', 't', 'redness,bruising', 1)"),
                  "CHECK constraint failed"));
    // Schema 18: on a signed visit, a note is recorded only with the audit row of its seal.
    CHECK(refused(shell(file,
                        "INSERT INTO site_care_notes(visit_id, author, at, grade, seal) "
                        "VALUES (1, 'x', '2026-03-04T10:00:00Z', 0, 'x')"),
                  "recorded only with the audit row of its seal"));
    CHECK(refused(shell(file, "UPDATE correction_requests SET resolved_revision = NULL, resolved_at = NULL"),
                  "resolved, once"));
    CHECK(refused(shell(file, "UPDATE correction_requests SET reason = 'something else'"), "resolved, once"));
    CHECK(refused(shell(file, "DELETE FROM correction_requests"), "cannot be deleted"));
    // Schema 22: INSERT OR REPLACE deletes the row it replaces without any DELETE trigger; it is refused first.
    // Found from outside: a countersignature was replaced so; review flags replaced so (with the queue's cache
    // edited to match) hid a reaction from the supervisors' queue, and db check said ok.
    CHECK(refused(shell(file, "INSERT OR REPLACE INTO countersignatures SELECT * FROM countersignatures"),
                  "cannot be changed"));
    CHECK(refused(shell(file,
                        "INSERT OR REPLACE INTO revision_flags(visit_id, revision, flags, long_infusion_minutes) "
                        "SELECT visit_id, revision, 0, long_infusion_minutes FROM revision_flags"),
                  "cannot be changed"));
    CHECK(refused(shell(file, "INSERT OR REPLACE INTO site_care_notes SELECT * FROM site_care_notes"), "append-only"));
    CHECK(refused(shell(file, "INSERT OR REPLACE INTO correction_requests SELECT * FROM correction_requests"),
                  "resolved, once"));
    auto db = storage::SqliteDatabase::open(file).value();
    CHECK(db->check().value().ok);
    CHECK(db->reviews().countersignatures(1).value().at(0).comment == "ok");
}

// Found from outside: with every trigger in place, an UPDATE answered a request with an amendment the visit
// never had, and db check said ok; the visit left the nurse's list uncorrected and could be countersigned.
TEST_CASE("a correction request is answered only by a signed amendment with its audit row, never by the shell") {
    test::TempDir dir;
    const auto file = with_open_request(dir);
    for (const char* answered : {"1", "0", "99"}) {
        CAPTURE(answered);
        CHECK(refused(shell(file, std::string("UPDATE correction_requests SET resolved_revision = ") + answered +
                                      ", resolved_at = '2026-03-04T10:00:00Z'"),
                      "answered only by a signed amendment of its visit"));
    }
    auto db = storage::SqliteDatabase::open(file).value();
    REQUIRE(db->reviews().corrections(1).value().at(0).open());
    // The program's own answer, after the nurse's amendment, goes through.
    const auto v = test::sample_visit();
    const auto revision =
        db->visits().amend(1, 2, v, "stop time checked", app::signed_coding(v, test::repo_config()), test::actor());
    REQUIRE(revision.ok());
    CHECK(db->reviews().resolve_corrections(1, revision.value(), test::actor()).value() == 1);
    CHECK_FALSE(db->reviews().corrections(1).value().at(0).open());
    CHECK(db->check().value().findings == std::vector<std::string>{});
}

// A file whose guard was dropped, then a request answered by hand: db check names it.
TEST_CASE("db check names a correction request answered by an amendment the visit does not have") {
    test::TempDir dir;
    const auto file = with_open_request(dir);
    const std::string definition =
        SQLite::Database(file.string())
            .execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'correction_requests_resolved_by_amendment'")
            .getString();
    REQUIRE(refused(definition, "CREATE TRIGGER"));
    CHECK(shell(file,
                "DROP TRIGGER correction_requests_resolved_by_amendment; UPDATE correction_requests SET "
                "resolved_revision = 1, resolved_at = '2026-03-04T10:00:00Z'; " +
                    definition + ";")
              .empty());
    auto db = storage::SqliteDatabase::open(file).value();
    const auto report = db->check().value();
    CHECK_FALSE(report.ok);
    bool named = false;
    for (const auto& f : report.findings) {
        named = named || refused(f,
                                 "correction request 1 of visit 1 reads as answered by amendment 1, which the visit "
                                 "does not have");
    }
    CHECK(named);
}

TEST_CASE("migration 4's backfill, then migration 9's, give the review rows signing gives") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    std::map<storage::VisitId, storage::ReviewQueueRow> signed_rows;
    {
        auto db = storage::SqliteDatabase::open(file).value();
        (void)flagged_visits(*db);
        signed_rows = rows_by_id(*db);
    }
    // Back to schema 3, as a database from before this version (undoing migration 9's flags, 6's seals
    // and 5's vials too), then open it again: the upgrade backfills review_state in SQL (migration 4),
    // then the revisions' flags with core (migration 9).
    test::roll_back_seals(file);
    REQUIRE(
        shell(file,
              "DROP TRIGGER review_state_on_signing; DROP TABLE review_state; DROP TABLE countersignatures; "
              "DROP TABLE site_care_notes; DROP TABLE correction_requests; DROP TABLE vials; PRAGMA user_version = 3")
            .empty());
    auto db = storage::SqliteDatabase::open(file).value();
    CHECK(db->schema_version() == storage::schema::current_version());
    const auto backfilled = rows_by_id(*db);
    REQUIRE(backfilled.size() == signed_rows.size());
    for (const auto& [id, row] : signed_rows) {
        CAPTURE(id);
        CHECK(backfilled.at(id).flags == row.flags);
        CHECK(backfilled.at(id).priority == row.priority);
        CHECK(backfilled.at(id).date_of_service == row.date_of_service);
        CHECK(db->visits().load(id).value().current().coding->review->flags == (row.flags & stored_flags));
    }
}

TEST_CASE("the sqlite3 shell cannot hide lines from billing or a visit from review with the triggers in place") {
    // Found from outside (schema 17): each edit changed what billing or review sees while `db check` said ok.
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file).value();
        signed_visit(*db, test::sample_visit());  // visit 1: exported in batch 1
        REQUIRE(test::export_march(*db).value().has_value());
        signed_visit(*db, test::sample_visit());  // visit 2: signed after the export, its lines pending
    }
    CHECK(refused(shell(file,
                        "INSERT INTO export_items SELECT 1, visit_id, revision, ord, 'charge' FROM billing_lines "
                        "WHERE visit_id = 2"),
                  "the lines of a recorded export batch cannot be changed"));
    CHECK(refused(shell(file, "UPDATE visits SET current_revision = 1, status = 'amended', billable = 0 WHERE id = 1"),
                  "only by its sealed amendment"));
    CHECK(refused(shell(file, "UPDATE review_state SET state = 'countersigned' WHERE visit_id = 1"),
                  "needs its countersignature"));
    CHECK(refused(shell(file, "UPDATE review_state SET state = 'correction' WHERE visit_id = 1"),
                  "open correction request"));
    CHECK(refused(shell(file, "DELETE FROM review_state WHERE visit_id = 1"), "stays in the review record"));
    // Schema 18: a batch made up to hide visit 2's lines (its lines would go in first) needs its audit row.
    CHECK(refused(shell(file,
                        "INSERT INTO export_batches(id, created_at, created_by, format, line_count, sha256, seal) "
                        "VALUES (2, '2026-04-01T12:00:00Z', 'billing.chen', 'csv', 1, 'x', 'x')"),
                  "an export batch is recorded only with the audit row of its seal"));
    // Schema 19: a batch made to read as delivered (its file never written, so never asked for again), a
    // correction request that takes visit 1 out of the pending queue, rows planted for the next visit made.
    CHECK(refused(shell(file,
                        "INSERT INTO export_deliveries(batch_id, at, delivered_by, path, sha256) "
                        "VALUES (2, '2026-04-01T12:00:00Z', 'billing.chen', '/tmp/never.csv', 'x')"),
                  "a delivery is recorded only with its audit row"));
    CHECK(refused(shell(file,
                        "INSERT INTO correction_requests(visit_id, revision, requested_by, at, reason) "
                        "VALUES (1, 0, 'sup.nakamura', '2026-03-04T10:00:00Z', 'forged')"),
                  "a correction request is recorded only with its audit row"));
    CHECK(refused(shell(file, "INSERT INTO diagnoses VALUES (3, 0, 0, 'Z00.0')"), "which must exist"));
    CHECK(refused(shell(file,
                        "INSERT INTO billing_lines(visit_id, revision, ord, kind, code, units) "
                        "VALUES (3, 0, 7, 'administration', '96372', 5)"),
                  "which must exist"));
    CHECK(refused(shell(file,
                        "INSERT INTO revisions(visit_id, number, author, created_at, patient_mrn) "
                        "VALUES (3, 0, 'rn.okafor', '2026-03-04T10:00:00Z', 'MRN-1')"),
                  "a revision belongs to a visit, which must exist"));
    auto db = storage::SqliteDatabase::open(file).value();
    CHECK(db->check().value().ok);
    // Visit 2's lines are still pending, and the next export takes them as batch 2.
    const auto second = test::export_march(*db);
    REQUIRE(second.ok());
    REQUIRE(second.value().has_value());
    CHECK(second.value()->id == 2);
    CHECK(db->check().value().ok);
}

TEST_CASE("lines recorded for a batch that never came are found by the default db check and stop the export") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file).value();
        signed_visit(*db, test::sample_visit());
        (void)db->check();  // a clean check: its checkpoint makes the next one the default, quick one
    }
    // Allowed by the trigger (no batch 7 is recorded): the program writes a batch's lines before its row.
    REQUIRE(
        shell(file, "INSERT INTO export_items SELECT 7, visit_id, revision, ord, 'charge' FROM billing_lines").empty());
    auto db = storage::SqliteDatabase::open(file).value();
    const auto report = db->check().value();
    CHECK_FALSE(report.ok);
    bool named = false;
    for (const auto& f : report.findings) named = named || f.find("exported lines name batch 7") != std::string::npos;
    CHECK(named);
    const auto refused_export = test::export_march(*db);
    REQUIRE_FALSE(refused_export.ok());
    CHECK(refused_export.error().message.find("batch 7, which was never recorded") != std::string::npos);
}

TEST_CASE("a signed visit's billing lines changed with the triggers dropped are not exported") {
    // Found from outside: a dose and its J-code units made ten times larger with the sqlite3 shell (triggers dropped
    // and made again) went out in the billing file as signed; only db check said so. The export checks the seals of
    // the visits it sends (on a connection of its own for a file) and records nothing when one fails.
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    storage::VisitId id = 0;
    {
        auto db = storage::SqliteDatabase::open(file).value();
        signed_visit(*db, test::sample_visit());  // an untouched visit exported with it: nothing goes out either
        id = signed_visit(*db, test::sample_visit());
    }
    REQUIRE(shell(file,
                  "DROP TRIGGER billing_lines_sealed_update; "
                  "UPDATE billing_lines SET units = units * 10 WHERE visit_id = " +
                      std::to_string(id) +
                      " AND kind = 'drug'; "
                      "CREATE TRIGGER billing_lines_sealed_update BEFORE UPDATE ON billing_lines "
                      "WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1 "
                      "BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;")
                .empty());
    auto db = storage::SqliteDatabase::open(file).value();
    const auto refused = test::export_march(*db);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == core::ErrorKind::corrupt);
    CHECK(refused.error().message.find("visit " + std::to_string(id) +
                                       " (signed original): its content no longer matches its seal") !=
          std::string::npos);
    CHECK(refused.error().message.find("nothing was exported") != std::string::npos);
    // The full check: the default one starts at its checkpoint and said ok after this refusal (found from outside).
    CHECK(refused.error().message.find("Run 'infusiondoc db check --full'") != std::string::npos);
    CHECK(db->billing().batches(10).value().empty());
}

TEST_CASE("a signed visit's diagnosis changed with the triggers off is not exported, and a dose is left to db check") {
    // Found from outside: a diagnosis changed with the shell went out on the claim; the export took the content
    // digest as kept. Seal format 3 (schema 24) lets it recompute the diagnoses' part, which it sends.
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    storage::VisitId id = 0;
    {
        auto db = storage::SqliteDatabase::open(file).value();
        id = signed_visit(*db, test::sample_visit());
    }
    const std::string visit = std::to_string(id);
    {
        // A dose is not sent on its own (the drug line's units are, and are sealed as they are): the export goes
        // on, and db check names the change.
        test::TempDir copy_dir;
        const auto copy = copy_dir.path() / "clinic.db";
        std::filesystem::copy_file(file, copy);
        std::filesystem::copy_file(storage::detail::chain_head_path(file), storage::detail::chain_head_path(copy));
        REQUIRE(
            shell_without_triggers(copy, "UPDATE substances SET dose = dose * 10 WHERE visit_id = " + visit).empty());
        auto db = storage::SqliteDatabase::open(copy).value();
        CHECK(test::export_march(*db).ok());
    }
    REQUIRE(shell_without_triggers(file, "UPDATE diagnoses SET code = 'Z99.89' WHERE visit_id = " + visit).empty());
    auto db = storage::SqliteDatabase::open(file).value();
    const auto refused = test::export_march(*db);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find(
              "visit " + visit + " (signed original): its content no longer matches its seal") != std::string::npos);
    CHECK(db->billing().batches(10).value().empty());
}

TEST_CASE(
    "a dry run says the export would refuse, a visit made unbillable on its summary row stops the export, and "
    "a batch is not written again over changed lines") {
    // Found from outside: `export --dry-run` counted the lines of a changed visit; `billable = 0` on a visit's
    // summary row left it out of the export as "held"; and `export --batch N` wrote a batch again "identical" with
    // changed units once its recorded SHA-256 had been replaced to match.
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    storage::VisitId changed = 0;
    storage::VisitId unbillable = 0;
    {
        auto db = storage::SqliteDatabase::open(file).value();
        changed = signed_visit(*db, test::sample_visit());
        REQUIRE(test::export_march(*db).value().has_value());  // batch 1, with visit `changed`
        unbillable = signed_visit(*db, test::sample_visit(130));
    }
    const std::string shell_trigger =
        "CREATE TRIGGER billing_lines_sealed_update BEFORE UPDATE ON billing_lines "
        "WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1 "
        "BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;";
    REQUIRE(shell_without_triggers(file, "UPDATE visits SET billable = 0 WHERE id = " + std::to_string(unbillable))
                .empty());
    {
        auto db = storage::SqliteDatabase::open(file).value();
        storage::ExportCallbacks callbacks;
        callbacks.row = [](const storage::ExportRow&) { return true; };
        const storage::ExportSelection march{std::chrono::year{2026} / 3 / 1, std::chrono::year{2026} / 3 / 31, {}, {}};
        const auto dry = db->billing().export_pending(march, "csv", test::actor("billing.chen"), true, callbacks);
        REQUIRE_FALSE(dry.ok());
        CHECK(dry.error().message.find("visit " + std::to_string(unbillable) + ": its summary row") !=
              std::string::npos);
        const auto refused = test::export_march(*db);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().kind == core::ErrorKind::corrupt);
    }
    REQUIRE(shell(file,
                  "DROP TRIGGER billing_lines_sealed_update; UPDATE billing_lines SET units = 700 WHERE "
                  "visit_id = " +
                      std::to_string(changed) + " AND kind = 'drug'; " + shell_trigger)
                .empty());
    auto db = storage::SqliteDatabase::open(file).value();
    int rows = 0;
    const auto replay = db->billing().replay_batch(1, [&](const storage::ExportRow&) { return ++rows, true; });
    REQUIRE_FALSE(replay.ok());
    CHECK(replay.error().message.find("visit " + std::to_string(changed) + " (signed original)") != std::string::npos);
    CHECK(replay.error().message.find("batch 1 was not written again") != std::string::npos);
    CHECK(rows == 0);
}

TEST_CASE("a batch whose lines were pointed at another visit stops the next export of its dates") {
    // Found from outside: export_items pointed at another visit made the next export bill the lines again.
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file).value();
        signed_visit(*db, test::sample_visit());
        REQUIRE(test::export_march(*db).value().has_value());  // batch 1, March
    }
    REQUIRE(shell_without_triggers(file, "UPDATE export_items SET visit_id = 99999 WHERE batch_id = 1").empty());
    auto db = storage::SqliteDatabase::open(file).value();
    const auto refused = test::export_march(*db);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("export batch 1") != std::string::npos);
    CHECK(db->billing().batches(10).value().size() == 1);
}

TEST_CASE("a batch whose lines were pointed at a visit of another month stops that month's export") {
    // Found from outside: batch 1 (March) re-pointed at an April visit made the April export leave that visit's
    // lines out, unbilled: only batches of the export's own dates were checked.
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    storage::VisitId march = 0;
    storage::VisitId april = 0;
    {
        auto db = storage::SqliteDatabase::open(file).value();
        march = signed_visit(*db, test::sample_visit());
        REQUIRE(test::export_march(*db).value().has_value());  // batch 1
        core::Visit v = test::sample_visit();
        v.patient.id = "MRN-APRIL";
        const auto month_later = [](std::optional<core::WallTime>& t) {
            if (t) t->local += std::chrono::days{31};
        };
        for (auto& setup : v.pump_setups) {
            month_later(setup.set_up_at), month_later(setup.start), month_later(setup.stop);
            for (auto& pause : setup.pauses) month_later(pause.start), month_later(pause.stop);
        }
        for (auto& note : v.notes) month_later(note.at);
        april = signed_visit(*db, v);
    }
    REQUIRE(shell_without_triggers(file, "UPDATE export_items SET visit_id = " + std::to_string(april) +
                                             " WHERE visit_id = " + std::to_string(march))
                .empty());
    auto db = storage::SqliteDatabase::open(file).value();
    const auto refused = test::export_month(*db, std::chrono::April);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("export batch 1") != std::string::npos);
    CHECK(db->billing().batches(10).value().size() == 1);
}

TEST_CASE("a batch whose lines were moved to other visits is not written again") {
    // The batch's seal covers which lines it carried: moved, they are neither this batch's nor billed again here.
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file).value();
        signed_visit(*db, test::sample_visit());
        REQUIRE(test::export_march(*db).value().has_value());
    }
    REQUIRE(shell(file, "DROP TRIGGER export_items_no_update; UPDATE export_items SET visit_id = visit_id + 100000")
                .empty());
    auto db = storage::SqliteDatabase::open(file).value();
    const auto replay = db->billing().replay_batch(1, [](const storage::ExportRow&) { return true; });
    REQUIRE_FALSE(replay.ok());
    CHECK(replay.error().message.find("export batch 1") != std::string::npos);
}

TEST_CASE("an export of untouched visits passes its seal check, in memory as from a file") {
    // The check must never stop a sound export: every visit signed in the sample's ways goes out.
    test::TempDir dir;
    auto on_file = storage::SqliteDatabase::open(dir.path() / "clinic.db").value();
    auto in_memory = storage::SqliteDatabase::open_in_memory().value();
    for (auto* db : {on_file.get(), in_memory.get()}) {
        signed_visit(*db, test::sample_visit());
        signed_visit(*db, test::sample_visit(130));
        const auto exported = test::export_march(*db);
        REQUIRE(exported.ok());
        CHECK(exported.value().has_value());
    }
}

TEST_CASE("audit rows cut from the log's end stop the export, and a database without its head file still exports") {
    // Found from outside: with the last three audit rows deleted in the sqlite3 shell, import --sign and export
    // went on and said nothing; only db check named the cut. Signing goes on (the clinic's work must); billing
    // waits for db check.
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file).value();
        signed_visit(*db, test::sample_visit());
        signed_visit(*db, test::sample_visit(130));
    }
    REQUIRE(shell(file, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id >= (SELECT max(id) - 2 FROM audit)")
                .empty());
    {
        auto db = storage::SqliteDatabase::open(file).value();
        const auto refused = test::export_march(*db);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().kind == core::ErrorKind::corrupt);
        CHECK(refused.error().message.find("audit rows were cut from the end") != std::string::npos);
        CHECK(refused.error().message.find("nothing was exported") != std::string::npos);
        CHECK(db->billing().batches(10).value().empty());
    }
    // A copy without its head file (copied by hand, the head left behind) is db check's to name, not a refusal.
    const auto other = dir.path() / "copy.db";
    {
        auto db = storage::SqliteDatabase::open(other).value();
        signed_visit(*db, test::sample_visit());
    }
    std::filesystem::remove(other.string() + "-head");
    auto db = storage::SqliteDatabase::open(other).value();
    const auto exported = test::export_march(*db);
    REQUIRE(exported.ok());
    CHECK(exported.value().has_value());
}

TEST_CASE("the whole export history deleted with the triggers dropped stops the export") {
    // Found from outside: with every batch, line and delivery deleted, the lines counted (none) matched the batches'
    // counts (none), and the next export billed every line a second time.
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file).value();
        signed_visit(*db, test::sample_visit());
        REQUIRE(test::export_march(*db).value().has_value());  // batch 1
    }
    REQUIRE(shell(file,
                  "DROP TRIGGER export_items_no_delete; DROP TRIGGER export_batches_no_delete; "
                  "DROP TRIGGER export_deliveries_no_delete; "
                  "DELETE FROM export_deliveries; DELETE FROM export_items; DELETE FROM export_batches;")
                .empty());
    auto db = storage::SqliteDatabase::open(file).value();
    const auto refused_export = test::export_march(*db);
    REQUIRE_FALSE(refused_export.ok());
    CHECK(refused_export.error().kind == core::ErrorKind::corrupt);
    CHECK(refused_export.error().message.find("the audit log records 1 export batches, but the record holds 0") !=
          std::string::npos);
    CHECK(refused_export.error().message.find("would be billed again") != std::string::npos);
}

TEST_CASE("exported lines deleted with the triggers dropped are found by the default db check and stop the export") {
    // Found from outside: `db check` named the batch, but the next export billed the visit again.
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file).value();
        signed_visit(*db, test::sample_visit());
        REQUIRE(test::export_march(*db).value().has_value());  // batch 1
        (void)db->check();
    }
    REQUIRE(shell(file,
                  "DROP TRIGGER export_items_no_delete; DELETE FROM export_items; "
                  "CREATE TRIGGER export_items_no_delete BEFORE DELETE ON export_items "
                  "BEGIN SELECT RAISE(ABORT, 'exported lines are append-only'); END;")
                .empty());
    auto db = storage::SqliteDatabase::open(file).value();
    const auto report = db->check().value();
    CHECK_FALSE(report.ok);
    const auto refused_export = test::export_march(*db);
    REQUIRE_FALSE(refused_export.ok());
    CHECK(refused_export.error().kind == core::ErrorKind::corrupt);
    CHECK(refused_export.error().message.find("the earlier export batches sent") != std::string::npos);
    CHECK(refused_export.error().message.find("would be billed again") != std::string::npos);
    // Refused before anything was recorded: still one batch.
    CHECK(db->billing().batches(10).value().size() == 1);
}

TEST_CASE("a signed visit's review queue row deleted with the trigger dropped is found by db check --full") {
    // Found from outside: the row deleted, the trigger made again exactly, and `db check --full` said ok
    // while the visit had left the supervisors' queue.
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file).value();
        signed_visit(*db, test::sample_visit());
        REQUIRE(db->check().value().ok);
    }
    REQUIRE(shell(file,
                  "DROP TRIGGER review_state_no_delete; DELETE FROM review_state WHERE visit_id = 1; "
                  "CREATE TRIGGER review_state_no_delete BEFORE DELETE ON review_state "
                  "BEGIN SELECT RAISE(ABORT, 'a signed visit stays in the review record'); END;")
                .empty());
    auto db = storage::SqliteDatabase::open(file).value();
    const auto report = db->check(storage::CheckDepth::full).value();
    CHECK_FALSE(report.ok);
    bool named = false;
    for (const auto& f : report.findings)
        named = named || f.find("visit 1 is signed but not in the review queue") != std::string::npos;
    CHECK(named);
}
