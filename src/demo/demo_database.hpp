#pragma once
// A demo database: marked as one when it is made (a stored fact: app::Clinic::make_demo), with the
// demo users of docs/users.md. demo-data adds synthetic visits to such a database only, so synthetic
// visits never reach the export of a clinic's database; the sign-in screen shows a demo account's
// password only while the account still has it.
#include "app/clinic.hpp"
#include "demo/demo_users.hpp"

#include <vector>

namespace infusion::demo {

// Makes a new database (no user, no visit) a demo database with the demo users, as `who`, and
// records each demo account's password hash as made, so a changed password is noticed.
[[nodiscard]] core::Status make_demo_database(const app::Acting& who, app::Clinic& clinic);

// On a demo database, the demo users a stopped `demo-data` never made (killed between the first
// administrator and the last account), made now by the administrator `who`, with their password facts.
// Returns their names; nothing on a clinic's database or when every one is there. Found from outside:
// a re-run never added them, and the sign-in screen offered accounts that did not exist.
[[nodiscard]] core::Result<std::vector<std::string>> complete_demo_users(const app::Acting& who, app::Clinic& clinic);

// The demo accounts of a demo database that still sign in with their documented password (enabled,
// password never changed). Empty on any other database.
[[nodiscard]] std::vector<DemoUser> accounts_with_demo_passwords(app::Clinic& clinic);

}  // namespace infusion::demo
