// Live lists (issue 14): the change counter a window asks about once a second. It moves when another
// connection (another window on the file, another workstation on the server) commits, never for the
// asking connection's own writes, and a list read after it moved shows the other connection's change.
// SQLite reads PRAGMA data_version; PostgreSQL counts NOTIFYs, which arrive on the socket a moment after
// the other session's COMMIT, so the test waits for them as a window would (up to the 2 s the issue allows).
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>

using namespace infusion;

TEST_CASE("two connections on one database: the change counter moves for the other's commits only") {
    for (const auto& backend : test::shared_backends()) {
        CAPTURE(backend.name);
        auto [window, other] = backend.open();

        const auto start = window->change_counter();
        REQUIRE(start.has_value());
        CHECK(window->change_counter() == start);  // asking changes nothing

        // The window's own write: its screens refresh themselves, the counter stays.
        REQUIRE(window->visits().create_draft(test::sample_visit(), test::actor()).ok());
        CHECK(test::counter_moved_from(*window, start) == start);
        CHECK(window->visits().list({}).value().rows.size() == 1);

        // Another workstation's write moves it, and the window's next list read shows that visit.
        core::Visit v = test::sample_visit();
        v.patient.id = "MRN-424242";
        const auto id = other->visits().create_draft(v, test::actor("rn.haddad")).value();
        const auto after = test::counter_moved_from(*window, start);
        REQUIRE(after.has_value());
        CHECK(after != start);
        CHECK(test::counter_moved_from(*window, after) == after);  // moved once, then still
        const auto rows = window->visits().list({}).value().rows;
        REQUIRE(rows.size() == 2);
        CHECK((rows[0].id == id || rows[1].id == id));

        // A write that fails (a stale save) commits nothing, so it tells no one.
        auto stale = other->visits().load(id).value();
        REQUIRE(window->visits().save_draft(id, stale.version, v, test::actor()).ok());
        const auto after_save = test::counter_moved_from(*other, other->change_counter());
        REQUIRE(after_save.has_value());
        const auto before_refused = window->change_counter();
        CHECK_FALSE(other->visits().save_draft(id, stale.version, v, test::actor("rn.haddad")).ok());
        CHECK(test::counter_moved_from(*window, before_refused) == before_refused);
    }
}
