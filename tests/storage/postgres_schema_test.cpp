// The PostgreSQL backend's schema on a throwaway server (pg_fixture.hpp): versioned migrations, the
// owner and application roles, triggers that hold whoever runs the SQL, and db check naming what was
// changed behind the program's back.
#include "storage/pg_fixture.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/schema.hpp"
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <thread>

using namespace infusion;
using test::open_pg;

namespace {

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

// A draft visit with one diagnosis, written with SQL as the owner would, then signed (sealed).
constexpr const char* signed_visit_sql =
    "INSERT INTO patients(id, mrn) VALUES (1, 'MRN1');"
    "INSERT INTO visits(id, patient_id, status, created_by, created_at, updated_at) "
    "VALUES (1, 1, 'draft', 'rn.okafor', '2026-03-02T15:00:00Z', '2026-03-02T15:00:00Z');"
    "INSERT INTO revisions(visit_id, number, author, created_at, patient_mrn) "
    "VALUES (1, 0, 'rn.okafor', '2026-03-02T15:00:00Z', 'MRN1');"
    "INSERT INTO diagnoses(visit_id, revision, ord, code) VALUES (1, 0, 0, 'D80.1');"
    // Schema 18: a revision is sealed only when the chain records its seal (not a chain that verifies:
    // these tests are about the triggers).
    "INSERT INTO audit(id, at, actor, action, visit_id, prev_hash, hash, subject, seal) VALUES (1000, "
    "'2026-03-02T15:00:00Z', 'rn.okafor', 'sign', 1, 'fixture', 'fixture', 'revision 1/0', 'fixture-seal');"
    "UPDATE revisions SET sealed = 1, signed_by = 'rn.okafor', seal = 'fixture-seal' WHERE visit_id = 1;"
    "UPDATE visits SET status = 'signed' WHERE id = 1;";

// The TRUNCATE guards version 11 adds, (trigger, table), read from the migration's own SQL.
std::vector<std::pair<std::string, std::string>> truncate_guards() {
    std::vector<std::pair<std::string, std::string>> guards;
    for (const auto& m : storage::pg::migrations()) {
        if (m.version != 11) continue;
        const std::string sql(m.sql);
        const std::regex guard(R"(CREATE TRIGGER (\w+) BEFORE TRUNCATE ON (\w+))");
        for (auto it = std::sregex_iterator(sql.begin(), sql.end(), guard); it != std::sregex_iterator(); ++it) {
            guards.emplace_back((*it)[1].str(), (*it)[2].str());
        }
    }
    REQUIRE(guards.size() == 15);  // visits, revisions, ten content tables, the three review tables
    return guards;
}

}  // namespace

TEST_CASE("postgresql: the owner creates the schema at the current version, reopening migrates nothing") {
    test::PgTestDatabase pg;
    {
        auto db = open_pg(pg.url());
        CHECK(db->schema_version() == 24);
        CHECK(db->schema_version() == storage::schema::current_version());  // the same number as SQLite's
        CHECK(db->where().find(pg.name()) != std::string::npos);
    }
    // PostgreSQL's first migration is SQLite's 8 at once; 9 to 19 follow under SQLite's numbers.
    CHECK(pg.exec("SELECT 1 FROM schema_version WHERE version = 8") == "");
    CHECK(pg.exec("DO $$ BEGIN IF (SELECT array_agg(version ORDER BY version) FROM schema_version) <> "
                  "ARRAY[8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24] THEN RAISE EXCEPTION "
                  "'versions'; END "
                  "IF; END $$") == "");
    auto again = open_pg(pg.url());
    CHECK(again->schema_version() == storage::pg::current_version());
    const auto report = again->check().value();
    CHECK_MESSAGE(report.ok, (report.findings.empty() ? "" : report.findings.front()));
}

TEST_CASE("postgresql: four workstations starting at once on an empty database migrate it once") {
    test::PgTestDatabase pg;
    std::vector<std::string> errors(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < 4; ++i) {
        threads.emplace_back([&, i] {
            auto db = storage::PostgresDatabase::open(pg.url());
            if (!db.ok()) errors[i] = db.error().describe();
        });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) CHECK(e == "");
    auto db = open_pg(pg.url());
    CHECK(db->check().value().ok);
}

TEST_CASE("postgresql: the application role cannot create the schema and is told who can") {
    test::PgTestDatabase pg;
    auto db = storage::PostgresDatabase::open(pg.url("infusiondoc_app"));
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().message.find("only the owner role may do") != std::string::npos);
    CHECK(db.error().message.find("'infusiondoc_app'") != std::string::npos);
    // Nothing half-made: the owner still finds an empty database and creates it whole.
    CHECK(open_pg(pg.url())->schema_version() == storage::pg::current_version());
    CHECK(open_pg(pg.url("infusiondoc_app"))->schema_version() == storage::pg::current_version());
}

TEST_CASE("postgresql: a database from a newer program, another program's schema and a bad server are refused") {
    SUBCASE("newer") {
        test::PgTestDatabase pg;
        open_pg(pg.url());
        REQUIRE(pg.exec("INSERT INTO schema_version(version) VALUES (99)") == "");
        auto db = storage::PostgresDatabase::open(pg.url());
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().message.find("newer InfusionDoc (schema 99") != std::string::npos);
    }
    SUBCASE("foreign schema") {
        test::PgTestDatabase pg;
        REQUIRE(pg.exec("CREATE SCHEMA infusiondoc; CREATE TABLE infusiondoc.visits(x int)") == "");
        auto db = storage::PostgresDatabase::open(pg.url());
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().message.find("not made by InfusionDoc") != std::string::npos);
        CHECK(pg.exec("SELECT x FROM visits") == "");  // left as it was
    }
    SUBCASE("no such server") {
        auto db = storage::PostgresDatabase::open("host=/nonexistent-socket-folder dbname=x user=y");
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().message.find("could not be reached") != std::string::npos);
        CHECK(db.error().kind == core::ErrorKind::io);
    }
    SUBCASE("a server that answers and refuses, or a connection string that is not one") {
        // Each said as what it is: all three read "the server could not be reached" (found from outside).
        test::PgTestDatabase pg;
        auto missing = storage::PostgresDatabase::open(pg.url() + " dbname=no_such_database_here");
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().message.find("the server has no such database or role") != std::string::npos);
        auto role = storage::PostgresDatabase::open(pg.url() + " user=no_such_role_here");
        REQUIRE_FALSE(role.ok());
        CHECK(role.error().message.find("the server has no such database or role") != std::string::npos);
        auto garbled = storage::PostgresDatabase::open("hostx=/tmp dbname=x");
        REQUIRE_FALSE(garbled.ok());
        CHECK(garbled.error().message.find("the connection string is not valid") != std::string::npos);
    }
    SUBCASE("read-only opening of an empty database") {
        test::PgTestDatabase pg;
        storage::OpenOptions read_only;
        read_only.read_only = true;
        auto db = storage::PostgresDatabase::open(pg.url(), read_only);
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().message.find("no InfusionDoc schema") != std::string::npos);
    }
}

TEST_CASE("postgresql: the application role may not UPDATE, DELETE or TRUNCATE the audit and export tables") {
    test::PgTestDatabase pg;
    auto db = open_pg(pg.url());
    REQUIRE(db->audit().record("view", std::nullopt, "first", test::actor()).ok());
    // Schema 18: a batch is recorded only when the chain records its seal (a made-up row will do here).
    REQUIRE(pg.exec("INSERT INTO audit(id, at, actor, action, prev_hash, hash, subject, seal) VALUES (1000, "
                    "'2026-03-02T15:00:00Z', 'biller', 'export', 'fixture-prev', 'fixture', 'export-batch 1', 'b1');"
                    "INSERT INTO export_batches(id, created_at, created_by, format, seal) "
                    "VALUES (1, '2026-03-02T15:00:00Z', 'biller', 'csv', 'b1')") == "");
    const std::vector<std::pair<std::string, std::string>> tables{{"audit", "detail"},
                                                                  {"export_batches", "created_by"},
                                                                  {"export_items", "kind"},
                                                                  {"export_deliveries", "path"},
                                                                  {"database_facts", "value"}};
    for (const auto& [table, column] : tables) {
        CAPTURE(table);
        CHECK(starts_with(pg.exec("UPDATE " + table + " SET " + column + " = 'x'", "infusiondoc_app"), "42501"));
        CHECK(starts_with(pg.exec("DELETE FROM " + table, "infusiondoc_app"), "42501"));
        CHECK(starts_with(pg.exec("TRUNCATE " + table + " CASCADE", "infusiondoc_app"), "42501"));
    }
    // What the program does need, it has: reading and appending.
    CHECK(pg.exec("SELECT count(*) FROM audit", "infusiondoc_app") == "");
    auto as_app = open_pg(pg.url("infusiondoc_app"));
    REQUIRE(as_app->audit().record("view", std::nullopt, "second", test::actor()).ok());
    CHECK(as_app->audit().verify().value().audit_rows == 3);  // with the made-up row of the batch
}

TEST_CASE("postgresql: triggers keep the audit log append-only and signed content unchanged, even for the owner") {
    test::PgTestDatabase pg;
    auto db = open_pg(pg.url());
    REQUIRE(db->audit().record("view", std::nullopt, "first", test::actor()).ok());
    CHECK(pg.exec("UPDATE audit SET detail = 'forged'") == "P0001 the audit log is append-only");
    CHECK(pg.exec("DELETE FROM audit") == "P0001 the audit log is append-only");
    CHECK(pg.exec("TRUNCATE audit") == "P0001 the audit log is append-only");

    REQUIRE(pg.exec(signed_visit_sql) == "");
    const std::string sealed = "P0001 signed visit content cannot be changed: add an amendment";
    CHECK(pg.exec("UPDATE diagnoses SET code = 'E86.0'") == sealed);
    CHECK(pg.exec("DELETE FROM diagnoses") == sealed);
    CHECK(pg.exec("INSERT INTO diagnoses(visit_id, revision, ord, code) VALUES (1, 0, 1, 'E86.0')") == sealed);
    CHECK(pg.exec("UPDATE revisions SET clinician = 'someone else'") == sealed);
    CHECK(pg.exec("UPDATE visits SET status = 'draft'") == sealed);
    CHECK(pg.exec("DELETE FROM visits") == "P0001 a signed visit cannot be deleted");
    CHECK(pg.exec("INSERT INTO revisions(visit_id, number, author, created_at, patient_mrn, sealed) "
                  "VALUES (1, 1, 'x', 'x', 'MRN1', 1)") ==
          "P0001 a revision is sealed by signing, not inserted sealed");
    // The summary row moves forward only onto a sealed amendment (schema 17): an unsealed revision is
    // not one, and an amendment is sealed by the program, never inserted sealed (above).
    CHECK(pg.exec("INSERT INTO revisions(visit_id, number, author, created_at, patient_mrn) "
                  "VALUES (1, 1, 'rn.okafor', '2026-03-03T10:00:00Z', 'MRN1');"
                  "UPDATE visits SET current_revision = 1, status = 'amended' WHERE id = 1") ==
          "P0001 a signed visit moves to a new revision only by its sealed amendment");
    const std::string queue_row =
        "INSERT INTO review_state(visit_id, date_of_service, clinician, patient_id, flags, priority, state) "
        "VALUES (1, '2026-03-02', 'rn.okafor', (SELECT patient_id FROM visits WHERE id = 1), 0, 0, ";
    CHECK(pg.exec(queue_row + "'countersigned')") ==
          "P0001 a review state needs its countersignature or open correction request");
    REQUIRE(pg.exec(queue_row + "'pending')") == "");
    CHECK(pg.exec("UPDATE review_state SET state = 'correction'") ==
          "P0001 a review state needs its countersignature or open correction request");
    CHECK(pg.exec("DELETE FROM review_state") == "P0001 a signed visit stays in the review record");
    // Schema 18: a sealed row only with the audit row of its seal, a visit signed only onto a sealed revision.
    REQUIRE(pg.exec("INSERT INTO visits(id, patient_id, status, created_by, created_at, updated_at) "
                    "VALUES (3, 1, 'draft', 'rn.okafor', '2026-03-02T15:00:00Z', '2026-03-02T15:00:00Z');"
                    "INSERT INTO revisions(visit_id, number, author, created_at, patient_mrn) "
                    "VALUES (3, 0, 'rn.okafor', '2026-03-02T15:00:00Z', 'MRN1')") == "");
    CHECK(pg.exec("UPDATE revisions SET sealed = 1, seal = 'x' WHERE visit_id = 3") ==
          "P0001 a revision is sealed only by signing or amending, with the audit row of its seal");
    CHECK(pg.exec("UPDATE visits SET status = 'signed' WHERE id = 3") ==
          "P0001 a visit is signed only by sealing its revision");
    CHECK(pg.exec("INSERT INTO visits(id, patient_id, status, created_by, created_at, updated_at) "
                  "VALUES (4, 1, 'signed', 'rn.okafor', '2026-03-02T15:00:00Z', '2026-03-02T15:00:00Z');"
                  "INSERT INTO revisions(visit_id, number, author, created_at, patient_mrn) "
                  "VALUES (4, 0, 'rn.okafor', '2026-03-02T15:00:00Z', 'MRN1')") ==
          "P0001 a visit is signed only by sealing its revision");  // checked at the commit
    CHECK(pg.exec("INSERT INTO countersignatures(visit_id, revision, supervisor, at, seal) "
                  "VALUES (1, 0, 'sup.nakamura', '2026-03-04T10:00:00Z', 'x')") ==
          "P0001 a countersignature is recorded only with the audit row of its seal");
    CHECK(pg.exec("INSERT INTO site_care_notes(visit_id, author, at, grade, seal) "
                  "VALUES (1, 'sup.nakamura', '2026-03-04T10:00:00Z', 0, 'x')") ==
          "P0001 a site-care note is recorded only with the audit row of its seal");
    CHECK(pg.exec("INSERT INTO export_batches(id, created_at, created_by, format, seal) "
                  "VALUES (1, '2026-03-02T15:00:00Z', 'biller', 'csv', 'x')") ==
          "P0001 an export batch is recorded only with the audit row of its seal");
    // Schema 19: a delivery and a correction request only with their audit rows.
    REQUIRE(pg.exec("INSERT INTO audit(id, at, actor, action, prev_hash, hash, subject, seal) VALUES (1001, "
                    "'2026-03-02T16:00:00Z', 'biller', 'export', 'fixture-2', 'fixture', 'export-batch 1', 'b1');"
                    "INSERT INTO export_batches(id, created_at, created_by, format, seal) "
                    "VALUES (1, '2026-03-02T16:00:00Z', 'biller', 'csv', 'b1')") == "");
    CHECK(pg.exec("INSERT INTO export_deliveries(batch_id, at, delivered_by, path, sha256) "
                  "VALUES (1, '2026-04-01T12:00:00Z', 'biller', '/tmp/never.csv', 'x')") ==
          "P0001 a delivery is recorded only with its audit row");
    CHECK(pg.exec("INSERT INTO correction_requests(visit_id, revision, requested_by, at, reason) "
                  "VALUES (1, 0, 'sup.nakamura', '2026-03-04T10:00:00Z', 'forged')") ==
          "P0001 a correction request is recorded only with its audit row");
    // What the triggers allowed is still not the program's: db check recomputes the seals and says so.
    const auto report = db->check().value();
    CHECK_FALSE(report.ok);
    std::string findings;
    for (const auto& f : report.findings) findings += f + "\n";
    CHECK(findings.find("visit 1 (signed original)") != std::string::npos);
}

// Version 11: row triggers do not fire on TRUNCATE, so each table whose rows are protected refuses it
// as a statement. Before, the owner could empty a signed visit's billing lines or the review record in
// one statement that no trigger saw.
TEST_CASE("postgresql: not even the owner can TRUNCATE a visit's content or the review record") {
    test::PgTestDatabase pg;
    auto db = open_pg(pg.url());
    REQUIRE(pg.exec(signed_visit_sql) == "");
    const std::string content = "P0001 signed visit content cannot be deleted: TRUNCATE is refused";
    // Tables no other table references: a plain TRUNCATE reaches the trigger, whose message is shown.
    CHECK(pg.exec("TRUNCATE diagnoses") == content);
    CHECK(pg.exec("TRUNCATE billing_lines") == content);
    CHECK(pg.exec("TRUNCATE intervals") == content);
    CHECK(pg.exec("TRUNCATE problems") == content);
    CHECK(pg.exec("TRUNCATE notes") == content);
    CHECK(pg.exec("TRUNCATE site_care_notes") == "P0001 site-care notes are append-only");
    CHECK(pg.exec("TRUNCATE countersignatures") == "P0001 a countersignature cannot be changed");
    CHECK(pg.exec("TRUNCATE correction_requests") == "P0001 a correction request cannot be deleted");
    // With CASCADE every referencing table is truncated too, and each refuses: the first one stops it.
    CHECK(starts_with(pg.exec("TRUNCATE patients CASCADE"), "P0001 "));
    for (const auto& [trigger, table] : truncate_guards()) {
        CAPTURE(table);
        CHECK(starts_with(pg.exec("TRUNCATE " + table + " CASCADE"), "P0001 "));
    }
    // And no table whose rows a trigger keeps from DELETE is left without a TRUNCATE guard.
    CHECK(
        pg.exec("DO $$ DECLARE unguarded text; BEGIN "
                "SELECT string_agg(c.relname, ', ' ORDER BY c.relname) INTO unguarded FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'infusiondoc' "
                "AND EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal "
                "AND t.tgtype & 1 = 1 AND t.tgtype & 8 = 8) "  // a row trigger on DELETE
                "AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgtype & 32 = 32); "
                "IF unguarded IS NOT NULL THEN RAISE EXCEPTION 'no TRUNCATE guard on %', unguarded; END IF; END $$") ==
        "");
    // Nothing is gone.
    CHECK(pg.exec("DO $$ BEGIN IF (SELECT count(*) FROM visits) <> 1 OR (SELECT count(*) FROM revisions) <> 1 "
                  "OR (SELECT count(*) FROM diagnoses) <> 1 THEN RAISE EXCEPTION 'rows gone'; END IF; END $$") == "");
}

TEST_CASE("postgresql: a version 10 database gains the TRUNCATE guards when the owner opens it") {
    test::PgTestDatabase pg;
    open_pg(pg.url());
    // Back to what version 10 made: the guards gone, the version row with them.
    for (const auto& [trigger, table] : truncate_guards()) {
        REQUIRE(pg.exec("DROP TRIGGER " + trigger + " ON " + table) == "");
    }
    REQUIRE(pg.exec("DELETE FROM schema_version WHERE version >= 11") == "");
    REQUIRE(pg.exec("ALTER TABLE revisions DROP COLUMN content_digest") == "");       // version 14's column
    REQUIRE(pg.exec("ALTER TABLE revisions DROP COLUMN content_rest_digest") == "");  // version 24's
    REQUIRE(pg.exec("DROP INDEX visits_unsigned; "  // version 16's index, and the one it replaced
                    "CREATE INDEX visits_by_status ON visits(status, date_of_service DESC, id DESC)") == "");
    REQUIRE(pg.exec("DROP FUNCTION refresh_export_statistics()") == "");                               // version 23's
    REQUIRE(pg.exec("DROP TRIGGER correction_requests_resolved_by_amendment ON correction_requests; "  // version 21's
                    "DROP FUNCTION refuse_unanswered_resolution()") == "");
    REQUIRE(pg.exec("DROP TRIGGER export_deliveries_with_audit_row ON export_deliveries; "  // version 19's
                    "DROP FUNCTION refuse_unaudited_delivery(); "
                    "DROP TRIGGER correction_requests_with_audit_row ON correction_requests; "
                    "DROP FUNCTION refuse_unaudited_correction_request()") == "");
    REQUIRE(pg.exec("DROP TRIGGER revisions_sealed_with_audit_row ON revisions; "  // version 18's triggers
                    "DROP TRIGGER countersignatures_with_audit_row ON countersignatures; "
                    "DROP TRIGGER site_care_notes_with_audit_row ON site_care_notes; "
                    "DROP TRIGGER export_batches_with_audit_row ON export_batches; "
                    "DROP FUNCTION refuse_unaudited_seal(); DROP TRIGGER visits_signed_onto_sealed ON visits; "
                    "DROP TRIGGER visits_inserted_signed ON visits; DROP FUNCTION refuse_signed_unsealed()") == "");
    REQUIRE(pg.exec("DROP TRIGGER export_items_recorded_batch ON export_items; "  // version 17's triggers
                    "DROP FUNCTION refuse_lines_of_recorded_batch(); "
                    "DROP TRIGGER visits_revision_sealed ON visits; DROP FUNCTION refuse_unsealed_revision(); "
                    "DROP TRIGGER review_state_supported ON review_state; "
                    "DROP FUNCTION refuse_unsupported_review_state(); "
                    "DROP TRIGGER review_state_no_delete ON review_state; "
                    "DROP TRIGGER review_state_no_truncate ON review_state; "
                    "ALTER TABLE export_items ALTER CONSTRAINT export_items_batch_id_fkey NOT DEFERRABLE") == "");
    CHECK(pg.exec("TRUNCATE diagnoses") == "");  // the hole version 11 closes
    // The application role cannot upgrade it, and says who can; the owner does.
    auto as_app = storage::PostgresDatabase::open(pg.url("infusiondoc_app"));
    REQUIRE_FALSE(as_app.ok());
    CHECK(as_app.error().message.find("only the owner role may do") != std::string::npos);
    auto upgraded = open_pg(pg.url());
    CHECK(upgraded->schema_version() == storage::schema::current_version());
    CHECK(pg.exec("TRUNCATE diagnoses") == "P0001 signed visit content cannot be deleted: TRUNCATE is refused");
    const auto report = upgraded->check().value();
    CHECK_MESSAGE(report.ok, (report.findings.empty() ? "" : report.findings.front()));
}

TEST_CASE("postgresql: db check names a dropped, disabled or added trigger, an altered function and a wide grant") {
    test::PgTestDatabase pg;
    auto db = open_pg(pg.url());
    REQUIRE(db->check().value().ok);
    const auto findings = [&](const std::string& sql) {
        REQUIRE(pg.exec(sql) == "");
        const auto report = db->check().value();
        CHECK_FALSE(report.ok);
        std::string all;
        for (const auto& f : report.findings) all += f + "\n";
        return all;
    };
    SUBCASE("dropped") {
        CHECK(findings("DROP TRIGGER audit_append_only ON audit")
                  .find("trigger audit_append_only is missing from the schema (dropped)") != std::string::npos);
    }
    SUBCASE("disabled") {
        CHECK(findings("ALTER TABLE audit DISABLE TRIGGER audit_append_only")
                  .find("trigger audit_append_only is disabled") != std::string::npos);
    }
    SUBCASE("added") {
        CHECK(findings("CREATE TRIGGER sneaky BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION refuse('x')")
                  .find("trigger sneaky is not one of InfusionDoc's (added)") != std::string::npos);
    }
    SUBCASE("function altered") {
        CHECK(findings("CREATE OR REPLACE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; "
                       "END $$")
                  .find("function refuse was altered") != std::string::npos);
    }
    SUBCASE("granted too much") {
        CHECK(findings("GRANT DELETE ON audit TO infusiondoc_app")
                  .find("the application role infusiondoc_app may DELETE the append-only table audit") !=
              std::string::npos);
    }
    SUBCASE("table dropped") {
        CHECK(findings("DROP TABLE export_deliveries").find("table export_deliveries is missing") != std::string::npos);
    }
}

TEST_CASE("postgresql: a read-only opening reads, and refuses every write with a message saying so") {
    test::PgTestDatabase pg;
    REQUIRE(open_pg(pg.url())->audit().record("view", std::nullopt, "written", test::actor()).ok());
    storage::OpenOptions read_only;
    read_only.read_only = true;
    auto db = open_pg(pg.url("infusiondoc_app"), read_only);
    CHECK(db->read_only());
    CHECK(db->audit().entries({}).value().size() == 1);
    const auto refused = db->audit().record("view", std::nullopt, "not written", test::actor());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == core::ErrorKind::refused);
    CHECK(refused.error().message.find("read-only") != std::string::npos);
    CHECK_FALSE(db->users().create({"rn.okafor", "Okafor", {"nurse"}, "hash", false}, test::actor()).ok());
    CHECK_FALSE(db->facts().record("kind", "demo", true, test::actor()).ok());
    CHECK(db->audit().verify().value().audit_rows == 1);
}
