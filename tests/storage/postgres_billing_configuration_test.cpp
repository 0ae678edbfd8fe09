// The billing configuration a PostgreSQL clinic accepted binds every workstation (app/billing_configuration.hpp):
// one started with another clinic's folder cannot sign, an administrator's acceptance is heard by the
// others, and a configuration written into the table by hand is not one.
#include "demo/demo_users.hpp"
#include "storage/pg_fixture.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

using namespace infusion;

namespace {

app::Acting demo_user(app::Clinic& clinic, const std::string& user) {
    for (const auto& u : demo::demo_users()) {
        if (u.username == user) return clinic.act_as(clinic.accounts().sign_in(u.username, u.password).value());
    }
    FAIL("no demo user " << user);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("PostgreSQL: a workstation with another clinic's folder cannot sign until an administrator accepts it") {
    test::PgTestDatabase pg;
    test::TempDir dir;
    test::open_pg(pg.url()).reset();  // the owner makes the schema
    auto first_connection = test::open_pg(pg.url("infusiondoc_app"));
    test::TestClinic tc{"2026-03-02T18:00:00Z", *first_connection, test::repo_config()};
    tc.add_demo_users();
    const app::Acting nurse = tc.demo("rn.okafor");
    REQUIRE(tc.clinic().visits().sign(nurse, tc.clinic().visits().create(nurse, test::sample_visit(59)).value()).ok());
    CHECK_FALSE(tc.clinic().changed_elsewhere());  // the window starts watching

    const settings::Config other =
        test::edited_config(dir.path(), "clinic.toml", "npi = \"1234567893\"", "npi = \"1245319599\"");
    auto second_connection = test::open_pg(pg.url("infusiondoc_app"));
    app::ClinicOptions options;
    options.clock = [&tc] { return tc.now; };
    options.cost = storage::HashCost::test_only_minimal;
    app::Clinic there(other, *second_connection, options);
    const app::Acting nurse_there = demo_user(there, "rn.okafor");
    const auto draft = there.visits().create(nurse_there, test::sample_visit(59)).value();

    const auto refused = there.visits().sign(nurse_there, draft);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("clinic.toml [clinic] [codes]") != std::string::npos);
    CHECK(refused.error().message.find("number 1") != std::string::npos);

    const app::Acting admin = demo_user(there, "admin");
    const auto accepted = there.billing_configuration().accept(admin);
    REQUIRE_MESSAGE(accepted.ok(), (accepted.ok() ? "" : accepted.error().message));
    CHECK(accepted.value().matches());
    CHECK(there.visits().sign(nurse_there, draft).ok());

    // The first workstation hears of it (LISTEN/NOTIFY) and refuses its own folder from then on.
    bool heard = false;
    for (int i = 0; i < 50 && !heard; ++i) {
        heard = tc.clinic().changed_elsewhere();
        if (!heard) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(heard);
    const auto old =
        tc.clinic().visits().sign(nurse, tc.clinic().visits().create(nurse, test::sample_visit(59)).value());
    REQUIRE_FALSE(old.ok());
    CHECK(old.error().message.find("clinic.toml [clinic] [codes]") != std::string::npos);

    // A configuration written into the table by hand (a superuser's psql) is no acceptance: it has no sealed
    // audit row. The old folder stays refused, and its acceptance is refused, saying why.
    CHECK(pg.exec("INSERT INTO database_facts(name, value, recorded_at) VALUES ('billing-configuration-3', '" +
                      tc.clinic().billing_configuration().state().value().workstation_value +
                      "', '2026-03-02T18:00:00Z')",
                  "infusiondoc_test_admin") == "");
    CHECK(pg.exec("DELETE FROM database_facts WHERE name = 'billing-configuration-2'", "infusiondoc_test_admin") !=
          "");  // and an accepted one is never deleted, not even by hand
    CHECK(tc.clinic().billing_configuration().state().value().accepted == 2);
    const auto forged = tc.clinic().billing_configuration().accept(tc.demo("admin"));
    REQUIRE_FALSE(forged.ok());
    CHECK(forged.error().message.find("billing-configuration-3 is in the database's facts without the audit row") !=
          std::string::npos);
    CHECK_FALSE(
        tc.clinic().visits().sign(nurse, tc.clinic().visits().create(nurse, test::sample_visit(59)).value()).ok());
}
