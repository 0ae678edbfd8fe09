// The accepted billing configuration cannot be undone with the sqlite3 shell (app/billing_configuration.hpp).
// Found from outside: with the facts' triggers dropped, deleting billing-configuration-1 let the next
// signature with an edited folder pin its own as the "first" one (96370 billed on an 86-minute visit), and
// deleting the newest acceptance let the edition before it bill again.
#include "storage/sql_shell.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

using namespace infusion;

namespace {

struct Clinic {
    test::TempDir dir;
    std::filesystem::path file = dir.path() / "clinic.db";

    // The database, its first signature made with the repository's folder (billing-configuration-1).
    Clinic() {
        test::TestClinic tc("2026-03-02T18:00:00Z", storage::SqliteDatabase::open(file).value());
        tc.add_demo_users();
        const app::Acting nurse = tc.demo("rn.okafor");
        REQUIRE(
            tc.clinic().visits().sign(nurse, tc.clinic().visits().create(nurse, test::sample_visit(86)).value()).ok());
    }

    // Signs a new visit as rn.okafor at a workstation started with `config`.
    core::Status sign_with(const settings::Config& config) {
        auto db = storage::SqliteDatabase::open(file).value();
        test::TestClinic tc("2026-03-02T18:00:00Z", *db, config);
        const app::Acting nurse =
            tc.clinic().act_as(tc.clinic().accounts().sign_in("rn.okafor", "nurse-demo-1").value());
        auto id = tc.clinic().visits().create(nurse, test::sample_visit(86));
        if (!id) return id.error();
        auto done = tc.clinic().visits().sign(nurse, id.value());
        if (!done) return done.error();
        return core::Done{};
    }
};

constexpr const char* delete_fact =
    "DROP TRIGGER database_facts_no_delete; DELETE FROM database_facts WHERE name = '%s'; "
    "CREATE TRIGGER database_facts_no_delete BEFORE DELETE ON database_facts "
    "BEGIN SELECT RAISE(ABORT, 'database facts are permanent'); END;";

std::string deleting(const std::string& name) {
    std::string sql = delete_fact;
    sql.replace(sql.find("%s"), 2, name);
    return sql;
}

}  // namespace

TEST_CASE("a deleted first acceptance is not replaced by the next signature's folder") {
    Clinic c;
    test::TempDir other;
    const auto edited =
        test::edited_config(other.path(), "coding-rules.toml", "first_hour_minutes = 60", "first_hour_minutes = 30");
    REQUIRE(test::shell(c.file, deleting("billing-configuration-1")) == "");
    const auto refused = c.sign_with(edited);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == core::ErrorKind::corrupt);
    CHECK(refused.error().message.find("the audit log records billing-configuration-1") != std::string::npos);
    CHECK(test::shell_int(c.file, "SELECT count(*) FROM database_facts WHERE name LIKE 'billing-configuration-%'") ==
          0);                                            // nothing pinned in its place
    CHECK_FALSE(c.sign_with(test::repo_config()).ok());  // nor by the clinic's own folder: the record is damaged
}

TEST_CASE("a deleted newer acceptance does not let the edition before it bill again") {
    Clinic c;
    test::TempDir other;
    const auto next = test::edited_config(other.path(), "clinic.toml", "npi = \"1234567893\"", "npi = \"1245319599\"");
    {
        auto db = storage::SqliteDatabase::open(c.file).value();
        test::TestClinic tc("2026-03-02T18:00:00Z", *db, next);
        const app::Acting admin = tc.clinic().act_as(tc.clinic().accounts().sign_in("admin", "admin-demo-1").value());
        REQUIRE(tc.clinic().billing_configuration().accept(admin).value().accepted == 2);
    }
    CHECK_FALSE(c.sign_with(test::repo_config()).ok());  // the old NPI, refused as it should be
    REQUIRE(test::shell(c.file, deleting("billing-configuration-2")) == "");
    const auto refused = c.sign_with(test::repo_config());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("the audit log records billing-configuration-2") != std::string::npos);
}
