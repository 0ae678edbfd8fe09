#pragma once
// A clinic for app, CLI and UI tests: an in-memory (or given) database, the repository's config, a
// clock the test sets, cheap Argon2id, and people signed in with the roles a test needs.
#include "app/clinic.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace infusion::test {

class TestClinic {
public:
    // The clock reads `utc` until the test sets `now`.
    explicit TestClinic(std::string utc = "2026-03-02T14:00:00Z", std::unique_ptr<storage::Database> db = {});
    // Over a database the test keeps (fault injection, files it reopens), with `config`'s rules.
    TestClinic(std::string utc, storage::Database& borrowed, const settings::Config& config);

    std::string now;
    app::Clinic& clinic() { return *m_clinic; }
    storage::Database& db() { return *m_database; }

    // Signs `user` in, made on first use by the administrator "admin" (created first) with `roles` and
    // the password "<user>-password-1"; an empty `roles` makes an account with no role at all
    // impossible, so it is refused by REQUIRE.
    app::Acting as(const std::string& user, const std::vector<app::Role>& roles);
    // The demo users of docs/users.md (admin, rn.okafor, rn.lindqvist, billing.chen, sup.nakamura).
    void add_demo_users();
    app::Acting demo(const std::string& user);
    // How many audit rows carry `action` (optionally of `user`).
    std::size_t audited(const std::string& action, const std::string& user = {});

private:
    std::unique_ptr<storage::Database> m_db;  // empty over a borrowed database
    storage::Database* m_database = nullptr;
    std::unique_ptr<app::Clinic> m_clinic;
    std::map<std::string, std::string> m_passwords;
};

}  // namespace infusion::test
