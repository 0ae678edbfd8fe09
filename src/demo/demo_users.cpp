#include "demo/demo_users.hpp"

namespace infusion::demo {

const std::vector<DemoUser>& demo_users() {
    // Keep in step with docs/users.md, which is where people look these up.
    static const std::vector<DemoUser> all{
        {"admin", "Demo Administrator", {app::Role::admin}, "admin-demo-1"},
        {"rn.okafor", "Adaeze Okafor, RN", {app::Role::nurse}, "nurse-demo-1"},
        {"rn.lindqvist", "Maja Lindqvist, RN", {app::Role::nurse}, "nurse-demo-2"},
        {"billing.chen", "Wei Chen (billing)", {app::Role::biller}, "biller-demo-1"},
        {"sup.nakamura",
         "Haruto Nakamura, RN (supervisor)",
         {app::Role::nurse, app::Role::supervisor},
         "supervisor-demo-1"},
    };
    return all;
}

core::Status seed_demo_users(app::Accounts& accounts) {
    if (accounts.has_users()) {
        return core::Error{
            "the database has users already: demo users are only added to a database without users", "", {}};
    }
    const auto& users = demo_users();
    auto admin = accounts.create_first_admin(users[0].username, users[0].display_name, users[0].password);
    if (!admin) return admin.error();
    for (std::size_t i = 1; i < users.size(); ++i) {
        const DemoUser& u = users[i];
        if (auto added = accounts.add_user(admin.value(), u.username, u.display_name, u.roles, u.password); !added) {
            return added;
        }
    }
    return core::Done{};
}

}  // namespace infusion::demo
