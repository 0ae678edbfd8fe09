#include "support/test_clinic.hpp"
#include "storage/sqlite_database.hpp"

#include "demo/demo_users.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

namespace infusion::test {

TestClinic::TestClinic(std::string utc, std::unique_ptr<storage::Database> db) : now(std::move(utc)) {
    m_db = db ? std::move(db) : storage::SqliteDatabase::open_in_memory().value();
    m_database = m_db.get();
    app::ClinicOptions options;
    options.clock = [this] { return now; };
    options.cost = storage::HashCost::test_only_minimal;
    m_clinic = std::make_unique<app::Clinic>(repo_config(), *m_db, options);
}

TestClinic::TestClinic(std::string utc, storage::Database& borrowed, const settings::Config& config)
    : now(std::move(utc)), m_database(&borrowed) {
    app::ClinicOptions options;
    options.clock = [this] { return now; };
    options.cost = storage::HashCost::test_only_minimal;
    m_clinic = std::make_unique<app::Clinic>(config, borrowed, options);
}

app::Acting TestClinic::as(const std::string& user, const std::vector<app::Role>& roles) {
    auto& accounts = m_clinic->accounts();
    if (m_passwords.count("admin") == 0 && !accounts.has_users()) {
        REQUIRE(accounts.create_first_admin("admin", "Clinic Admin", "admin-password-1").ok());
        m_passwords["admin"] = "admin-password-1";
    }
    if (m_passwords.count(user) == 0) {
        // As at a clinic: the administrator gives a first password, the person then chooses her own
        // (nothing is done under one an administrator set, users.md).
        const std::string first = user + "-first-password";
        const std::string password = user + "-password-1";
        auto admin = accounts.sign_in("admin", m_passwords.at("admin"));
        REQUIRE(admin.ok());
        REQUIRE(accounts.add_user(admin.value(), user, user, roles, first).ok());
        auto signed_in = accounts.sign_in(user, first);
        REQUIRE(signed_in.ok());
        REQUIRE(accounts.set_password(signed_in.value(), user, password).ok());
        m_passwords[user] = password;
    }
    auto session = accounts.sign_in(user, m_passwords.at(user));
    REQUIRE_MESSAGE(session.ok(), user << ": " << (session.ok() ? "" : session.error().message));
    return m_clinic->act_as(session.value());
}

void TestClinic::add_demo_users() {
    // Demo accounts live in a demo database (their passwords are published, so none is to be replaced).
    REQUIRE(m_database->facts()
                .record(std::string(storage::kind_fact), std::string(storage::demo_kind), false,
                        storage::Actor{"infusiondoc", now})
                .ok());
    REQUIRE(demo::seed_demo_users(m_clinic->accounts()).ok());
    for (const auto& u : demo::demo_users()) m_passwords[u.username] = u.password;
}

app::Acting TestClinic::demo(const std::string& user) {
    REQUIRE(m_passwords.count(user) == 1);
    return as(user, {});
}

std::size_t TestClinic::audited(const std::string& action, const std::string& user) {
    storage::AuditFilter f;
    f.action = action;
    f.limit = 1000000;
    auto rows = m_database->audit().entries(f);
    REQUIRE(rows.ok());
    std::size_t n = 0;
    for (const auto& row : rows.value()) n += user.empty() || row.actor == user ? 1U : 0U;
    return n;
}

}  // namespace infusion::test
