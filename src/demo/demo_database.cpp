#include "demo/demo_database.hpp"

namespace infusion::demo {
namespace {

std::string password_fact(const std::string& username) { return "demo-password:" + username; }

// Records `username`'s password hash as made (a demo password still in use shows on the sign-in screen);
// nothing for an account that is not there.
core::Status record_demo_password(storage::Database& db, const std::string& username, const app::Acting& who) {
    auto user = db.users().find(username);
    if (!user) return user.error();
    if (!user.value()) return core::Done{};
    return db.facts().record(password_fact(username), user.value()->password_hash, false, who.actor());
}

}  // namespace

core::Status make_demo_database(const app::Acting& who, app::Clinic& clinic) {
    if (auto made = clinic.make_demo(who); !made) return made;
    // A demo database made before has its users: asking again is refused on the record, like a clinic's
    // database above, so an administrator's attempt shows in the audit log.
    if (clinic.accounts().has_users()) {
        return who.refuse("add the demo users to " + clinic.database_name(),
                          "the database has users already: demo users are only added to a database without users");
    }
    if (auto seeded = seed_demo_users(clinic.accounts()); !seeded) return seeded;
    storage::Database& db = clinic.database();
    for (const auto& u : demo_users()) {
        if (auto recorded = record_demo_password(db, u.username, who); !recorded) return recorded;
    }
    return core::Done{};
}

core::Result<std::vector<std::string>> complete_demo_users(const app::Acting& who, app::Clinic& clinic) {
    std::vector<std::string> made;
    // The administrator's, as demo-data is: anyone else is refused by the visits' own check after this.
    if (!clinic.is_demo() || who.session() == nullptr || !who.holds(app::Role::admin)) return made;
    storage::Database& db = clinic.database();
    for (const auto& u : demo_users()) {
        auto user = db.users().find(u.username);
        if (!user) return user.error();
        if (user.value()) continue;  // there, whatever became of it since (disabled, another password)
        if (auto added = clinic.accounts().add_user(*who.session(), u.username, u.display_name, u.roles, u.password);
            !added) {
            return added.error();
        }
        if (auto recorded = record_demo_password(db, u.username, who); !recorded) return recorded.error();
        made.push_back(u.username);
    }
    return made;
}

std::vector<DemoUser> accounts_with_demo_passwords(app::Clinic& clinic) {
    std::vector<DemoUser> out;
    if (!clinic.is_demo()) return out;
    storage::Database& db = clinic.database();
    for (const auto& u : demo_users()) {
        const auto made = db.facts().get(password_fact(u.username));
        const auto user = db.users().find(u.username);
        if (!made || !made.value() || !user || !user.value()) continue;
        // A new password is hashed with a new salt: any change shows, without verifying a password.
        if (!user.value()->disabled && user.value()->password_hash == *made.value()) out.push_back(u);
    }
    return out;
}

}  // namespace infusion::demo
