// Several workstations writing to one PostgreSQL database at once: the audit chain in one order, no fork,
// every acknowledged row present; read-modify-write changes (a user's failure count) never lost; and
// rows altered or removed behind the triggers found by verify().
#include "storage/pg_fixture.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>

using namespace infusion;
using test::open_pg;

namespace {

std::string all_findings(const storage::CheckReport& report) {
    std::string all;
    for (const auto& f : report.findings) all += f + "\n";
    return all;
}

}  // namespace

TEST_CASE("postgresql: 8 workstations appending to the audit log at once make one unbroken chain") {
    test::PgTestDatabase pg;
    open_pg(pg.url());  // the owner creates the schema; the workstations connect as the application role
    constexpr int clients = 8;
    constexpr int rows_each = 40;
    std::atomic<int> acknowledged{0};
    std::vector<std::string> errors(clients);
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            auto db = storage::PostgresDatabase::open(pg.url("infusiondoc_app"));
            if (!db.ok()) {
                errors[static_cast<std::size_t>(c)] = db.error().describe();
                return;
            }
            for (int i = 0; i < rows_each; ++i) {
                const auto done = db.value()->audit().record(
                    "view", std::nullopt, "client " + std::to_string(c) + " row " + std::to_string(i),
                    test::actor("user" + std::to_string(c)));
                if (!done.ok()) {
                    errors[static_cast<std::size_t>(c)] = done.error().describe();
                    return;
                }
                ++acknowledged;
            }
        });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) CHECK(e == "");
    REQUIRE(acknowledged == clients * rows_each);

    auto db = open_pg(pg.url());
    const auto report = db->audit().verify().value();
    CHECK_MESSAGE(report.ok, all_findings(report));
    CHECK(report.audit_rows == clients * rows_each);
    // Every acknowledged row is there, once, with ids 1..N and no two rows after the same row.
    storage::AuditFilter all;
    all.limit = 100'000;
    const auto rows = db->audit().entries(all).value();
    REQUIRE(rows.size() == static_cast<std::size_t>(clients * rows_each));
    std::set<std::string> details;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i].id == static_cast<std::int64_t>(i + 1));
        details.insert(rows[i].detail);
    }
    CHECK(details.size() == rows.size());
    CHECK(db->check().value().ok);
}

TEST_CASE("postgresql: the chain cannot fork even for a writer that skips the program's lock") {
    test::PgTestDatabase pg;
    auto db = open_pg(pg.url());
    REQUIRE(db->audit().record("view", std::nullopt, "one", test::actor()).ok());
    // A second row claiming the genesis row as its predecessor, as a writer racing without the lock would.
    const auto error = pg.exec(
        "INSERT INTO audit(id, at, actor, action, detail, prev_hash, hash) "
        "SELECT 2, at, actor, action, 'fork', prev_hash, hash FROM audit WHERE id = 1");
    CHECK(error.rfind("23505", 0) == 0);  // unique_violation on prev_hash
}

TEST_CASE("postgresql: rows altered, removed or inserted behind the triggers are reported by verify") {
    test::PgTestDatabase pg;
    auto db = open_pg(pg.url());
    for (int i = 0; i < 5; ++i) {
        REQUIRE(db->audit().record("view", std::nullopt, "row " + std::to_string(i), test::actor()).ok());
    }
    REQUIRE(db->audit().verify().value().ok);
    // The owner (or a superuser) can switch the triggers off: what the chain is for.
    const std::string untriggered = "ALTER TABLE audit DISABLE TRIGGER audit_append_only; ";
    SUBCASE("altered") {
        REQUIRE(pg.exec(untriggered + "UPDATE audit SET detail = 'forged' WHERE id = 3") == "");
        CHECK(all_findings(db->audit().verify().value()).find("audit row 3 was altered after it was written") !=
              std::string::npos);
    }
    SUBCASE("removed from the middle") {
        REQUIRE(pg.exec(untriggered + "DELETE FROM audit WHERE id = 2") == "");
        const auto text = all_findings(db->audit().verify().value());
        CHECK(text.find("audit rows 2 to 2 are missing") != std::string::npos);
        CHECK(text.find("audit row 3 does not follow the row before it") != std::string::npos);
    }
    SUBCASE("the check also says the trigger is off") {
        REQUIRE(pg.exec(untriggered) == "");
        CHECK(all_findings(db->check().value()).find("trigger audit_append_only is disabled") != std::string::npos);
    }
}

TEST_CASE("postgresql: failed sign-ins counted by 4 workstations at once are each counted, none lost") {
    test::PgTestDatabase pg;
    {
        auto owner = open_pg(pg.url());
        REQUIRE(owner->users().create({"rn.okafor", "Okafor", {"nurse"}, "hash", false}, test::actor("admin")).ok());
    }
    constexpr int clients = 4;
    constexpr int attempts_each = 10;
    std::vector<std::string> errors(clients);
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            auto db = storage::PostgresDatabase::open(pg.url("infusiondoc_app"));
            if (!db.ok()) {
                errors[static_cast<std::size_t>(c)] = db.error().describe();
                return;
            }
            for (int i = 0; i < attempts_each; ++i) {
                const auto done = db.value()->users().record_failed_sign_in("rn.okafor", "wrong password", {},
                                                                            test::actor("rn.okafor"));
                if (!done.ok()) {
                    errors[static_cast<std::size_t>(c)] = done.error().describe();
                    return;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) CHECK(e == "");
    auto db = open_pg(pg.url());
    // Each read-modify-write ran under the write lock: 40 failures, not fewer.
    CHECK(db->users().find("rn.okafor").value()->failed_attempts == clients * attempts_each);
    storage::AuditFilter failed;
    failed.action = "sign-in-failed";
    const auto rows = db->audit().entries(failed).value();
    REQUIRE(rows.size() == static_cast<std::size_t>(clients * attempts_each));
    CHECK(rows.back().detail.find("(40 consecutive failures)") != std::string::npos);
    CHECK(db->audit().verify().value().ok);
}
