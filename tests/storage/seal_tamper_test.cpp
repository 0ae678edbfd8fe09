// Attacks with the database file and the sqlite3 shell (issue 12), each performed for real through
// SQL on the file, with the triggers in place and with them dropped: `db check` (Database::check) and
// `audit verify` (AuditLog::verify) must fail and name what is wrong.
#include "app/export_billing.hpp"
#include "app/review_service.hpp"
#include "app/visit_service.hpp"
#include "storage/sql_shell.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace infusion;

using test::drop_all_triggers;
using test::shell;

namespace {

// A clinic's record: visit 1 signed and amended, visit 2 signed, countersigned and with a site-care
// note, both exported in batch 1.
struct Record {
    test::TempDir dir;
    std::filesystem::path file = dir.path() / "clinic.db";

    Record() {
        auto db = storage::SqliteDatabase::open(file).value();
        test::TestClinic tc("2026-03-02T18:00:00Z", *db, test::repo_config());  // after the visits' stops
        app::VisitService& service = tc.clinic().visits();
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        const auto one = service.create(nurse, test::sample_visit()).value();
        REQUIRE(service.sign(nurse, one).value().signed_visit);
        core::Visit corrected = test::sample_visit(95);
        REQUIRE(service.amend(nurse, one, corrected, "stop time corrected").ok());
        core::Visit second = test::sample_visit();
        second.patient.id = "MRN-2002";
        const auto two = service.create(nurse, second).value();
        REQUIRE(service.sign(nurse, two).value().signed_visit);
        const storage::Actor supervisor{"sup.nakamura", "2026-03-03T10:00:00Z"};
        REQUIRE(db->reviews().add_site_care_note(two, {"", {"redness"}, 1, "small red patch"}, supervisor).ok());
        REQUIRE(db->reviews().countersign(two, "", supervisor).ok());
        app::ExportRequest request;
        request.out = dir.path() / "batch-1.csv";
        request.selection.from = std::chrono::year{2026} / 3 / 1;
        request.selection.to = std::chrono::year{2026} / 3 / 31;
        auto exported = app::write_export(db->billing(), test::repo_config(), request,
                                          {"billing.chen", "2026-04-01T12:00:00Z"}, {});
        REQUIRE_MESSAGE(exported.ok(), (exported.ok() ? "" : exported.error().describe()));
        REQUIRE(exported.value().batch);
        REQUIRE(db->check().value().ok);
    }

    // db check and audit verify, each on a fresh read-only connection: both must fail; returns the
    // findings of db check, joined.
    std::string failing_check() const {
        auto db = storage::SqliteDatabase::open(file, {.create_if_missing = false, .read_only = true}).value();
        const auto report = db->check().value();
        const auto verified = db->audit().verify().value();
        std::string text;
        for (const auto& f : report.findings) text += f + "\n";
        CHECK_MESSAGE(!report.ok, "db check passed a tampered database");
        CHECK_MESSAGE(!verified.ok, "audit verify passed a tampered database");
        MESSAGE(text);
        return text;
    }
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A forged amendment 2 of visit 1 with its units raised, sealed as the program would seal it.
constexpr const char* forged_amendment = R"SQL(
INSERT INTO revisions(visit_id, number, author, created_at, reason, patient_mrn, patient_name, patient_birth_date,
  patient_allergies, clinician, setting, time_zone)
SELECT visit_id, 2, 'rn.okafor', created_at, 'units corrected', patient_mrn, patient_name, patient_birth_date,
  patient_allergies, clinician, setting, time_zone FROM revisions WHERE visit_id = 1 AND number = 1;
INSERT INTO diagnoses SELECT visit_id, 2, ord, code FROM diagnoses WHERE visit_id = 1 AND revision = 1;
INSERT INTO substances SELECT visit_id, 2, ord, name, dose, unit, ndc, lot, wasted FROM substances
  WHERE visit_id = 1 AND revision = 1;
INSERT INTO billing_lines SELECT visit_id, 2, ord, kind, code, units + 40, modifiers, reason, description,
  revenue_code, ndc, ndc_unit, ndc_quantity, substance_ord, service_date FROM billing_lines
  WHERE visit_id = 1 AND revision = 1;
UPDATE revisions SET sealed = 1, signed_by = 'rn.okafor', signed_at = '2026-03-05T09:00:00Z', rules_version = r.rules_version,
  billable = r.billable, infusion_minutes = r.infusion_minutes, date_of_service = r.date_of_service, seal = r.seal
  FROM (SELECT * FROM revisions WHERE visit_id = 1 AND number = 1) AS r
  WHERE revisions.visit_id = 1 AND revisions.number = 2;
UPDATE visits SET current_revision = 2 WHERE id = 1;
)SQL";

}  // namespace

// The audit row a forger must add for a sealed row since schema 18, with the seal copied from amendment 1 (the
// chain's hashes made up: the forger's next obstacle is the chain, checked from the last clean check on).
constexpr const char* forged_audit_row = R"SQL(
INSERT INTO audit(at, actor, action, visit_id, detail, prev_hash, hash, subject, seal)
SELECT '2026-03-05T09:00:00Z', 'rn.okafor', 'amend', 1, 'amendment 2: units corrected',
  (SELECT hash FROM audit ORDER BY id DESC LIMIT 1), 'made-up', 'revision 1/2', seal
  FROM revisions WHERE visit_id = 1 AND number = 1;
)SQL";

TEST_CASE("attack 1: a forged amendment is refused by the triggers, and reported by db check behind them") {
    Record record;
    SUBCASE("with the triggers in place, the amendment alone is refused (schema 18)") {
        CHECK(has(shell(record.file, forged_amendment), "sealed only by signing or amending, with the audit row"));
        auto db = storage::SqliteDatabase::open(record.file).value();
        const auto visit = db->visits().load(1).value();
        // The shell went on past the refusal: revision 2 stayed, unsealed, and is not shown as the content.
        REQUIRE(visit.revisions.size() == 2);
        CHECK(visit.revisions.back().sealed);
        CHECK(visit.status == storage::VisitStatus::amended);
        // The leftover unsealed revision is named by the default check.
        const auto report = db->check().value();
        CHECK_FALSE(report.ok);
        CHECK(!report.findings.empty());
        CHECK(has(report.findings.empty() ? "" : report.findings.front(), "visit 1: its summary row"));
        return;
    }
    SUBCASE("after dropping the triggers") {
        REQUIRE(drop_all_triggers(record.file).empty());
        REQUIRE(shell(record.file, forged_amendment).empty());
        const auto text = record.failing_check();
        CHECK(has(text, "visit 1 amendment 2"));
        CHECK(has(text, "no audit row recorded it"));
    }
    SUBCASE("with the triggers in place and an audit row made up for its seal") {
        REQUIRE(shell(record.file, std::string(forged_audit_row) + forged_amendment).empty());
        // The default check (from its checkpoint), not only --full: the made-up row breaks the chain.
        const auto text = record.failing_check();
        CHECK(has(text, "audit"));
    }
}

TEST_CASE("attack 1: signed content edited after dropping the triggers no longer matches its seal") {
    Record record;
    REQUIRE(drop_all_triggers(record.file).empty());
    SUBCASE("a billing line's units") {
        REQUIRE(shell(record.file, "UPDATE billing_lines SET units = units + 10 WHERE visit_id = 2").empty());
    }
    SUBCASE("a substance's dose") {
        REQUIRE(shell(record.file, "UPDATE substances SET dose = dose * 2 WHERE visit_id = 2").empty());
    }
    SUBCASE("the revision row and its seal recomputed naively") {
        REQUIRE(shell(record.file, "UPDATE revisions SET clinician = 'someone.else', seal = NULL WHERE visit_id = 2")
                    .empty());
    }
    const auto text = record.failing_check();
    CHECK(has(text, "visit 2 (signed original)"));
}

TEST_CASE("attack 2: export lines cannot be deleted, and deleted behind the triggers they are reported") {
    Record record;
    CHECK(has(shell(record.file, "DELETE FROM export_items WHERE batch_id = 1"), "append-only"));
    CHECK(has(shell(record.file, "UPDATE export_items SET revision = 9"), "append-only"));
    CHECK(has(shell(record.file, "DELETE FROM export_batches"), "append-only"));
    CHECK(has(shell(record.file, "UPDATE export_batches SET line_count = 0"), "append-only"));
    {
        auto db = storage::SqliteDatabase::open(record.file).value();
        CHECK(db->check().value().ok);
    }
    REQUIRE(drop_all_triggers(record.file).empty());
    REQUIRE(shell(record.file, "DELETE FROM export_items WHERE batch_id = 1").empty());
    const auto text = record.failing_check();
    CHECK(has(text, "export batch 1"));
    CHECK(has(text, "trigger export_items_no_delete is missing"));
}

TEST_CASE("attack 4: dropped triggers are named, and a whole signed visit erased is reported") {
    Record record;
    SUBCASE("one trigger dropped") {
        REQUIRE(shell(record.file, "DROP TRIGGER revisions_sealed_update").empty());
        const auto text = record.failing_check();
        CHECK(
            has(text, "trigger revisions_sealed_update is missing (dropped: what it protects is no longer enforced)"));
    }
    SUBCASE("a trigger replaced by one that does nothing") {
        REQUIRE(shell(record.file,
                      "DROP TRIGGER audit_no_delete; CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
                      "WHEN 0 BEGIN SELECT 1; END")
                    .empty());
        CHECK(has(record.failing_check(), "trigger audit_no_delete differs"));
    }
    SUBCASE("an index dropped and a trigger added") {
        REQUIRE(shell(record.file,
                      "DROP INDEX visits_by_date; CREATE TRIGGER quiet AFTER INSERT ON visits BEGIN SELECT 1; END")
                    .empty());
        const auto text = record.failing_check();
        // A plain index enforces nothing: its loss is named as what it is, slower reads, not a breach.
        CHECK(has(text, "index visits_by_date is missing (dropped: nothing is lost or let through without it"));
        CHECK_FALSE(has(text, "visits_by_date is missing (dropped: what it protects"));
        CHECK(has(text, "trigger quiet is not part of the program's schema"));
    }
    SUBCASE("visit 2 erased with all its rows") {
        REQUIRE(drop_all_triggers(record.file).empty());
        REQUIRE(shell(record.file,
                      "PRAGMA foreign_keys = OFF;"
                      "DELETE FROM export_items WHERE visit_id = 2; DELETE FROM countersignatures WHERE visit_id = 2;"
                      "DELETE FROM site_care_notes WHERE visit_id = 2; DELETE FROM review_state WHERE visit_id = 2;"
                      "DELETE FROM billing_lines WHERE visit_id = 2; DELETE FROM problems WHERE visit_id = 2;"
                      "DELETE FROM intervals WHERE visit_id = 2; DELETE FROM notes WHERE visit_id = 2;"
                      "DELETE FROM sites WHERE visit_id = 2; DELETE FROM pauses WHERE visit_id = 2;"
                      "DELETE FROM pump_setups WHERE visit_id = 2; DELETE FROM substances WHERE visit_id = 2;"
                      "DELETE FROM diagnoses WHERE visit_id = 2; DELETE FROM revisions WHERE visit_id = 2;"
                      "DELETE FROM visits WHERE id = 2;")
                    .empty());
        const auto text = record.failing_check();
        CHECK(has(text, "recorded revision 2/0, which is no longer in the database"));
        CHECK(has(text, "recorded countersignature 2"));
    }
}

TEST_CASE("attack 4: the last audit row deleted is reported from the head file, before anything is written") {
    Record record;
    REQUIRE(shell(record.file,
                  "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = (SELECT max(id) FROM audit);"
                  "DELETE FROM sqlite_sequence WHERE name = 'audit';"
                  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
                  "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;")
                .empty());
    const auto head_before = test::file_bytes(storage::SqliteDatabase::open(record.file).value()->chain_head_file());
    {
        // A later change (a sign-in, a view) takes the freed row number: the head file still tells.
        auto db = storage::SqliteDatabase::open(record.file).value();
        REQUIRE(db->audit().record("sign-in", std::nullopt, "someone", test::actor("admin")).ok());
        CHECK(test::file_bytes(db->chain_head_file()) == head_before);  // the evidence is kept
    }
    const auto text = record.failing_check();
    CHECK(has(text, "is not the row that was written"));
}

TEST_CASE("attack 4: a missing head file is reported") {
    Record record;
    std::filesystem::remove(storage::SqliteDatabase::open(record.file).value()->chain_head_file());
    CHECK(has(record.failing_check(), "head file"));
}

TEST_CASE(
    "attack 5: a countersignature, note or review state without its audit row is refused, behind the triggers "
    "reported") {
    core::Visit third = test::sample_visit();
    Record record;
    {
        auto db = storage::SqliteDatabase::open(record.file).value();
        test::TestClinic tc("2026-03-02T18:00:00Z", *db, test::repo_config());
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        third.patient.id = "MRN-3003";
        const auto id = tc.clinic().visits().create(nurse, third).value();
        REQUIRE(id == 3);
        REQUIRE(tc.clinic().visits().sign(nurse, id).value().signed_visit);
    }
    const std::string forged_countersignature =
        "INSERT INTO countersignatures(visit_id, revision, supervisor, at) "
        "VALUES (3, 0, 'sup.nakamura', '2026-03-04T10:00:00Z');"
        "UPDATE review_state SET state = 'countersigned' WHERE visit_id = 3";
    SUBCASE("a countersignature") {
        // Refused with the triggers in place (schema 18: no audit row records its seal).
        CHECK(has(shell(record.file, forged_countersignature), "countersignature is recorded only with the audit row"));
        REQUIRE(
            shell(record.file, "DROP TRIGGER countersignatures_with_audit_row; " + forged_countersignature).empty());
        CHECK(has(record.failing_check(),
                  "the countersignature of visit 3 (revision 0) is sealed but no audit row recorded it"));
    }
    SUBCASE("review_state = countersigned alone") {
        // Refused with the triggers in place (schema 17); with them dropped, db check finds the edit.
        CHECK(shell(record.file, "UPDATE review_state SET state = 'countersigned' WHERE visit_id = 3")
                  .find("needs its countersignature") != std::string::npos);
        REQUIRE(shell(record.file,
                      "DROP TRIGGER review_state_update_supported; "
                      "UPDATE review_state SET state = 'countersigned' WHERE visit_id = 3")
                    .empty());
        CHECK(has(record.failing_check(), "visit 3 is listed for review as 'countersigned'"));
    }
    SUBCASE("a site-care note") {
        const std::string forged_note =
            "INSERT INTO site_care_notes(visit_id, author, at, grade, text) "
            "VALUES (3, 'sup.nakamura', '2026-03-04T10:00:00Z', 0, 'fine')";
        CHECK(has(shell(record.file, forged_note), "site-care note is recorded only with the audit row"));
        REQUIRE(shell(record.file, "DROP TRIGGER site_care_notes_with_audit_row; " + forged_note).empty());
        CHECK(has(record.failing_check(), "site-care note 2 of visit 3"));
    }
}

TEST_CASE("an untouched record checks clean, and a signed visit's status set back to draft is reported") {
    Record record;
    REQUIRE(drop_all_triggers(record.file).empty());
    REQUIRE(shell(record.file, "UPDATE visits SET status = 'draft' WHERE id = 2").empty());
    CHECK(has(record.failing_check(), "visit 2: its summary row"));
}

TEST_CASE("a signed visit's summary date, clinician or patient changed with the shell is reported") {
    // Found from outside: both checks passed a signed visit whose summary date of service was moved to
    // 2020 (it left the export's range, never billed) or whose clinician was changed (another nurse's list).
    for (const std::string edit : {"UPDATE visits SET date_of_service = '2020-01-01' WHERE id = 2",
                                   "UPDATE visits SET clinician = 'rn.haddad' WHERE id = 2",
                                   "UPDATE visits SET patient_id = (SELECT patient_id FROM visits WHERE id = 1) "
                                   "WHERE id = 2"}) {
        CAPTURE(edit);
        Record record;
        REQUIRE(drop_all_triggers(record.file).empty());
        REQUIRE(shell(record.file, edit).empty());
        CHECK(has(record.failing_check(), "visit 2: its summary row"));
    }
}
