// A demo database is a stored fact made when the database is new: demo-data and `users demo` refuse a
// clinic's database (its export must never carry synthetic visits), and the sign-in screen lists only
// the demo accounts that still have their documented passwords.
#include "demo/demo_database.hpp"
#include "demo/seed_demo.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

using namespace infusion;

namespace {

demo::DemoOptions few_visits(const app::Acting& who) {
    demo::DemoOptions plan;
    plan.visits = 20;
    plan.last_day = who.today();
    plan.first_day = std::chrono::sys_days{who.today()} - std::chrono::days{6};
    return plan;
}

std::vector<std::string> usernames(const std::vector<demo::DemoUser>& users) {
    std::vector<std::string> out;
    for (const auto& u : users) out.push_back(u.username);
    return out;
}

}  // namespace

TEST_CASE("demo: a new database becomes a demo database with its users, and takes synthetic visits") {
    test::TestClinic tc;
    CHECK_FALSE(tc.clinic().is_demo());
    const app::Acting nobody = tc.clinic().without_users("demo.seed");
    REQUIRE(demo::make_demo_database(nobody, tc.clinic()).ok());
    CHECK(tc.clinic().is_demo());
    CHECK(tc.audited("database-fact") == 1 + demo::demo_users().size());  // the kind, then each password
    auto seeded = demo::seed_demo(nobody, tc.clinic(), few_visits(nobody), {});
    REQUIRE(seeded.ok());
    CHECK(seeded.value().visits == 20);
    CHECK(usernames(demo::accounts_with_demo_passwords(tc.clinic())) ==
          std::vector<std::string>{"admin", "rn.okafor", "rn.lindqvist", "billing.chen", "sup.nakamura"});
}

TEST_CASE("demo: adding the demo users again to a demo database is refused, and the refusal audited") {
    test::TestClinic tc;
    const app::Acting nobody = tc.clinic().without_users("demo.seed");
    REQUIRE(demo::make_demo_database(nobody, tc.clinic()).ok());
    const auto rows_before = tc.audited("database-fact");
    const auto& first = demo::demo_users().front();  // the demo administrator
    auto session = tc.clinic().accounts().sign_in(first.username, first.password);
    REQUIRE(session.ok());
    const app::Acting admin = tc.clinic().act_as(session.value());
    const auto again = demo::make_demo_database(admin, tc.clinic());
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().kind == core::ErrorKind::refused);
    CHECK(again.error().message.find("the database has users already") != std::string::npos);
    CHECK(tc.audited("refused", first.username) == 1);
    CHECK(tc.audited("database-fact") == rows_before);  // nothing else written
    CHECK(tc.clinic().is_demo());
}

TEST_CASE("demo: a clinic's database is never made a demo one and takes no synthetic visits, refusals audited") {
    test::TestClinic tc;
    const app::Acting nurse = tc.as("rn.okafor", {app::Role::nurse});
    const app::Acting admin = tc.as("admin", {});
    REQUIRE(tc.clinic().visits().create(nurse, test::sample_visit()).ok());

    const auto made = demo::make_demo_database(admin, tc.clinic());
    REQUIRE_FALSE(made.ok());
    CHECK(made.error().kind == core::ErrorKind::refused);
    CHECK(made.error().message.find("it is a clinic's database") != std::string::npos);
    CHECK(tc.audited("refused", "admin") == 1);

    const auto seeded = demo::seed_demo(admin, tc.clinic(), few_visits(admin), {});
    REQUIRE_FALSE(seeded.ok());
    CHECK(seeded.error().message.find("synthetic visits would reach its billing export") != std::string::npos);
    CHECK(tc.audited("refused", "admin") == 2);
    CHECK(tc.db().visits().list({}).value().rows.size() == 1);  // only the nurse's visit
    CHECK_FALSE(tc.clinic().is_demo());
    CHECK(demo::accounts_with_demo_passwords(tc.clinic()).empty());
}

TEST_CASE("demo: a demo account whose password was changed, or which was disabled, is no longer shown") {
    test::TestClinic tc;
    const app::Acting nobody = tc.clinic().without_users("demo.seed");
    REQUIRE(demo::make_demo_database(nobody, tc.clinic()).ok());
    auto& accounts = tc.clinic().accounts();
    const auto nurse = accounts.sign_in("rn.okafor", "nurse-demo-1");
    REQUIRE(nurse.ok());
    REQUIRE(accounts.set_password(nurse.value(), "rn.okafor", "a private password 1").ok());
    const auto admin = accounts.sign_in("admin", "admin-demo-1");
    REQUIRE(admin.ok());
    REQUIRE(accounts.disable(admin.value(), "billing.chen").ok());
    CHECK(usernames(demo::accounts_with_demo_passwords(tc.clinic())) ==
          std::vector<std::string>{"admin", "rn.lindqvist", "sup.nakamura"});
}

TEST_CASE("demo: each synthetic visit is written and signed by its nurse at the chair, not by who made the data") {
    // Found from outside: every demo visit read "signed by admin" (or "cli") at the moment the data was made,
    // hours or years after its infusion.
    test::TestClinic tc("2026-03-09T14:00:00Z");
    const app::Acting nobody = tc.clinic().without_users("demo.seed");
    REQUIRE(demo::make_demo_database(nobody, tc.clinic()).ok());
    const app::Acting admin = tc.clinic().without_users("admin");
    REQUIRE(demo::seed_demo(admin, tc.clinic(), few_visits(admin), {}).ok());
    int signed_visits = 0;
    for (storage::VisitId id = 1; id <= 20; ++id) {
        const auto visit = tc.db().visits().load(id).value();
        const auto& r = visit.current();
        CHECK(visit.created_by == r.content.clinician);
        CHECK(visit.created_at <= "2026-03-09T14:00:00Z");
        if (!r.sealed) continue;
        ++signed_visits;
        CHECK(r.signed_by == r.content.clinician);
        CHECK(r.signed_by != "admin");
        CHECK(visit.created_at < r.signed_at);
        CHECK(r.signed_at < "2026-03-09T14:00:00Z");
        // Signed after the last stop: by the next day in UTC at the latest, not on the day the data was made.
        const auto next_day =
            std::chrono::year_month_day{std::chrono::sys_days{*r.coding->date_of_service} + std::chrono::days{1}};
        CHECK(r.signed_at.substr(0, 10) <= core::format_date(next_day));
    }
    CHECK(signed_visits > 5);
    // Who made the data stays on the record: the audit rows are the admin's.
    CHECK(tc.audited("sign", "admin") == static_cast<std::size_t>(signed_visits));
}

TEST_CASE("demo: the demo users a stopped demo-data never made are made by the next run, once") {
    test::TestClinic tc;
    const app::Acting nobody = tc.clinic().without_users("demo.seed");
    // demo-data killed right after the first administrator: the kind is recorded, one account exists.
    REQUIRE(tc.clinic().make_demo(nobody).ok());
    const auto& admin_user = demo::demo_users().front();
    REQUIRE(tc.clinic()
                .accounts()
                .create_first_admin(admin_user.username, admin_user.display_name, admin_user.password)
                .ok());
    CHECK(tc.db().users().find("rn.okafor").value() == std::nullopt);

    const app::Acting admin =
        tc.clinic().act_as(tc.clinic().accounts().sign_in(admin_user.username, admin_user.password).value());
    const auto made = demo::complete_demo_users(admin, tc.clinic());
    REQUIRE(made.ok());
    CHECK(made.value().size() == demo::demo_users().size() - 1);
    CHECK(tc.db().users().find("rn.okafor").value().has_value());
    // Their documented passwords are offered again on the sign-in screen.
    const auto offered = usernames(demo::accounts_with_demo_passwords(tc.clinic()));
    CHECK(std::find(offered.begin(), offered.end(), "rn.okafor") != offered.end());
    CHECK(demo::complete_demo_users(admin, tc.clinic()).value().empty());  // the next run adds nothing

    // A nurse's run makes no account, and a clinic's database is never given demo accounts.
    test::TestClinic clinic;
    const app::Acting clinic_admin = clinic.as("admin", {});
    CHECK(demo::complete_demo_users(clinic_admin, clinic.clinic()).value().empty());
    CHECK(clinic.db().users().find("rn.okafor").value() == std::nullopt);
}
