// Vials (migration 5): stored with their substance in every revision, sealed by signing like the rest
// of the content, and a database from before the vials table opens, upgrades and reads unchanged.
#include "storage/old_schema.hpp"
#include "storage/schema.hpp"
#include "storage/sql_shell.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

using namespace infusion;
using namespace std::chrono;

using test::shell;

namespace {

core::Visit visit_with_vials() {
    auto v = test::sample_visit();
    v.substances[0].vials = {{"00344206451014", "P100234", year_month_day{2027y, May, 31d}, "SN0001"},
                             {"00344206451014", "P100235", std::nullopt, ""}};
    core::Substance saline;
    saline.name = "Normal saline 0.9%";
    saline.dose = 100.0;
    saline.unit = core::DoseUnit::mL;
    saline.vials = {{"", "L77", year_month_day{2026y, December, 1d}, "X"}};
    v.substances.push_back(saline);
    return v;
}

}  // namespace

TEST_CASE("vials are stored per substance and read back in order, in drafts and amendments") {
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        test::TestClinic tc("2026-03-02T16:10:00Z", backend.open());
        storage::Database* db = &tc.db();
        app::VisitService& service = tc.clinic().visits();
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        const auto id = service.create(nurse, visit_with_vials()).value();
        auto loaded = db->visits().load(id).value().current().content;
        REQUIRE(loaded.substances.size() == 2);
        CHECK(loaded.substances[0].vials.size() == 2);
        CHECK(loaded.substances[0].vials[0].serial == "SN0001");
        CHECK(loaded.substances[0].vials[0].expiry == year_month_day{2027y, May, 31d});
        CHECK(loaded.substances[0].vials[1].lot == "P100235");
        CHECK_FALSE(loaded.substances[0].vials[1].expiry.has_value());
        CHECK(loaded.substances[1].vials[0].gtin.empty());
        CHECK(loaded.substances[1].vials[0].lot == "L77");

        // A draft save replaces the vials; signing then an amendment keeps each revision's own list.
        loaded.substances[0].vials.pop_back();
        REQUIRE(service.save_draft(nurse, id, 1, loaded).ok());
        const auto signing = service.sign(nurse, id).value();
        for (const auto& p : signing.blocking) MESSAGE(p.code << ": " << p.message);
        REQUIRE(signing.signed_visit);
        auto corrected = loaded;
        corrected.substances[0].vials.push_back({"00344206451014", "P9", std::nullopt, "SN0002"});
        REQUIRE(service.amend(nurse, id, corrected, "second vial was used").ok());
        const auto stored = db->visits().load(id).value();
        REQUIRE(stored.revisions.size() == 2);
        CHECK(stored.revisions[0].content.substances[0].vials.size() == 1);
        CHECK(stored.revisions[1].content.substances[0].vials.size() == 2);
        CHECK(stored.revisions[1].content.substances[0].vials[1].serial == "SN0002");
    }
}

TEST_CASE("a signed visit's vials cannot be changed with the sqlite3 shell") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        test::TestClinic tc("2026-03-02T16:10:00Z", storage::SqliteDatabase::open(file).value());
        app::VisitService& service = tc.clinic().visits();
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        const auto id = service.create(nurse, visit_with_vials()).value();
        REQUIRE(service.sign(nurse, id).value().signed_visit);
    }
    CHECK(shell(file, "UPDATE vials SET lot = 'FORGED'").find("cannot be changed") != std::string::npos);
    CHECK(shell(file, "DELETE FROM vials").find("cannot be changed") != std::string::npos);
    CHECK(shell(file, "INSERT INTO vials(visit_id, revision, substance_ord, ord, lot) VALUES (1, 0, 0, 9, 'X')")
              .find("cannot be changed") != std::string::npos);
    auto db = storage::SqliteDatabase::open(file).value();
    CHECK(db->visits().load(1).value().current().content.substances[0].vials[0].lot == "P100234");
}

TEST_CASE("a database from before vials (schema 4) upgrades and its visits read unchanged, with no vials") {
    test::TempDir dir;
    const auto file = dir.path() / "old.db";
    {
        test::TestClinic tc("2026-03-02T16:10:00Z", storage::SqliteDatabase::open(file).value());
        app::VisitService& service = tc.clinic().visits();
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        const auto id = service.create(nurse, test::sample_visit()).value();
        REQUIRE(service.sign(nurse, id).value().signed_visit);
    }
    test::roll_back_seals(file);  // and migration 6, which came after vials
    REQUIRE(shell(file, "DROP TABLE vials; PRAGMA user_version = 4").empty());
    auto db = storage::SqliteDatabase::open(file).value();
    CHECK(db->schema_version() == storage::schema::current_version());
    const auto visit = db->visits().load(1).value();
    CHECK(visit.current().content.substances[0].lot == test::sample_visit().substances[0].lot);
    CHECK(visit.current().content.substances[0].vials.empty());
    CHECK(db->check().value().ok);
}
