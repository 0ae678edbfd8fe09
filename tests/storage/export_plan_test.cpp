// Issue 15: an export reads the visits of its range and the few amended ones outside it through their
// indexes. Schema 16 made the status index partial (visits_unsigned), which SQLite uses only for a query
// that states its condition; the export's amended branch did not, and every export then read all the
// visits (1,000,000 rows: a month's export went from 1.08 to 1.59 × the sqlite3 shell). SQLite has no
// statistics here, so its plan on an empty file is its plan on a large one.
#include "storage/sqlite_billing_store.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <string>

using namespace infusion;

TEST_CASE("an export's list of pending lines reads no table of the record whole") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    REQUIRE(storage::SqliteDatabase::open(file).ok());
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    db.exec(storage::detail::export_temp_tables_sql);
    for (const bool by_selection : {false, true}) {
        CAPTURE(by_selection);
        // With a date-range export before it: the late branch planned too (its audit row's id, say 5).
        SQLite::Statement plan(db, "EXPLAIN QUERY PLAN " + storage::detail::pending_sql(by_selection, 5));
        int steps = 0;
        while (plan.executeStep()) {
            const std::string step = plan.getColumn(3).getString();
            ++steps;
            // "SCAN x" alone is a whole table read; the working tables (the selection, the chosen visits'
            // CTE) are the export's own few rows. And export_batches (b), a row per export ever made (a few
            // thousand after years of daily exports), read to tell whether a late candidate's date was exported:
            // only for the visits the audit log names since the last export (late_charges_sql.hpp).
            const bool whole = step.rfind("SCAN ", 0) == 0 && step.find(" USING ") == std::string::npos;
            const bool own = step == "SCAN s" || step == "SCAN c" || step == "SCAN p" || step == "SCAN b" ||
                             step.find("CO-ROUTINE") != std::string::npos;
            CHECK_MESSAGE(!(whole && !own), step);
        }
        CHECK(steps > 3);
    }
}
