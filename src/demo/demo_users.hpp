#pragma once
// Demo users, one or more per role, with passwords documented in docs/users.md. For demonstration and
// training databases only (demo/demo_database.hpp): a clinic's database starts with `infusiondoc users
// add` instead.
#include "app/accounts.hpp"

#include <string>
#include <vector>

namespace infusion::demo {

struct DemoUser {
    std::string username;
    std::string display_name;
    std::vector<app::Role> roles;
    std::string password;
};

// admin, rn.okafor, rn.lindqvist, billing.chen, sup.nakamura (nurse and supervisor).
[[nodiscard]] const std::vector<DemoUser>& demo_users();

// Creates the demo users in a database without users: "admin" first (as the first administrator),
// then the others by that administrator, each audited. Refused when any user exists already.
[[nodiscard]] core::Status seed_demo_users(app::Accounts& accounts);

}  // namespace infusion::demo
