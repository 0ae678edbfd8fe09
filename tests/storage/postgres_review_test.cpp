// Supervisor review on PostgreSQL (issue 14): what only a shared server shows, beside the contract tests
// that run on both backends (review_store_test.cpp, review_flags_stored_test.cpp, review_service_test.cpp).
// Two supervisors countersigning one visit at the same moment: one countersignature, one clear refusal;
// the application role cannot rewrite the review record, and the owner's triggers refuse it too; the
// audit report streams any range from a cursor in byte order, whatever the database's collation; the
// program's audit commands work with --db-url.
#include "storage/pg_fixture.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/program_run.hpp"
#include "storage/review_fixture.hpp"
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <latch>
#include <thread>

using namespace infusion;
using test::open_pg;
using namespace infusion::test::review;

namespace {

std::size_t audited(storage::Database& db, const std::string& action) {
    storage::AuditFilter f;
    f.action = action;
    f.limit = 100'000;
    return db.audit().entries(f).value().size();
}

std::string all_findings(const storage::CheckReport& report) {
    std::string all;
    for (const auto& f : report.findings) all += f + "\n";
    return all;
}

bool refused(const std::string& error, const std::string& words) {
    CAPTURE(error);
    return error.find(words) != std::string::npos;
}

}  // namespace

TEST_CASE("postgresql: two supervisors countersigning one visit at the same moment, one signs, one is refused") {
    test::PgTestDatabase pg;
    open_pg(pg.url());  // the owner migrates
    auto nurse = open_pg(pg.url("infusiondoc_app"));
    auto first = open_pg(pg.url("infusiondoc_app"));
    auto second = open_pg(pg.url("infusiondoc_app"));
    constexpr int visits = 6;
    for (int round = 0; round < visits; ++round) {
        CAPTURE(round);
        const auto id = signed_visit(*nurse, test::sample_visit());
        std::latch start(2);
        std::array<std::optional<core::Result<storage::Countersignature>>, 2> outcome;
        const auto countersign = [&](storage::Database& db, const std::string& supervisor, std::size_t slot) {
            start.arrive_and_wait();
            outcome[slot] = db.reviews().countersign(id, "reviewed by " + supervisor,
                                                     test::actor(supervisor, "2026-03-04T10:00:00Z"));
        };
        std::thread a(countersign, std::ref(*first), "sup.nakamura", std::size_t{0});
        std::thread b(countersign, std::ref(*second), "sup.okonkwo", std::size_t{1});
        a.join();
        b.join();
        REQUIRE(outcome[0].has_value());
        REQUIRE(outcome[1].has_value());
        const bool first_won = outcome[0]->ok();
        CHECK(first_won != outcome[1]->ok());  // exactly one
        const auto& won = first_won ? *outcome[0] : *outcome[1];
        const auto& lost = first_won ? *outcome[1] : *outcome[0];
        REQUIRE(won.ok());
        REQUIRE_FALSE(lost.ok());
        const std::string winner = won.value().supervisor;
        CHECK(lost.error().kind == core::ErrorKind::conflict);
        CHECK(lost.error().message ==
              "cannot countersign visit " + std::to_string(id) + ": it was countersigned by " + winner +
                  " at 2026-03-04T10:00:00Z (once per revision; an amendment brings it back for review)");
        // Both workstations read the one countersignature, the winner's.
        CHECK(first->reviews().countersignatures(id).value().at(0).supervisor == winner);
        CHECK(second->reviews().countersignatures(id).value().at(0).comment == "reviewed by " + winner);
    }
    CHECK(audited(*nurse, "countersign") == visits);
    storage::ReviewQueueFilter done;
    done.state = storage::ReviewState::countersigned;
    CHECK(queue(*nurse, done).rows.size() == visits);
    const auto report = nurse->check().value();
    CHECK_MESSAGE(report.ok, all_findings(report));
}

TEST_CASE("postgresql: the application role cannot rewrite the review record, and the owner's triggers refuse it") {
    test::PgTestDatabase pg;
    open_pg(pg.url());
    storage::VisitId id = 0;
    {
        auto db = open_pg(pg.url("infusiondoc_app"));
        id = signed_visit(*db, test::sample_visit());
        (void)db->visits().create_draft(test::sample_visit(), test::actor());  // visit 2, a draft
        REQUIRE(db->reviews().add_site_care_note(id, {"", {"pain"}, 2, "sore"}, test::actor()).ok());
        REQUIRE(db->reviews().request_correction(id, "stop time?", test::actor("sup.nakamura")).ok());
        const auto v = test::sample_visit();
        const auto revision = db->visits().amend(id, 2, v, "stop time checked",
                                                 app::signed_coding(v, test::repo_config()), test::actor());
        REQUIRE(db->reviews().resolve_corrections(id, revision.value(), test::actor()).value() == 1);
        REQUIRE(db->reviews().countersign(id, "ok", test::actor("sup.nakamura")).ok());
    }
    const auto as_app = [&](const std::string& sql) { return pg.exec(sql, "infusiondoc_app"); };
    // The workstation's role holds no UPDATE, DELETE or TRUNCATE on the append-only review tables.
    for (const std::string table : {"countersignatures", "site_care_notes", "revision_flags"}) {
        CAPTURE(table);
        CHECK(refused(as_app("UPDATE " + table + " SET visit_id = visit_id"), "42501 permission denied"));
        CHECK(refused(as_app("DELETE FROM " + table), "42501 permission denied"));
        CHECK(refused(as_app("TRUNCATE " + table), "42501 permission denied"));
    }
    // Correction requests are resolved by UPDATE, once; nothing else about them changes, none is deleted.
    CHECK(refused(as_app("UPDATE correction_requests SET reason = 'something else'"), "resolved, once"));
    CHECK(refused(as_app("UPDATE correction_requests SET resolved_revision = NULL, resolved_at = NULL"),
                  "resolved, once"));
    CHECK(refused(as_app("DELETE FROM correction_requests"), "42501 permission denied"));
    CHECK(refused(as_app("TRUNCATE correction_requests"), "42501 permission denied"));
    CHECK(refused(as_app("INSERT INTO countersignatures(visit_id, revision, supervisor, at) VALUES (2, 0, 'x', 't')"),
                  "only a signed visit"));
    CHECK(refused(as_app("INSERT INTO site_care_notes(visit_id, author, at, grade) VALUES (2, 'x', 't', 0)"),
                  "signed visit only"));
    // The owner holds every privilege; the triggers refuse it the same changes.
    CHECK(refused(pg.exec("UPDATE countersignatures SET comment = 'changed'"), "cannot be changed"));
    CHECK(refused(pg.exec("DELETE FROM countersignatures"), "cannot be changed"));
    CHECK(refused(pg.exec("UPDATE site_care_notes SET grade = 0"), "append-only"));
    CHECK(refused(pg.exec("DELETE FROM site_care_notes"), "append-only"));
    CHECK(refused(pg.exec("UPDATE correction_requests SET reason = 'something else'"), "resolved, once"));
    CHECK(refused(pg.exec("DELETE FROM correction_requests"), "cannot be deleted"));
    CHECK(refused(pg.exec("INSERT INTO site_care_notes(visit_id, author, at, conditions, grade) "
                          "VALUES (1, 'x', 't', 'redness,bruising', 1)"),
                  "site_care_notes_conditions_check"));
    auto db = open_pg(pg.url("infusiondoc_app"));
    const auto report = db->check().value();
    CHECK_MESSAGE(report.ok, all_findings(report));
    CHECK(db->reviews().countersignatures(id).value().at(0).comment == "ok");
    CHECK(db->reviews().site_care_notes(id).value().at(0).text == "sore");
    CHECK_FALSE(db->reviews().corrections(id).value().at(0).open());
    // A grant that would let a workstation delete a correction request is named by db check.
    REQUIRE(pg.exec("GRANT DELETE ON correction_requests TO infusiondoc_app") == "");
    CHECK(all_findings(db->check().value())
              .find("the application role infusiondoc_app may DELETE the append-only table correction_requests") !=
          std::string::npos);
}

TEST_CASE("postgresql: the audit report reads any range from a cursor, names in byte order under any collation") {
    // A clinic's server may sort text by its language; the report sorts as SQLite does, by bytes.
    test::PgTestDatabase pg("TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
    open_pg(pg.url());
    auto db = open_pg(pg.url("infusiondoc_app"));
    constexpr int rows = 2'500;  // more than one page of the cursor
    for (int i = 0; i < rows; ++i) {
        const std::string who = i % 2 == 0 ? "adam.b" : "Zoe.A";
        REQUIRE(db->audit()
                    .record("view", storage::VisitId{i + 1}, "row " + std::to_string(i),
                            test::actor(who, "2026-03-04T10:00:00Z"))
                    .ok());
    }
    storage::AuditReportQuery query;
    query.sort = storage::AuditSort::actor;
    std::vector<storage::AuditEntry> streamed;
    REQUIRE(db->reviews()
                .audit_rows(query,
                            [&](const storage::AuditEntry& e) {
                                streamed.push_back(e);
                                return true;
                            })
                .ok());
    REQUIRE(streamed.size() == rows);
    CHECK(streamed.front().actor == "Zoe.A");  // 'Z' (0x5A) before 'a' (0x61)
    CHECK(streamed.back().actor == "adam.b");
    for (std::size_t i = 1; i < streamed.size(); ++i) {
        const auto& a = streamed[i - 1];
        const auto& b = streamed[i];
        if (a.actor != b.actor || a.id > b.id) {
            CHECK(a.actor < b.actor);  // std::string compares bytes
        }
    }
    // The page of the report agrees with the stream, and a reader that stops early stops the cursor.
    query.limit = 10;
    query.offset = 1'245;
    const auto page = db->reviews().audit_report(query).value();
    CHECK(page.total == rows);
    REQUIRE(page.rows.size() == 10);
    for (std::size_t i = 0; i < 10; ++i) CHECK(page.rows[i].id == streamed[1'245 + i].id);
    int seen = 0;
    REQUIRE(db->reviews().audit_rows(query, [&](const storage::AuditEntry&) { return ++seen < 3; }).ok());
    CHECK(seen == 3);
    query.actor = "adam.b";
    query.visit_id = 5;
    CHECK(db->reviews().audit_report(query).value().total == 1);
    // The connection is usable after each read: the cursor's transaction ended.
    CHECK(db->reviews().review_queue({}).ok());
}

namespace {

using test::quoted;

test::ProgramOutcome run(const std::string& arguments) { return test::run_program(arguments); }

}  // namespace

TEST_CASE("postgresql: audit report and audit verify with --db-url read the review record's rows") {
    test::PgTestDatabase pg;
    open_pg(pg.url());
    storage::VisitId id = 0;
    {
        // Written through the store at known instants, as workstations would have.
        auto db = open_pg(pg.url("infusiondoc_app"));
        id = signed_visit(*db, test::sample_visit());
        REQUIRE(db->reviews().add_site_care_note(id, {"", {"redness"}, 1, ""}, test::actor()).ok());
        REQUIRE(db->reviews().countersign(id, "fine", test::actor("sup.nakamura", "2026-03-02T16:00:00Z")).ok());
    }
    const test::TempDir dir;
    const auto password = dir.path() / "admin.password";
    { std::ofstream(password) << "a long clinic password 7\n"; }
    REQUIRE(::chmod(password.c_str(), 0600) == 0);
    const std::string url = "--db-url " + quoted(pg.url("infusiondoc_app"));
    const auto added = run(url + " users add admin.lee --roles admin --display-name 'Jordan Lee' --new-password-file " +
                           quoted(password.string()));
    CAPTURE(added.output);
    REQUIRE(added.status == 0);
    const std::string as_admin = url + " --user admin.lee --password-file " + quoted(password.string());

    const auto csv =
        run(as_admin + " audit report --from 2026-03-02 --to 2026-03-02 --format csv --action countersign");
    CAPTURE(csv.output);
    CHECK(csv.status == 0);
    CHECK(csv.output.find("id,at,actor,action,visit_id,detail,hash\r\n") != std::string::npos);
    CHECK(csv.output.find(",2026-03-02T16:00:00Z,sup.nakamura,countersign," + std::to_string(id) +
                          ",countersigned revision 0,") != std::string::npos);
    CHECK(csv.output.find("site-care-note") == std::string::npos);

    const auto table = run(as_admin + " audit report --from 2026-03-02 --to 2026-03-02 --visit " + std::to_string(id));
    CAPTURE(table.output);
    CHECK(table.status == 0);
    CHECK(table.output.find("sign") != std::string::npos);
    CHECK(table.output.find("site-care note 1: whole visit, grade 1 (redness)") != std::string::npos);
    CHECK(table.output.find("countersigned revision 0") != std::string::npos);

    const auto verified = run(as_admin + " audit verify");
    CAPTURE(verified.output);
    CHECK(verified.status == 0);
    CHECK(verified.output.find("ok: the audit chain is intact") != std::string::npos);
}
