// Visits on PostgreSQL (issue 14): what only a shared server shows, beside the contract tests that run on
// both backends (visit_store_contract_test.cpp, draft_conflict_test.cpp). Eight saves from one version at
// the same moment land once; signed rows refuse every change, even by the
// owner; a signature seals the same content to the same hash as on SQLite; db check recomputes the seals.
#include "storage/pg_fixture.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"

#include "app/visit_service.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

using namespace infusion;
using core::ErrorKind;
using test::open_pg;

namespace {

storage::SignedCoding coding_of(const core::Visit& v) { return app::signed_coding(v, test::repo_config()); }

std::size_t audited(storage::Database& db, const std::string& action) {
    storage::AuditFilter f;
    f.action = action;
    return db.audit().entries(f).value().size();
}

std::string all_findings(const storage::CheckReport& report) {
    std::string all;
    for (const auto& f : report.findings) all += f + "\n";
    return all;
}

// A fresh server (migrated by its owner), the application role's connection, and one visit signed
// through it.
struct OneSignedVisit {
    test::PgTestDatabase pg;
    std::unique_ptr<storage::PostgresDatabase> owner = open_pg(pg.url());
    std::unique_ptr<storage::PostgresDatabase> db = open_pg(pg.url("infusiondoc_app"));
    const core::Visit v = test::sample_visit();
    const storage::VisitId id = db->visits().create_draft(v, test::actor()).value();
    OneSignedVisit() { REQUIRE(db->visits().sign(id, 1, coding_of(v), test::actor()).ok()); }
};

}  // namespace

TEST_CASE("postgresql: eight workstations saving one draft from the same version at once, exactly one lands") {
    test::PgTestDatabase pg;
    open_pg(pg.url());
    const auto id =
        open_pg(pg.url("infusiondoc_app"))->visits().create_draft(test::sample_visit(), test::actor()).value();
    std::vector<std::unique_ptr<storage::PostgresDatabase>> stations;
    for (int i = 0; i < 8; ++i) stations.push_back(open_pg(pg.url("infusiondoc_app")));
    std::atomic<int> landed{0}, conflicts{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            core::Visit v = test::sample_visit();
            v.notes.push_back({std::nullopt, core::NoteKind::monitoring, "from station " + std::to_string(i)});
            const auto saved = stations[static_cast<std::size_t>(i)]->visits().save_draft(
                id, 1, v, test::actor("rn.station" + std::to_string(i)));
            if (saved.ok()) {
                ++landed;
            } else if (saved.error().kind == ErrorKind::conflict) {
                ++conflicts;
            } else {
                ++other;
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(landed == 1);
    CHECK(conflicts == 7);
    CHECK(other == 0);
    auto db = open_pg(pg.url("infusiondoc_app"));
    const auto now = db->visits().load(id).value();
    CHECK(now.version == 2);
    CHECK(now.current().content.notes.back().text == "from station " + now.changed_by.substr(10));
    CHECK(audited(*db, "change") == 1);
    CHECK(db->check().value().ok);
}

TEST_CASE_FIXTURE(OneSignedVisit,
                  "postgresql: a signed visit's rows refuse every change, even by the owner with psql") {
    const std::string refused = "P0001 signed visit content cannot be changed: add an amendment";
    const std::string visit = std::to_string(id);
    for (const std::string& sql :
         {std::string("UPDATE diagnoses SET code = 'X'"), std::string("DELETE FROM billing_lines"),
          std::string("UPDATE substances SET lot = 'FORGED'"), std::string("UPDATE intervals SET ord = 9"),
          "INSERT INTO vials(visit_id, revision, substance_ord, ord, lot) VALUES (" + visit + ", 0, 0, 9, 'X')",
          "INSERT INTO problems(visit_id, revision, ord, severity, code) VALUES (" + visit + ", 0, 9, 'warning', 'x')",
          std::string("UPDATE revisions SET clinician = 'rn.other'"),
          std::string("UPDATE visits SET clinician = 'rn.other'")}) {
        CAPTURE(sql);
        CHECK(pg.exec(sql) == refused);
    }
    CHECK(pg.exec("DELETE FROM visits") == "P0001 a signed visit cannot be deleted");
    CHECK(pg.exec("UPDATE revision_flags SET flags = 0") ==
          "P0001 the review flags of a signed revision cannot be changed");
    CHECK(pg.exec("DELETE FROM revision_flags") == "P0001 the review flags of a signed revision cannot be changed");
    const auto draft = db->visits().create_draft(v, test::actor()).value();
    CHECK(pg.exec("INSERT INTO revision_flags(visit_id, revision, flags, long_infusion_minutes) VALUES (" +
                  std::to_string(draft) + ", 0, 0, 240)") ==
          "P0001 review flags are stored for a signed revision only");
    // The application role cannot rewrite the flags at all.
    CHECK(pg.exec("DELETE FROM revision_flags", "infusiondoc_app").rfind("42501", 0) == 0);
    CHECK(db->visits().load(id).value().current().content.diagnoses == v.diagnoses);
    CHECK(db->check().value().ok);
}

TEST_CASE("postgresql: a signature seals the same content to the same hash as on SQLite") {
    test::PgTestDatabase pg;
    open_pg(pg.url());
    auto on_pg = open_pg(pg.url("infusiondoc_app"));
    auto on_sqlite = storage::SqliteDatabase::open_in_memory().value();
    core::Visit v = test::sample_visit(97);
    v.substances[0].dose = 0.1 + 0.2;  // a real that needs all 17 digits to arrive unchanged
    v.pump_setups[0].sites[1].prepped.reset();
    std::vector<std::string> seals;
    for (storage::Database* db :
         {static_cast<storage::Database*>(on_sqlite.get()), static_cast<storage::Database*>(on_pg.get())}) {
        const auto id = db->visits().create_draft(v, test::actor("rn.okafor", "2026-03-02T15:00:00Z")).value();
        REQUIRE(db->visits().sign(id, 1, coding_of(v), test::actor("rn.okafor", "2026-03-02T15:30:00Z")).ok());
        REQUIRE(db->visits()
                    .amend(id, 2, v, "lot corrected", coding_of(v), test::actor("rn.okafor", "2026-03-02T16:00:00Z"))
                    .ok());
        CHECK(db->visits().load(id).value().current().content.substances[0].dose == 0.1 + 0.2);
        storage::AuditFilter f;
        f.visit_id = id;
        for (const auto& row : db->audit().entries(f).value()) {
            if (!row.seal.empty()) seals.push_back(row.subject + " " + row.seal);
        }
    }
    REQUIRE(seals.size() == 4);
    CHECK(seals[0] == seals[2]);
    CHECK(seals[1] == seals[3]);
}

TEST_CASE_FIXTURE(OneSignedVisit,
                  "postgresql: db check recomputes the content seals and names what was changed behind the program") {
    REQUIRE(db->check().value().ok);
    REQUIRE(db->audit().verify().value().ok);

    // The owner turns the trigger off, edits the signed diagnosis, and turns it on again.
    REQUIRE(pg.exec("ALTER TABLE diagnoses DISABLE TRIGGER diagnoses_sealed; UPDATE diagnoses SET code = 'Z00.00'; "
                    "ALTER TABLE diagnoses ENABLE TRIGGER diagnoses_sealed") == "");
    const auto report = db->check().value();
    CHECK_FALSE(report.ok);
    CHECK(all_findings(report).find("visit " + std::to_string(id) +
                                    " (signed original): its content no longer matches its seal") != std::string::npos);
    CHECK_FALSE(db->audit().verify().value().ok);
}

TEST_CASE_FIXTURE(OneSignedVisit, "postgresql: billing lines changed by the owner are not exported") {
    // As on SQLite: the export checks the seals of the visits it streamed before it records its batch.
    REQUIRE(pg.exec("ALTER TABLE billing_lines DISABLE TRIGGER billing_lines_sealed; "
                    "UPDATE billing_lines SET units = units * 10 WHERE kind = 'drug'; "
                    "ALTER TABLE billing_lines ENABLE TRIGGER billing_lines_sealed") == "");
    const auto refused = test::export_march(*db);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == ErrorKind::corrupt);
    CHECK(refused.error().message.find("visit " + std::to_string(id) +
                                       " (signed original): its content no longer matches its seal") !=
          std::string::npos);
    CHECK(db->billing().batches(10).value().empty());
}

TEST_CASE_FIXTURE(OneSignedVisit, "postgresql: a diagnosis changed by the owner is not exported") {
    // Seal format 3 (schema 24): the export recomputes the part of the seal that covers the diagnoses it sends.
    REQUIRE(pg.exec("ALTER TABLE diagnoses DISABLE TRIGGER diagnoses_sealed; UPDATE diagnoses SET code = 'Z00.00'; "
                    "ALTER TABLE diagnoses ENABLE TRIGGER diagnoses_sealed") == "");
    const auto refused = test::export_march(*db);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("visit " + std::to_string(id) +
                                       " (signed original): its content no longer matches its seal") !=
          std::string::npos);
    CHECK(db->billing().batches(10).value().empty());
}

TEST_CASE_FIXTURE(OneSignedVisit, "postgresql: exported lines deleted by the owner stop the next export") {
    REQUIRE(test::export_march(*db).value().has_value());  // batch 1
    REQUIRE(pg.exec("ALTER TABLE export_items DISABLE TRIGGER USER; DELETE FROM export_items; "
                    "ALTER TABLE export_items ENABLE TRIGGER USER") == "");
    const auto refused = test::export_march(*db);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == ErrorKind::corrupt);
    CHECK(refused.error().message.find("but the record lists 0") != std::string::npos);
    CHECK(refused.error().message.find("would be billed again") != std::string::npos);
    CHECK(db->billing().batches(10).value().size() == 1);
}

TEST_CASE("postgresql: a workstation holding the chain's lock stops the others' writes only for the lock timeout") {
    // Found from outside: one stopped workstation (suspended inside a signature) held every write in the
    // clinic, sign-ins too, with no end and no word. Every connection now starts with a lock timeout and an
    // idle-in-transaction timeout (the server then ends the stopped session and frees its lock).
    test::PgTestDatabase pg;
    open_pg(pg.url());
    {
        storage::pg::PgConnection plain(pg.url("infusiondoc_app"));
        CHECK(plain.exec("SHOW lock_timeout").text(0, 0) == "30s");
        CHECK(plain.exec("SHOW idle_in_transaction_session_timeout").text(0, 0) == "20s");
    }
    // The clinic's own options replace the defaults: here a second, so the test waits for it.
    auto station = open_pg(pg.url("infusiondoc_app") + " options='-c lock_timeout=1s'");
    storage::pg::PgConnection stuck(pg.url("infusiondoc_app"));
    stuck.exec("SELECT pg_advisory_lock(1229213507, 2)");  // the chain's key (pg_write.hpp), held and idle
    const auto started = std::chrono::steady_clock::now();
    const auto refused = station->visits().create_draft(test::sample_visit(), test::actor());
    const auto waited = std::chrono::steady_clock::now() - started;
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == ErrorKind::conflict);
    CHECK(refused.error().message.find("the database is busy") != std::string::npos);
    CHECK(waited < std::chrono::seconds{10});
    stuck.exec("SELECT pg_advisory_unlock(1229213507, 2)");
    CHECK(station->visits().create_draft(test::sample_visit(), test::actor()).ok());
}

TEST_CASE("postgresql: a database of schema 8 upgrades in place, its drafts at version 1, and saves as before") {
    test::PgTestDatabase pg;
    {
        // The schema as PostgreSQL's first migration made it, before visits were stored here.
        storage::pg::PgConnection conn(pg.url());
        conn.exec_script(
            "CREATE SCHEMA infusiondoc; SET search_path = infusiondoc, pg_temp;"
            "CREATE TABLE schema_version(version integer PRIMARY KEY, applied_at timestamptz NOT NULL "
            "DEFAULT now(), applied_by text NOT NULL DEFAULT current_user)");
        conn.exec_script(std::string(storage::pg::migrations().front().sql));
        conn.exec("INSERT INTO schema_version(version) VALUES (8)");
    }
    REQUIRE(pg.exec("INSERT INTO patients(id, mrn) VALUES (1, 'MRN1');"
                    "INSERT INTO visits(id, patient_id, status, created_by, created_at, updated_at) "
                    "VALUES (1, 1, 'draft', 'rn.okafor', '2026-03-02T15:00:00Z', '2026-03-02T15:00:00Z');"
                    "INSERT INTO revisions(visit_id, number, author, created_at, patient_mrn) "
                    "VALUES (1, 0, 'rn.okafor', '2026-03-02T15:00:00Z', 'MRN1')") == "");
    CHECK(open_pg(pg.url())->schema_version() == storage::pg::current_version());
    auto db = open_pg(pg.url("infusiondoc_app"));
    CHECK(db->visits().load(1).value().version == 1);
    core::Visit v = test::sample_visit();
    v.patient.id = "MRN1";
    const auto saved = db->visits().save_draft(1, 1, v, test::actor());
    REQUIRE(saved.ok());
    CHECK(saved.value() == 2);
    REQUIRE(db->visits().sign(1, 2, coding_of(v), test::actor()).ok());
    const auto report = db->check().value();
    CHECK_MESSAGE(report.ok, all_findings(report));
}

TEST_CASE("postgresql: on a server whose collation is a language's, lists and patient searches keep SQLite's order") {
    // ICU's en-US puts "de Vries" before "Dunn"; bytes (SQLite, and the program on every server) do not.
    test::PgTestDatabase pg("TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
    REQUIRE(pg.exec("DO $$ BEGIN IF 'de Vries' > 'Dunn' THEN RAISE EXCEPTION 'not en-US'; END IF; END $$",
                    "infusiondoc_app") == "");
    open_pg(pg.url());
    auto db = open_pg(pg.url("infusiondoc_app"));
    for (const auto& [mrn, name] :
         std::vector<std::pair<std::string, std::string>>{{"MRN-101", "de Vries, Ben"}, {"MRN-100", "Dunn, Ada"}}) {
        core::Visit v = test::sample_visit();
        v.patient.id = mrn;
        v.patient.name = name;
        REQUIRE(db->visits().create_draft(v, test::actor()).ok());
    }
    std::vector<std::string> found;
    for (const auto& p : db->visits().find_patients("MRN-10", 10).value()) found.push_back(p.name);
    CHECK(found == std::vector<std::string>{"Dunn, Ada", "de Vries, Ben"});
}
