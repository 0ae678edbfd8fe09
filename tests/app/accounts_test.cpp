// Signing in and managing users (app/accounts.hpp). Every Accounts here hashes with the test-only
// minimal Argon2id cost, passed explicitly; one case uses the real cost to check re-hashing.
#include "app/accounts.hpp"
#include "app/account_rules.hpp"
#include "demo/demo_users.hpp"
#include "storage/sqlite_database.hpp"

#include <doctest/doctest.h>

#include <memory>

using namespace infusion;
using app::Role;

namespace {

constexpr auto cheap = storage::HashCost::test_only_minimal;

// An in-memory database, a clock the test moves, and Accounts over them.
struct Clinic {
    std::unique_ptr<storage::Database> db = std::move(storage::SqliteDatabase::open_in_memory().value());
    std::string now = "2026-03-02T15:00:00Z";
    app::Accounts accounts{db->users(), db->audit(), [this] { return now; }, cheap};

    // Sets the clock to 15:MM:SS on the test day.
    void at(int minute, int second) {
        char text[32];
        std::snprintf(text, sizeof text, "2026-03-02T15:%02d:%02dZ", minute, second);
        now = text;
    }
    app::Session admin() { return accounts.sign_in("admin", "admin-demo-1").value(); }
    std::vector<storage::AuditEntry> audit(const std::string& action) {
        storage::AuditFilter f;
        f.action = action;
        return db->audit().entries(f).value();
    }
};

Clinic& seeded(Clinic& c) {
    // Demo accounts live in a demo database, whose published passwords nobody is made to replace.
    c.accounts.set_demo_check([] { return true; });
    REQUIRE(demo::seed_demo_users(c.accounts).ok());
    return c;
}

}  // namespace

TEST_CASE("roles read and write as names, an unknown name is refused, not dropped") {
    CHECK(app::roles_from_string("supervisor, nurse,nurse").value() ==
          std::vector<Role>{Role::nurse, Role::supervisor});
    CHECK_FALSE(app::roles_from_string("nurse,doctor").has_value());
    CHECK(app::roles_to_string({Role::admin, Role::biller}) == "biller,admin");
    for (Role r : {Role::nurse, Role::biller, Role::supervisor, Role::admin}) {
        CHECK(app::role_from_string(app::to_string(r)) == r);
    }
}

TEST_CASE("the first administrator can be created once, in a database without users") {
    Clinic c;
    CHECK_FALSE(c.accounts.has_users());
    const auto short_password = c.accounts.create_first_admin("admin", "Admin", "short");
    REQUIRE_FALSE(short_password.ok());
    CHECK(short_password.error().message.find("at least 10 characters") != std::string::npos);
    CHECK_FALSE(c.accounts.has_users());

    const auto first = c.accounts.create_first_admin("admin", "Clinic Admin", "a long admin password");
    REQUIRE(first.ok());
    CHECK(first.value().username == "admin");
    CHECK(first.value().has(Role::admin));
    CHECK(c.accounts.has_users());

    const auto second = c.accounts.create_first_admin("intruder", "X", "another long password");
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().message.find("users already") != std::string::npos);
    CHECK_FALSE(c.db->users().find("intruder").value().has_value());
}

TEST_CASE("password rules: at least 10 characters, never the username") {
    CHECK_FALSE(app::password_problem("rn.okafor", "nurse-demo-1").has_value());
    CHECK(app::password_problem("rn.okafor", "123456789").value().find("at least 10") != std::string::npos);
    CHECK(app::password_problem("rn.okafor.long", "RN.Okafor.Long").value() == "the password cannot be the username");
    CHECK_FALSE(app::password_problem("x", "éééééééééé").has_value());  // 10 characters, 20 bytes
    CHECK(app::password_problem("x", std::string(1025, 'a')).has_value());
    // A Tab cannot be typed at the window's sign-in (found from outside: set from a file, it locked its owner out).
    CHECK(app::password_problem("rn.okafor", "nurse\tdemo-1").value().find("control characters") != std::string::npos);
    CHECK(app::password_problem("rn.okafor", "nurse-demo-\x01").has_value());
    CHECK(app::username_problem("rn.okafor") == std::nullopt);
    CHECK(app::username_problem("RN Okafor").has_value());
    CHECK(app::username_problem("").has_value());
}

TEST_CASE("sign-in: the right password opens a session, with the same answer for wrong passwords and unknown names") {
    Clinic c;
    seeded(c);
    const auto ok = c.accounts.sign_in("sup.nakamura", "supervisor-demo-1");
    REQUIRE(ok.ok());
    CHECK(ok.value().display_name == "Haruto Nakamura, RN (supervisor)");
    CHECK(ok.value().roles == std::vector<Role>{Role::nurse, Role::supervisor});

    const auto wrong = c.accounts.sign_in("rn.okafor", "nurse-demo-2");
    const auto unknown = c.accounts.sign_in("rn.nobody", "nurse-demo-1");
    REQUIRE_FALSE(wrong.ok());
    REQUIRE_FALSE(unknown.ok());
    CHECK(wrong.error().message == "wrong username or password");
    CHECK(unknown.error().message == wrong.error().message);

    const auto failed = c.audit("sign-in-failed");
    REQUIRE(failed.size() == 2);
    CHECK(failed[0].actor == "rn.okafor");
    CHECK(failed[0].detail.find("wrong password") != std::string::npos);
    CHECK(failed[1].actor == "(unknown)");
    CHECK(failed[1].detail.find("rn.nobody") == std::string::npos);  // might have been a password
    CHECK(c.audit("sign-in").back().actor == "sup.nakamura");
}

TEST_CASE("a disabled user cannot sign in, and only the right password learns that it is disabled") {
    Clinic c;
    seeded(c);
    auto admin = c.admin();
    REQUIRE(c.accounts.disable(admin, "rn.lindqvist").ok());
    CHECK(c.accounts.sign_in("rn.lindqvist", "wrong-password-x").error().message == "wrong username or password");
    const auto refused = c.accounts.sign_in("rn.lindqvist", "nurse-demo-2");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("disabled") != std::string::npos);
    REQUIRE(c.accounts.enable(admin, "rn.lindqvist").ok());
    CHECK(c.accounts.sign_in("rn.lindqvist", "nurse-demo-2").ok());
}

TEST_CASE("after three failures sign-in waits 1 s, 2 s, 4 s ... up to 30 s, and says until when") {
    CHECK(app::sign_in_delay(1).count() == 0);
    CHECK(app::sign_in_delay(2).count() == 0);
    CHECK(app::sign_in_delay(3).count() == 1);
    CHECK(app::sign_in_delay(4).count() == 2);
    CHECK(app::sign_in_delay(5).count() == 4);
    CHECK(app::sign_in_delay(7).count() == 16);
    CHECK(app::sign_in_delay(8).count() == 30);
    CHECK(app::sign_in_delay(100).count() == 30);

    Clinic c;
    seeded(c);
    CHECK(c.accounts.sign_in("rn.okafor", "bad password 1").error().message == "wrong username or password");
    CHECK(c.accounts.sign_in("rn.okafor", "bad password 2").error().message == "wrong username or password");
    CHECK(c.accounts.sign_in("rn.okafor", "bad password 3").error().message ==
          "wrong username or password; too many failed sign-ins: try again after 15:00:01 UTC (in 1 s)");
    // During the wait even the right password is refused, unchecked.
    CHECK(c.accounts.sign_in("rn.okafor", "nurse-demo-1").error().message ==
          "too many failed sign-ins: try again after 15:00:01 UTC (in 1 s)");
    c.at(0, 1);
    CHECK(c.accounts.sign_in("rn.okafor", "bad password 4").error().message.find("after 15:00:03 UTC (in 2 s)") !=
          std::string::npos);
    c.at(0, 3);
    CHECK(c.accounts.sign_in("rn.okafor", "bad password 5").error().message.find("after 15:00:07 UTC (in 4 s)") !=
          std::string::npos);
    CHECK(c.db->users().find("rn.okafor").value()->failed_attempts == 5);
    c.at(0, 7);
    REQUIRE(c.accounts.sign_in("rn.okafor", "nurse-demo-1").ok());
    CHECK(c.db->users().find("rn.okafor").value()->failed_attempts == 0);
    CHECK(c.db->users().find("rn.okafor").value()->locked_until.empty());

    // An unknown name waits the same way, so the waiting does not tell which names exist.
    for (int i = 0; i < 2; ++i) CHECK_FALSE(c.accounts.sign_in("rn.ghost", "bad password").ok());
    CHECK(c.accounts.sign_in("rn.ghost", "bad password").error().message ==
          "wrong username or password; too many failed sign-ins: try again after 15:00:08 UTC (in 1 s)");
    CHECK(c.accounts.sign_in("rn.ghost", "bad password").error().message ==
          "too many failed sign-ins: try again after 15:00:08 UTC (in 1 s)");
}

TEST_CASE("a lock longer than the program ever sets says its date and how it is lifted") {
    // Found from outside: a locked_until ten years ahead, written with the sqlite3 shell, said "try again after
    // 10:00:00 UTC (in 315360000 s)".
    const auto now = *app::parse_utc("2026-03-02T15:00:00Z");
    CHECK(app::locked_message(*app::parse_utc("2026-03-02T15:00:30Z"), now) ==
          "too many failed sign-ins: try again after 15:00:30 UTC (in 30 s)");
    CHECK(app::locked_message(*app::parse_utc("2036-03-02T10:00:00Z"), now) ==
          "this account is locked until 2036-03-02 10:00:00 UTC, longer than InfusionDoc ever locks one (it was set "
          "outside the program): an administrator's password reset lifts it");
}

TEST_CASE("a password hashed with other parameters is re-hashed at the next successful sign-in") {
    Clinic c;
    seeded(c);  // minimal-cost hashes
    const std::string before = c.db->users().find("billing.chen").value()->password_hash;
    CHECK(storage::needs_rehash(before));  // not the program's cost
    app::Accounts real_cost(c.db->users(), c.db->audit(), [&c] { return c.now; });
    REQUIRE(real_cost.sign_in("billing.chen", "biller-demo-1").ok());
    const std::string after = c.db->users().find("billing.chen").value()->password_hash;
    CHECK(after != before);
    CHECK_FALSE(storage::needs_rehash(after));
    CHECK(storage::verify_password(after, "biller-demo-1"));
    CHECK(c.audit("sign-in").back().detail.find("re-hashed") != std::string::npos);
    // Once current, it stays as it is.
    REQUIRE(real_cost.sign_in("billing.chen", "biller-demo-1").ok());
    CHECK(c.db->users().find("billing.chen").value()->password_hash == after);
}

TEST_CASE("a nurse cannot add users, the refusal is audited and says why") {
    Clinic c;
    seeded(c);
    const auto nurse = c.accounts.sign_in("rn.okafor", "nurse-demo-1").value();
    const auto refused = c.accounts.add_user(nurse, "rn.new", "New", {Role::nurse}, "a fine new password");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message == "add user 'rn.new': refused, it needs the admin role and rn.okafor has nurse");
    CHECK_FALSE(c.db->users().find("rn.new").value().has_value());
    const auto rows = c.audit("refused");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].actor == "rn.okafor");
    CHECK(rows[0].detail == "add user 'rn.new': it needs the admin role and rn.okafor has nurse");
    CHECK_FALSE(c.accounts.list(nurse).ok());
    CHECK_FALSE(c.accounts.disable(nurse, "rn.lindqvist").ok());
    CHECK_FALSE(c.accounts.set_roles(nurse, "rn.okafor", {Role::admin}).ok());
    CHECK_FALSE(c.accounts.set_password(nurse, "rn.lindqvist", "a fine new password").ok());
    CHECK(c.audit("refused").size() == 5);
}

TEST_CASE("require() looks at the account as it is now, not as it was at sign-in") {
    Clinic c;
    seeded(c);
    auto admin = c.admin();
    const auto supervisor = c.accounts.sign_in("sup.nakamura", "supervisor-demo-1").value();
    CHECK(c.accounts.require(supervisor, Role::supervisor, "read the audit log").ok());
    REQUIRE(c.accounts.set_roles(admin, "sup.nakamura", {Role::nurse}).ok());
    const auto refused = c.accounts.require(supervisor, Role::supervisor, "read the audit log");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("removed since signing in") != std::string::npos);
    CHECK(c.audit("refused").back().detail.find("read the audit log") == 0);
}

TEST_CASE("administrators add, list, re-role and disable users, the last administrator is kept") {
    Clinic c;
    seeded(c);
    auto admin = c.admin();
    REQUIRE(c.accounts.add_user(admin, "rn.new", "New Nurse", {Role::nurse}, "a fine new password").ok());
    CHECK(c.accounts.add_user(admin, "rn.new", "Again", {Role::nurse}, "a fine new password")
              .error()
              .message.find("already") != std::string::npos);
    CHECK(c.accounts.add_user(admin, "rn.two", "Two", {}, "a fine new password").error().message.find("role") !=
          std::string::npos);
    CHECK(c.accounts.add_user(admin, "rn.three", "Three", {Role::nurse}, "rn.three")
              .error()
              .message.find("at least 10") != std::string::npos);
    CHECK(c.accounts.add_user(admin, "rn.three.long", "Three", {Role::nurse}, "rn.three.long").error().message ==
          "the password cannot be the username");
    CHECK(c.accounts.sign_in("rn.new", "a fine new password").ok());

    const auto users = c.accounts.list(admin);
    REQUIRE(users.ok());
    CHECK(users.value().size() == 6);
    for (const auto& u : users.value()) CHECK(u.password_hash.empty());

    CHECK(c.accounts.disable(admin, "admin").error().message.find("last enabled administrator") != std::string::npos);
    CHECK(c.accounts.set_roles(admin, "admin", {Role::nurse}).error().message.find("last enabled administrator") !=
          std::string::npos);
    // Both refusals are on the audit log, as every refusal is (found from outside: they were not).
    const auto refusals = c.audit("refused");
    REQUIRE(refusals.size() == 2);
    CHECK(refusals[0].detail.find("disable user 'admin': 'admin' is the last enabled administrator") == 0);
    CHECK(refusals[1].detail.find("change the roles of 'admin': 'admin' is the last enabled administrator") == 0);
    REQUIRE(c.accounts.set_roles(admin, "sup.nakamura", {Role::supervisor, Role::admin}).ok());
    CHECK(c.accounts.disable(admin, "admin").ok());
}

TEST_CASE("an administrator cannot add a role to her own account, another administrator can") {
    Clinic c;
    seeded(c);
    auto admin = c.admin();
    const auto refused = c.accounts.set_roles(admin, "admin", {Role::admin, Role::nurse});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("cannot add a role to their own account (nurse)") != std::string::npos);
    CHECK(c.db->users().find("admin").value()->roles == std::vector<std::string>{"admin"});
    REQUIRE(c.audit("refused").size() == 1);
    CHECK(c.audit("refused")[0].detail.find("change the roles of 'admin'") == 0);

    // A second administrator gives it; the first may then give it up again on her own.
    REQUIRE(c.accounts.add_user(admin, "admin2", "Second Admin", {Role::admin}, "second admin password").ok());
    const auto second = c.accounts.sign_in("admin2", "second admin password").value();
    REQUIRE(c.accounts.set_roles(second, "admin", {Role::admin, Role::nurse}).ok());
    CHECK(c.accounts.set_roles(admin, "admin", {Role::admin}).ok());
    CHECK(
        c.accounts.set_roles(second, "admin2", {Role::admin, Role::supervisor}).error().message.find("(supervisor)") !=
        std::string::npos);
}

TEST_CASE("the first administrator may hold other roles from the start, and must hold admin") {
    Clinic c;
    CHECK(c.accounts.create_first_admin("owner", "Owner", "owner password 1", {Role::nurse}).error().message ==
          "the first user must be an administrator (the admin role)");
    CHECK_FALSE(c.accounts.has_users());
    const auto first = c.accounts.create_first_admin("owner", "Owner", "owner password 1", {Role::nurse, Role::admin});
    REQUIRE(first.ok());
    CHECK(first.value().has(Role::nurse));
    CHECK(first.value().has(Role::admin));
}

TEST_CASE("a user changes their own password, an administrator changes anyone's") {
    Clinic c;
    seeded(c);
    const auto nurse = c.accounts.sign_in("rn.okafor", "nurse-demo-1").value();
    REQUIRE(c.accounts.set_password(nurse, "rn.okafor", "my own new password").ok());
    CHECK_FALSE(c.accounts.sign_in("rn.okafor", "nurse-demo-1").ok());
    CHECK(c.accounts.sign_in("rn.okafor", "my own new password").ok());
    REQUIRE(c.accounts.set_password(c.admin(), "rn.okafor", "reset by the admin").ok());
    CHECK(c.accounts.sign_in("rn.okafor", "reset by the admin").ok());
    CHECK(c.audit("user-passwd").size() == 2);
}

TEST_CASE("demo users: every documented account signs in with its documented password, once") {
    Clinic c;
    seeded(c);
    for (const auto& u : demo::demo_users()) {
        CAPTURE(u.username);
        const auto s = c.accounts.sign_in(u.username, u.password);
        REQUIRE(s.ok());
        CHECK(s.value().roles == app::normalised(u.roles));
    }
    CHECK_FALSE(demo::seed_demo_users(c.accounts).ok());
    storage::AuditFilter all;
    for (const auto& row : c.db->audit().entries(all).value()) {
        for (const auto& u : demo::demo_users()) CHECK(row.detail.find(u.password) == std::string::npos);
    }
}

TEST_CASE("an unknown name waits as long as a user, from one run of the program to the next, never stored in clear") {
    Clinic c;
    seeded(c);
    for (const char* name : {"rn.okafor", "rn.ghost"}) {
        CAPTURE(name);
        for (int i = 0; i < 3; ++i) CHECK_FALSE(c.accounts.sign_in(name, "bad password").ok());
        // A new Accounts over the same database, as the next command-line run: still waiting, same words.
        app::Accounts next_run{c.db->users(), c.db->audit(), [&c] { return c.now; }, cheap};
        CHECK(next_run.sign_in(name, "bad password").error().message ==
              "too many failed sign-ins: try again after 15:00:01 UTC (in 1 s)");
    }
    for (const auto& row : c.audit("sign-in-failed")) CHECK(row.detail.find("rn.ghost") == std::string::npos);
}

TEST_CASE("a burst of attempts during a wait is one audit row with the count, not one row each") {
    Clinic c;
    seeded(c);
    for (const char* name : {"rn.okafor", "rn.ghost"}) {
        CAPTURE(name);
        c.at(0, 0);
        const auto before = c.audit("sign-in-failed").size();
        for (int i = 0; i < 3; ++i) CHECK_FALSE(c.accounts.sign_in(name, "bad password").ok());
        CHECK(c.audit("sign-in-failed").size() == before + 3);
        for (int i = 0; i < 500; ++i) CHECK_FALSE(c.accounts.sign_in(name, "bad password").ok());
        CHECK(c.audit("sign-in-failed").size() == before + 4);  // the first refusal of the wait
        c.at(0, 2);  // the wait is over: the next attempt's row comes with the count
        CHECK_FALSE(c.accounts.sign_in(name, "bad password").ok());
        const auto rows = c.audit("sign-in-failed");
        REQUIRE(rows.size() == before + 6);
        bool counted = false;
        for (const auto& row : rows)
            counted = counted || row.detail.find("499 more attempts refused") != std::string::npos;
        CHECK(counted);
        c.at(0, 30);
        if (std::string(name) == "rn.okafor") REQUIRE(c.accounts.sign_in(name, "nurse-demo-1").ok());
    }
}

TEST_CASE("enabling an enabled account, or disabling a disabled one, changes nothing and writes no audit row") {
    // Found from outside: each such command wrote a user-enable / user-disable row for no change.
    Clinic c;
    seeded(c);
    auto admin = c.admin();
    REQUIRE(c.accounts.enable(admin, "rn.lindqvist").ok());
    CHECK(c.audit("user-enable").empty());
    REQUIRE(c.accounts.disable(admin, "rn.lindqvist").ok());
    REQUIRE(c.accounts.disable(admin, "rn.lindqvist").ok());
    CHECK(c.audit("user-disable").size() == 1);
    CHECK_FALSE(c.accounts.enable(admin, "nobody.here").ok());
    CHECK(c.db->check().value().ok);
}

TEST_CASE("a password an administrator set is replaced by the person's own before anything is done under it") {
    Clinic c;
    REQUIRE(c.accounts.create_first_admin("admin", "Clinic Admin", "admin-password-1").ok());
    const auto admin = c.accounts.sign_in("admin", "admin-password-1").value();
    CHECK(admin.password_set_by.empty());  // the first administrator chose her own
    REQUIRE(c.accounts.add_user(admin, "rn.new", "New Nurse", {app::Role::nurse}, "given-by-admin-1").ok());
    CHECK(c.accounts.password_set_by_other("rn.new") == "admin");

    // She signs in (the password proves who she is), but nothing is done under it.
    auto first = c.accounts.sign_in("rn.new", "given-by-admin-1");
    REQUIRE(first.ok());
    CHECK(first.value().password_set_by == "admin");
    const auto refused = c.accounts.require(first.value(), app::Role::nurse, "sign visit 12");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message ==
          "sign visit 12: refused, the password of 'rn.new' was set by the administrator 'admin': choose your own "
          "first (in the window: Account > Switch user, then sign in with it, and the window asks for your own; on "
          "the command line: 'infusiondoc --user rn.new users passwd')");
    CHECK(c.audit("refused").size() == 1);
    // The same password again is no choice of hers; another one is.
    const auto same = c.accounts.set_password(first.value(), "rn.new", "given-by-admin-1");
    REQUIRE_FALSE(same.ok());
    CHECK(same.error().message == "choose a password other than the one the administrator set");
    REQUIRE(c.accounts.set_password(first.value(), "rn.new", "chosen-by-me-1").ok());
    auto own = c.accounts.sign_in("rn.new", "chosen-by-me-1");
    REQUIRE(own.ok());
    CHECK(own.value().password_set_by.empty());
    CHECK(c.accounts.require(own.value(), app::Role::nurse, "sign visit 12").ok());

    // Reset by an administrator while she is signed in: her next action waits for her own password again.
    REQUIRE(c.accounts.set_password(admin, "rn.new", "reset-by-admin-2").ok());
    CHECK_FALSE(c.accounts.require(own.value(), app::Role::nurse, "sign visit 12").ok());
    // The administrator's own work goes on (her password is her own).
    CHECK(c.accounts.require(admin, app::Role::admin, "list users").ok());

    // On a demo database the passwords are published ones: nobody is made to replace them.
    c.accounts.set_demo_check([] { return true; });
    CHECK(c.accounts.require(own.value(), app::Role::nurse, "sign visit 12").ok());
    CHECK(c.accounts.password_set_by_other("rn.new").empty());
}
