// Live lists (issue 14): the change counter a window asks about once a second. It moves when another
// connection to the file commits, never for the asking connection's own writes, and a list read after it
// moved shows the other connection's change.
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>

using namespace infusion;

TEST_CASE("two connections on one file: the change counter moves for the other's commits only") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    auto window = storage::SqliteDatabase::open(file).value();
    auto other = storage::SqliteDatabase::open(file).value();

    const auto start = window->change_counter();
    REQUIRE(start.has_value());
    CHECK(window->change_counter() == start);  // asking changes nothing

    // The window's own write: its screens refresh themselves, the counter stays.
    REQUIRE(window->visits().create_draft(test::sample_visit(), test::actor()).ok());
    CHECK(window->change_counter() == start);
    CHECK(window->visits().list({}).value().rows.size() == 1);

    // Another workstation's write moves it, and the window's next list read shows that visit.
    core::Visit v = test::sample_visit();
    v.patient.id = "MRN-424242";
    const auto id = other->visits().create_draft(v, test::actor("rn.haddad")).value();
    const auto after = window->change_counter();
    REQUIRE(after.has_value());
    CHECK(after != start);
    CHECK(window->change_counter() == after);  // moved once, then still
    const auto rows = window->visits().list({}).value().rows;
    REQUIRE(rows.size() == 2);
    CHECK((rows[0].id == id || rows[1].id == id));
}
