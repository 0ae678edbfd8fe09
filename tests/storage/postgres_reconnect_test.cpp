// A workstation whose connection the server ended (a restart, an administrator's pg_terminate_backend, a
// failover) works again at its next action, as the same session it was: found from outside, a running
// window said "the database server cannot be reached" at every action until the program was restarted.
// A transaction that lost its connection is never continued on a new one: its change is not saved.
#include "storage/pg_fixture.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

using namespace infusion;
using test::open_pg;

namespace {

// Ends every other session on the test database, as a restart would, and waits until they are gone.
void end_other_sessions(const test::PgTestDatabase& pg) {
    REQUIRE(pg.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()",
                    "infusiondoc_test_admin") == "");
    for (int i = 0; i < 100; ++i) {
        if (pg.exec("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()) THEN RAISE EXCEPTION 'still there'; END IF; END $$",
                    "infusiondoc_test_admin") == "") {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL("the ended sessions did not go away");
}

}  // namespace

TEST_CASE("postgresql: after the server ends a workstation's session, its next action works and it hears others") {
    test::PgTestDatabase pg;
    open_pg(pg.url());  // the owner makes the schema
    auto window = open_pg(pg.url("infusiondoc_app"));
    REQUIRE(window->visits().create_draft(test::sample_visit(), test::actor()).ok());
    const auto listening = window->change_counter();
    REQUIRE(listening.has_value());

    end_other_sessions(pg);
    // The poll a window makes every second does not reconnect (it must never wait on a server that is down):
    // it only says there is no news (or no answer).
    const auto polled = window->change_counter();
    CHECK((!polled || polled == listening));

    // The next action reads on a new connection set up as the first (its search_path: the tables are found).
    const auto listed = window->visits().list({});
    REQUIRE_MESSAGE(listed.ok(), (listed.ok() ? "" : listed.error().describe()));
    CHECK(listed.value().rows.size() == 1);
    // A write too, and its audit row continues the chain.
    REQUIRE(window->visits().create_draft(test::sample_visit(), test::actor()).ok());
    CHECK(window->audit().verify().value().ok);

    // What others wrote while the session was gone was never announced: the counter moves once, so the
    // screens read their lists again; then it listens again, and another workstation's write is heard.
    const auto after = window->change_counter();
    REQUIRE(after.has_value());
    CHECK(after != listening);
    auto other = open_pg(pg.url("infusiondoc_app"));
    REQUIRE(other->visits().create_draft(test::sample_visit(), test::actor("rn.lindqvist")).ok());
    const auto heard = test::counter_moved_from(*window, after);
    REQUIRE(heard.has_value());
    CHECK(heard != after);
}

TEST_CASE("postgresql: a transaction whose connection was lost is not continued on a new connection") {
    test::PgTestDatabase pg;
    open_pg(pg.url());
    storage::pg::PgConnection conn(pg.url());
    conn.set_session_setup({"SET search_path = infusiondoc, pg_temp"});
    conn.exec("SET search_path = infusiondoc, pg_temp");
    {
        storage::pg::PgTransaction tx(conn);
        CHECK(conn.exec("SELECT count(*) FROM visits").int64(0, 0) == 0);
        end_other_sessions(pg);
        // The rest of the transaction fails: run on a new connection, outside any transaction, its statements
        // would each commit alone.
        CHECK_THROWS_AS(conn.exec("SELECT count(*) FROM visits"), storage::pg::PgError);
        CHECK_THROWS_AS(conn.exec("SELECT 1"), storage::pg::PgError);
        CHECK(conn.reconnections() == 0);
    }  // rolled back (the server already did)
    // After it, the connection is made again, set up as before.
    CHECK(conn.exec("SELECT count(*) FROM visits").int64(0, 0) == 0);
    CHECK(conn.reconnections() == 1);
    // A transaction's BEGIN that finds the connection lost starts on a new one: nothing of it ran.
    end_other_sessions(pg);
    {
        storage::pg::PgTransaction tx(conn);
        CHECK(conn.exec("SELECT count(*) FROM visits").int64(0, 0) == 0);
        tx.commit();
    }
    CHECK(conn.reconnections() == 2);
    // While a session-level lock is held (the import lock), a new connection would not hold it: the work
    // fails instead, and the connection is made again once the lock is let go.
    conn.hold_session();
    end_other_sessions(pg);
    CHECK_THROWS_AS(conn.exec("SELECT 1"), storage::pg::PgError);  // libpq learns of the loss here
    CHECK_THROWS_AS(conn.exec("SELECT 1"), storage::pg::PgError);  // and does not reconnect
    CHECK(conn.reconnections() == 2);
    conn.release_session();
    CHECK(conn.exec("SELECT count(*) FROM visits").int64(0, 0) == 0);
    CHECK(conn.reconnections() == 3);
}
