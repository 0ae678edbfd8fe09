// After a large batch the export has export_items analysed at once (schema 23's owner function): the next
// export is planned on statistics that know the batch. Planned on statistics of a table analysed nearly
// empty, the second year's export of the 1,000,000-visit bench ran for more than ten minutes in one FETCH
// instead of twenty seconds (scripts/bench, 2026-12-06).
#include "storage/pg_fixture.hpp"
#include "storage/store_fixture.hpp"

#include "app/visit_service.hpp"
#include "storage/postgres/pg_connection.hpp"

#include <doctest/doctest.h>

using namespace infusion;

namespace {

// Whether export_items was analysed by hand (ANALYZE or the function; autovacuum's is another column).
std::string analysed(const test::PgTestDatabase& pg) {
    return pg.exec(
        "DO $$ BEGIN IF (SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'export_items') IS NULL "
        "THEN RAISE EXCEPTION 'not analysed'; END IF; END $$");
}

std::int64_t export_all(storage::Database& db) {
    storage::ExportCallbacks callbacks;
    callbacks.row = [](const storage::ExportRow&) { return true; };
    callbacks.finish = []() -> core::Result<std::string> { return std::string(64, 'a'); };
    const storage::ExportSelection range{
        std::chrono::year{2026} / 1 / 1, std::chrono::year{2026} / 12 / 31, {}, "/tmp/never-written.csv"};
    auto batch = db.billing().export_pending(range, "csv", {"billing.chen", "2026-04-01T12:00:00Z"}, false, callbacks);
    REQUIRE_MESSAGE(batch.ok(), (batch.ok() ? "" : batch.error().describe()));
    REQUIRE(batch.value());
    return batch.value()->line_count;
}

}  // namespace

TEST_CASE("postgresql: a large batch has export_items analysed at once, a small one leaves it to autovacuum") {
    test::PgTestDatabase pg;
    (void)test::open_pg(pg.url());  // the owner migrates; the workstations connect as the application role
    auto db = test::open_pg(pg.url("infusiondoc_app"));
    const core::Visit v = test::sample_visit();
    const auto coding = app::signed_coding(v, test::repo_config());
    const storage::VisitStore::NewVisit signed_visit{v, coding};
    {
        const std::vector<storage::VisitStore::NewVisit> few(3, signed_visit);
        REQUIRE(db->visits().create_many(few, test::actor()).ok());
        CHECK(export_all(*db) < 5000);
        CHECK_FALSE(analysed(pg).empty());
    }
    const std::vector<storage::VisitStore::NewVisit> many(2600, signed_visit);
    REQUIRE(db->visits().create_many(many, test::actor()).ok());
    CHECK(export_all(*db) >= 5000);
    CHECK(analysed(pg) == "");
    // The application role may call it (it may not ANALYZE a table it does not own: PostgreSQL skips it).
    CHECK(pg.exec("SELECT refresh_export_statistics()", "infusiondoc_app") == "");
}

TEST_CASE("postgresql: a cursor is planned to be read to its end, not for its first tenth") {
    // Planned for its first tenth (PostgreSQL's default cursor_tuple_fraction), the export's selection of a
    // month of 7,273 visits was a nested loop of every billing line against every pending one: 36 s holding the
    // chain lock, every workstation's sign-in waiting, instead of 0.12 s (found from outside).
    test::PgTestDatabase pg;
    storage::pg::PgConnection conn(pg.url());
    conn.exec("BEGIN");
    CHECK(conn.exec("SELECT current_setting('cursor_tuple_fraction')").text(0, 0) == "0.1");
    std::string fraction;
    REQUIRE(storage::pg::fetch_in_pages(conn, "SELECT current_setting('cursor_tuple_fraction')", {},
                                        [&](const storage::pg::PgResult& r, int i) {
                                            fraction = r.text(i, 0);
                                            return true;
                                        }));
    CHECK(fraction == "1");
    conn.exec("COMMIT");
    // Only for that transaction: the session's other statements keep the server's setting.
    CHECK(conn.exec("SELECT current_setting('cursor_tuple_fraction')").text(0, 0) == "0.1");
}
