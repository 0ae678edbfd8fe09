// Accounts and database facts under seal on PostgreSQL, as on SQLite (account_seal_test.cpp): someone
// holding the owner role who raises a nurse's roles or inserts a fact with psql gets an account that
// cannot act and a fact that is ignored, and db check names both; an administrator's change through the
// program seals the account again.
#include "storage/pg_fixture.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>

using namespace infusion;
using test::open_pg;

namespace {

std::string all_findings(const storage::CheckReport& report) {
    std::string all;
    for (const auto& f : report.findings) all += f + "\n";
    return all;
}

}  // namespace

TEST_CASE("postgresql: roles raised with psql leave the account unable to act until an administrator acts") {
    test::PgTestDatabase pg;
    open_pg(pg.url());
    auto db = open_pg(pg.url("infusiondoc_app"));
    REQUIRE(db->users().create({"rn.okafor", "Ada Okafor", {"nurse"}, "$argon2id$hash", false}, test::actor()).ok());
    CHECK(db->users().find("rn.okafor").value()->matches_audit);
    CHECK(db->check().value().ok);

    REQUIRE(pg.exec("UPDATE users SET roles = 'nurse,admin' WHERE username = 'rn.okafor'") == "");
    const auto changed = db->users().find("rn.okafor").value();
    REQUIRE(changed.has_value());
    CHECK_FALSE(changed->matches_audit);
    CHECK_FALSE(db->users().list().value().at(0).matches_audit);
    const auto report = db->check().value();
    CHECK_FALSE(report.ok);
    CHECK(all_findings(report).find("user 'rn.okafor': name, roles, state or password differ") != std::string::npos);

    // An administrator setting the roles through the program seals the account as it now is.
    REQUIRE(db->users().set_roles("rn.okafor", {"nurse"}, test::actor("admin")).ok());
    CHECK(db->users().find("rn.okafor").value()->matches_audit);
    CHECK(db->check().value().ok);
}

TEST_CASE("postgresql: an account inserted with psql has no audit row and is reported") {
    test::PgTestDatabase pg;
    open_pg(pg.url());
    auto db = open_pg(pg.url("infusiondoc_app"));
    REQUIRE(pg.exec("INSERT INTO users(username, display_name, password_hash, roles, disabled, created_at) "
                    "VALUES ('intruder', 'X', '$argon2id$x', 'admin', 0, '2026-03-02T15:00:00Z')") == "");
    CHECK_FALSE(db->users().find("intruder").value()->matches_audit);
    const auto report = db->check().value();
    CHECK_FALSE(report.ok);
    CHECK(all_findings(report).find("user 'intruder' has no audit row") != std::string::npos);
}

TEST_CASE("postgresql: a database fact inserted with psql is ignored and reported") {
    test::PgTestDatabase pg;
    open_pg(pg.url());
    auto db = open_pg(pg.url("infusiondoc_app"));
    REQUIRE(pg.exec("INSERT INTO database_facts(name, value, recorded_at) "
                    "VALUES ('kind', 'demo', '2026-03-02T15:00:00Z')") == "");
    CHECK_FALSE(db->facts().get("kind").value().has_value());
    const auto report = db->check().value();
    CHECK_FALSE(report.ok);
    CHECK(all_findings(report).find("the database fact kind = demo was not recorded by InfusionDoc") !=
          std::string::npos);
}

TEST_CASE("postgresql: a fact the program recorded counts, and a value changed with psql behind its trigger does not") {
    test::PgTestDatabase pg;
    open_pg(pg.url());
    auto db = open_pg(pg.url("infusiondoc_app"));
    REQUIRE(db->facts().record("kind", "clinic", true, test::actor("admin")).ok());
    CHECK(db->facts().get("kind").value() == std::optional<std::string>("clinic"));
    CHECK(db->check().value().ok);
    // The facts are permanent by trigger: the owner turns it off for the change and on again.
    REQUIRE(pg.exec("ALTER TABLE database_facts DISABLE TRIGGER database_facts_permanent; "
                    "UPDATE database_facts SET value = 'demo' WHERE name = 'kind'; "
                    "ALTER TABLE database_facts ENABLE TRIGGER database_facts_permanent") == "");
    CHECK_FALSE(db->facts().get("kind").value().has_value());
    CHECK_FALSE(db->check().value().ok);
}
