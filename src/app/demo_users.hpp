#pragma once
// Demo users, one or more per role, with passwords documented in docs/users.md. For demonstrations and
// training databases only: a clinic's real database starts with `infusiondoc users add` instead.
#include "app/accounts.hpp"

#include <string>
#include <vector>

namespace infusion::app {

struct DemoUser {
    std::string username;
    std::string display_name;
    std::vector<Role> roles;
    std::string password;
};

// admin, rn.okafor, rn.lindqvist, billing.chen, sup.nakamura (nurse and supervisor).
[[nodiscard]] const std::vector<DemoUser>& demo_users();

// Creates the demo users in a database without users: "admin" first (as the first administrator),
// then the others by that administrator, each audited. Refused when any user exists already.
[[nodiscard]] core::Status seed_demo_users(Accounts& accounts);

// True for a demonstration database (its administrator is the demo one): the sign-in screen then
// shows the demo accounts, so someone trying the program can get in.
[[nodiscard]] bool is_demo_database(storage::UserStore& users);

}  // namespace infusion::app
