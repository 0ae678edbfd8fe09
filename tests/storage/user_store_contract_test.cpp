// The UserStore contract: what every backend must do (see store_fixture.hpp), and migration 2 on a
// file made by schema 1. Hashes are made with the test-only minimal Argon2id cost.
#include "storage/password_hash.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

using namespace infusion;

namespace {

constexpr const char* password = "correct horse battery";

std::string cheap_hash(const std::string& text = password) {
    return storage::hash_password(text, storage::HashCost::test_only_minimal).value();
}

storage::NewUser new_user(const std::string& name, std::vector<std::string> roles, bool first = false) {
    return storage::NewUser{name, "Display " + name, std::move(roles), cheap_hash(), first};
}

std::vector<storage::AuditEntry> audit_rows(storage::Database& db) {
    storage::AuditFilter all;
    all.limit = 10'000;
    return db.audit().entries(all).value();
}

}  // namespace

TEST_CASE("contract: users are created, found, listed and counted, a username is taken only once") {
    for (const auto& backend : test::backends(test::Stores::users_audit_facts)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& users = db->users();
        CHECK(users.count().value() == 0);
        CHECK_FALSE(users.find("admin").value().has_value());

        const auto admin = users.create(new_user("admin", {"admin"}, true), test::actor("admin"));
        REQUIRE_MESSAGE(admin.ok(), (admin.ok() ? "" : admin.error().describe()));
        CHECK(admin.value().id > 0);
        CHECK(admin.value().created_at == test::actor().at);
        const auto nurse = users.create(new_user("rn.okafor", {"nurse", "supervisor"}), test::actor("admin"));
        REQUIRE(nurse.ok());

        const auto found = users.find("rn.okafor").value();
        REQUIRE(found);
        CHECK(found->display_name == "Display rn.okafor");
        CHECK(found->roles == std::vector<std::string>{"nurse", "supervisor"});
        CHECK_FALSE(found->disabled);
        CHECK(found->failed_attempts == 0);
        CHECK(found->locked_until.empty());
        CHECK(storage::verify_password(found->password_hash, password));

        const auto again = users.create(new_user("rn.okafor", {"nurse"}), test::actor("admin"));
        REQUIRE_FALSE(again.ok());
        CHECK(again.error().message.find("already a user 'rn.okafor'") != std::string::npos);
        // "The first administrator" only in an empty database, checked in the same transaction.
        const auto second_first = users.create(new_user("boss", {"admin"}, true), test::actor("boss"));
        REQUIRE_FALSE(second_first.ok());
        CHECK(second_first.error().message.find("users already") != std::string::npos);

        CHECK(users.count().value() == 2);
        const auto all = users.list().value();
        REQUIRE(all.size() == 2);
        CHECK(all[0].username == "admin");  // by username
        CHECK(all[1].username == "rn.okafor");
    }
}

TEST_CASE("contract: roles, passwords and disabling change one user, each with its audit row") {
    for (const auto& backend : test::backends(test::Stores::users_audit_facts)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& users = db->users();
        REQUIRE(users.create(new_user("rn.lindqvist", {"nurse"}), test::actor("admin")).ok());

        REQUIRE(users.set_roles("rn.lindqvist", {"nurse", "biller"}, test::actor("admin")).ok());
        CHECK(users.find("rn.lindqvist").value()->roles == std::vector<std::string>{"nurse", "biller"});
        CHECK_FALSE(users.set_roles("rn.lindqvist", {"nurse,admin"}, test::actor("admin")).ok());  // no smuggling
        CHECK_FALSE(users.set_roles("nobody", {"nurse"}, test::actor("admin")).ok());

        REQUIRE(users.set_disabled("rn.lindqvist", true, test::actor("admin")).ok());
        CHECK(users.find("rn.lindqvist").value()->disabled);
        REQUIRE(users.set_disabled("rn.lindqvist", false, test::actor("admin")).ok());
        CHECK_FALSE(users.find("rn.lindqvist").value()->disabled);

        // Who set the password in use: the creator, until someone sets another; roles and state do not count.
        CHECK(users.find("rn.lindqvist").value()->password_set_by == "admin");
        const std::string fresh = cheap_hash("another long password");
        REQUIRE(users.set_password_hash("rn.lindqvist", fresh, test::actor("rn.lindqvist")).ok());
        CHECK(storage::verify_password(users.find("rn.lindqvist").value()->password_hash, "another long password"));
        CHECK(users.find("rn.lindqvist").value()->password_set_by == "rn.lindqvist");
        REQUIRE(users.set_disabled("rn.lindqvist", true, test::actor("boss")).ok());
        REQUIRE(users.set_disabled("rn.lindqvist", false, test::actor("boss")).ok());
        CHECK(users.find("rn.lindqvist").value()->password_set_by == "rn.lindqvist");
        CHECK(users.list().value().at(0).password_set_by == "rn.lindqvist");
        CHECK_FALSE(users.set_password_hash("nobody", fresh, test::actor("admin")).ok());

        std::vector<std::string> actions;
        for (const auto& e : audit_rows(*db)) actions.push_back(e.action);
        CHECK(actions == std::vector<std::string>{"user-add", "user-roles", "user-disable", "user-enable",
                                                  "user-passwd", "user-disable", "user-enable"});
        CHECK(audit_rows(*db)[1].detail == "user 'rn.lindqvist': roles nurse -> nurse,biller");
        CHECK(db->audit().verify().value().ok);
    }
}

TEST_CASE("contract: failed sign-ins count up and lock by the caller's rule, a success resets them") {
    for (const auto& backend : test::backends(test::Stores::users_audit_facts)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& users = db->users();
        REQUIRE(users.create(new_user("billing.chen", {"biller"}), test::actor("admin")).ok());
        const storage::LockRule rule = [](int failures) {
            return failures >= 2 ? std::string("2026-03-02T15:00:0") + std::to_string(failures) + "Z" : std::string{};
        };
        auto first = users.record_failed_sign_in("billing.chen", "wrong password", rule, test::actor("billing.chen"));
        REQUIRE(first.ok());
        CHECK(first.value().failed_attempts == 1);
        CHECK(first.value().locked_until.empty());
        auto second = users.record_failed_sign_in("billing.chen", "wrong password", rule, test::actor("billing.chen"));
        REQUIRE(second.ok());
        CHECK(second.value().failed_attempts == 2);
        CHECK(second.value().locked_until == "2026-03-02T15:00:02Z");
        CHECK(users.find("billing.chen").value()->failed_attempts == 2);
        CHECK_FALSE(users.record_failed_sign_in("nobody", "wrong password", rule, test::actor()).ok());

        // A success clears both, and stores a re-hash when one is given.
        const std::string upgraded = cheap_hash();
        REQUIRE(users.record_sign_in("billing.chen", upgraded, test::actor("billing.chen")).ok());
        auto after = users.find("billing.chen").value();
        CHECK(after->failed_attempts == 0);
        CHECK(after->locked_until.empty());
        CHECK(after->password_hash == upgraded);
        REQUIRE(users.record_sign_in("billing.chen", std::nullopt, test::actor("billing.chen")).ok());
        CHECK(users.find("billing.chen").value()->password_hash == upgraded);

        // A password reset lifts a lock too.
        REQUIRE(users.record_failed_sign_in("billing.chen", "wrong password", rule, test::actor()).ok());
        REQUIRE(users.record_failed_sign_in("billing.chen", "wrong password", rule, test::actor()).ok());
        REQUIRE(users.set_password_hash("billing.chen", cheap_hash(), test::actor("admin")).ok());
        CHECK(users.find("billing.chen").value()->locked_until.empty());
        CHECK(users.find("billing.chen").value()->failed_attempts == 0);

        const auto rows = audit_rows(*db);
        REQUIRE(rows.size() == 8);
        CHECK(rows[2].action == "sign-in-failed");
        CHECK(rows[2].detail ==
              "user 'billing.chen': wrong password (2 consecutive failures), locked until 2026-03-02T15:00:02Z");
        CHECK(rows[3].action == "sign-in");
        CHECK(rows[3].detail.find("re-hashed") != std::string::npos);
    }
}

TEST_CASE("contract: no audit row ever holds a password or a password hash") {
    for (const auto& backend : test::backends(test::Stores::users_audit_facts)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& users = db->users();
        std::vector<std::string> secrets{password};
        auto created = users.create(new_user("sup.nakamura", {"nurse", "supervisor"}, true), test::actor("sup"));
        REQUIRE(created.ok());
        secrets.push_back(created.value().password_hash);
        const std::string next = cheap_hash("supervisor-demo-1");
        secrets.push_back(next);
        secrets.emplace_back("supervisor-demo-1");
        REQUIRE(users.set_password_hash("sup.nakamura", next, test::actor("sup")).ok());
        REQUIRE(users.record_failed_sign_in("sup.nakamura", "wrong password", {}, test::actor("sup")).ok());
        REQUIRE(users.record_sign_in("sup.nakamura", cheap_hash("supervisor-demo-1"), test::actor("sup")).ok());
        secrets.push_back(users.find("sup.nakamura").value()->password_hash);
        REQUIRE(users.set_roles("sup.nakamura", {"supervisor"}, test::actor("sup")).ok());
        REQUIRE(users.set_disabled("sup.nakamura", true, test::actor("sup")).ok());

        const auto rows = audit_rows(*db);
        CHECK(rows.size() == 6);
        for (const auto& row : rows) {
            CAPTURE(row.detail);
            CHECK(row.detail.find("$argon2") == std::string::npos);
            for (const auto& s : secrets) CHECK(row.detail.find(s) == std::string::npos);
        }
    }
}

TEST_CASE("a database of schema 1 gains the sign-in counters, keeping its users") {
    test::TempDir dir;
    const auto file = dir.path() / "old.db";
    {
        // Made as the first release made it: migration 1 only.
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
        const std::string sql = std::string(storage::schema::migrations()[0]) +
                                "INSERT INTO users(username, roles, created_at) VALUES ('admin', 'admin', 'x');" +
                                "PRAGMA application_id = " + std::to_string(storage::schema::application_id) +
                                "; PRAGMA user_version = 1;";
        REQUIRE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(raw);
    }
    auto db = storage::SqliteDatabase::open(file);
    REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().describe()));
    CHECK(db.value()->schema_version() == storage::schema::current_version());
    const auto admin = db.value()->users().find("admin").value();
    REQUIRE(admin);
    CHECK(admin->failed_attempts == 0);
    CHECK(admin->locked_until.empty());
    CHECK(admin->roles == std::vector<std::string>{"admin"});
}

TEST_CASE("a read-only database refuses every change to users") {
    test::TempDir dir;
    const auto file = dir.path() / "ro.db";
    {
        auto db = storage::SqliteDatabase::open(file).value();
        REQUIRE(db->users().create(new_user("admin", {"admin"}), test::actor("admin")).ok());
    }
    storage::OpenOptions options;
    options.read_only = true;
    auto db = storage::SqliteDatabase::open(file, options).value();
    CHECK(db->users().find("admin").value().has_value());
    const auto refused = db->users().set_disabled("admin", true, test::actor("admin"));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("read-only") != std::string::npos);
    CHECK_FALSE(db->users().record_sign_in("admin", std::nullopt, test::actor("admin")).ok());
}
