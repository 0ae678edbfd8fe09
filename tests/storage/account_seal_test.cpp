// Accounts and database facts under seal: what an intruder changes with the sqlite3 shell (raised roles,
// a replaced password hash, an inserted administrator, a forged demo fact) is reported by db check, and
// nobody signs in or acts as such an account.
#include "storage/sql_shell.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace infusion;

namespace {

bool reports(const storage::CheckReport& report, const std::string& text) {
    return std::any_of(report.findings.begin(), report.findings.end(),
                       [&](const std::string& f) { return f.find(text) != std::string::npos; });
}

// A clinic database in a file with an administrator and a nurse made by the program.
struct ClinicFile {
    test::TempDir dir;
    std::filesystem::path file = dir.path() / "clinic.db";
    ClinicFile() {
        auto db = storage::SqliteDatabase::open(file);
        REQUIRE(db.ok());
        test::TestClinic tc("2026-03-02T14:00:00Z", *db.value(), test::repo_config());
        (void)tc.as("rn.okafor", {app::Role::nurse});
        REQUIRE(db.value()->check().value().ok);
    }
    std::unique_ptr<storage::SqliteDatabase> open() {
        auto db = storage::SqliteDatabase::open(file);
        REQUIRE(db.ok());
        return std::move(db).value();
    }
};

}  // namespace

TEST_CASE("roles raised with the shell are reported, and the account can no longer sign in") {
    ClinicFile clinic;
    REQUIRE(test::shell(clinic.file, "UPDATE users SET roles = 'nurse,admin' WHERE username = 'rn.okafor';") == "");
    auto db = clinic.open();
    const auto report = db->check();
    REQUIRE(report.ok());
    CHECK_FALSE(report.value().ok);
    CHECK(reports(report.value(), "user 'rn.okafor': name, roles, state or password differ"));

    test::TestClinic tc("2026-03-02T14:05:00Z", *db, test::repo_config());
    auto session = tc.clinic().accounts().sign_in("rn.okafor", "rn.okafor-password-1");
    REQUIRE_FALSE(session.ok());
    CHECK(session.error().kind == core::ErrorKind::refused);
    CHECK(session.error().message.find("changed outside InfusionDoc") != std::string::npos);
    CHECK(tc.audited("refused", "rn.okafor") == 1);
}

TEST_CASE("an administrator inserted with the shell is reported and cannot sign in, and a program change re-seals") {
    ClinicFile clinic;
    // The intruder copies the nurse's password hash into a new admin row.
    REQUIRE(test::shell(clinic.file,
                        "INSERT INTO users(username, display_name, password_hash, roles, disabled, created_at) "
                        "SELECT 'mallory', 'M', password_hash, 'admin', 0, created_at FROM users WHERE username = "
                        "'rn.okafor';") == "");
    auto db = clinic.open();
    const auto report = db->check();
    REQUIRE(report.ok());
    CHECK(reports(report.value(), "user 'mallory' has no audit row"));
    test::TestClinic tc("2026-03-02T14:05:00Z", *db, test::repo_config());
    CHECK_FALSE(tc.clinic().accounts().sign_in("mallory", "rn.okafor-password-1").ok());
    // The nurse herself is untouched and still signs in.
    CHECK(tc.clinic().accounts().sign_in("rn.okafor", "rn.okafor-password-1").ok());
}

TEST_CASE("a password hash swapped with the shell is reported, and setting the password again repairs the account") {
    ClinicFile clinic;
    REQUIRE(test::shell(clinic.file,
                        "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = 'admin') "
                        "WHERE username = 'rn.okafor';") == "");
    auto db = clinic.open();
    CHECK(reports(db->check().value(), "user 'rn.okafor'"));
    CHECK_FALSE(db->users().find("rn.okafor").value()->matches_audit);
    REQUIRE(db->users()
                .set_password_hash("rn.okafor", db->users().find("admin").value()->password_hash, test::actor("admin"))
                .ok());
    CHECK(db->users().find("rn.okafor").value()->matches_audit);
    CHECK(db->check().value().ok);
}

TEST_CASE("a demo fact inserted with the shell counts for nothing and is reported") {
    ClinicFile clinic;
    REQUIRE(test::shell(clinic.file,
                        "INSERT INTO database_facts(name, value, recorded_at) VALUES ('kind', 'demo', "
                        "'2026-03-02T14:00:00Z');") == "");
    auto db = clinic.open();
    CHECK_FALSE(db->facts().get("kind").value().has_value());
    CHECK(reports(db->check().value(), "the database fact kind = demo was not recorded by InfusionDoc"));
}

TEST_CASE("facts and accounts the program records check clean, and a deleted account is reported") {
    ClinicFile clinic;
    {
        auto db = clinic.open();
        // A fact recorded by the program on a database with users is refused when only new ones may take it,
        // so record one that any database may take.
        REQUIRE(db->facts().record("clinic-id", "north-7", false, test::actor("admin")).ok());
        CHECK(db->facts().get("clinic-id").value() == std::optional<std::string>("north-7"));
        CHECK(db->check().value().ok);
    }
    REQUIRE(test::shell(clinic.file, "DELETE FROM users WHERE username = 'rn.okafor';") == "");
    auto db = clinic.open();
    CHECK(
        reports(db->check().value(), "user 'rn.okafor' is recorded by the audit log but no longer in the users table"));
}

TEST_CASE("every user deleted: the audit log still records accounts, and the default check names each one") {
    ClinicFile clinic;
    REQUIRE(clinic.open()->check().value().ok);
    REQUIRE(test::shell(clinic.file, "DELETE FROM users;") == "");
    auto db = clinic.open();
    CHECK(db->users().count().value() == 0);
    CHECK(db->users().accounts_recorded().value());
    const auto report = db->check(storage::CheckDepth::quick).value();  // from the clean check's checkpoint
    CHECK_FALSE(report.ok);
    CHECK(reports(report, "user 'rn.okafor' is recorded by the audit log but no longer in the users table"));
    CHECK(reports(report, "user 'admin' is recorded by the audit log but no longer in the users table"));
}

TEST_CASE("an administrator's password reset does not seal roles raised with the shell: roles first") {
    // Found from outside: after 'UPDATE users SET roles = biller,admin', the repair users.md named (a new
    // password) sealed the raised roles, and the biller was an administrator with no 'user-roles' row.
    ClinicFile clinic;
    REQUIRE(test::shell(clinic.file, "UPDATE users SET roles = 'nurse,admin' WHERE username = 'rn.okafor';") == "");
    auto db = clinic.open();
    test::TestClinic tc("2026-03-02T14:05:00Z", *db, test::repo_config());
    auto& accounts = tc.clinic().accounts();
    const auto admin = accounts.sign_in("admin", "admin-password-1");
    REQUIRE(admin.ok());
    CHECK(accounts.changed_outside_program("rn.okafor"));

    const auto reset = accounts.set_password(admin.value(), "rn.okafor", "a brand new password");
    REQUIRE_FALSE(reset.ok());
    CHECK(reset.error().message.find("set its roles first") != std::string::npos);
    CHECK_FALSE(accounts.enable(admin.value(), "rn.okafor").ok());
    CHECK_FALSE(db->users().find("rn.okafor").value()->matches_audit);

    REQUIRE(accounts.set_roles(admin.value(), "rn.okafor", {app::Role::nurse}).ok());
    const auto repaired = db->users().find("rn.okafor").value();
    CHECK(repaired->matches_audit);
    CHECK(repaired->roles == std::vector<std::string>{"nurse"});
    CHECK_FALSE(accounts.sign_in("rn.okafor", "rn.okafor-password-1").ok());  // the password was cleared
    REQUIRE(accounts.set_password(admin.value(), "rn.okafor", "a brand new password").ok());
    const auto nurse = accounts.sign_in("rn.okafor", "a brand new password");
    REQUIRE(nurse.ok());
    CHECK_FALSE(nurse.value().has(app::Role::admin));
    CHECK(db->check().value().ok);
}

TEST_CASE("the last administrator who can sign in cannot be disabled while the other one cannot sign in") {
    // Found from outside: a second administrator changed with the shell, then repaired (its password cleared),
    // counted as an administrator; 'admin' disabled herself and nobody could manage users any more.
    ClinicFile clinic;
    {
        auto db = clinic.open();
        test::TestClinic tc("2026-03-02T14:05:00Z", *db, test::repo_config());
        auto& accounts = tc.clinic().accounts();
        const auto admin = accounts.sign_in("admin", "admin-password-1");
        REQUIRE(admin.ok());
        REQUIRE(accounts.add_user(admin.value(), "admin.two", "Second Admin", {app::Role::admin}, "a fine password 2")
                    .ok());
    }
    REQUIRE(test::shell(clinic.file, "UPDATE users SET roles = 'admin,biller' WHERE username = 'admin.two';") == "");
    auto db = clinic.open();
    test::TestClinic tc("2026-03-02T14:10:00Z", *db, test::repo_config());
    auto& accounts = tc.clinic().accounts();
    const auto admin = accounts.sign_in("admin", "admin-password-1");
    REQUIRE(admin.ok());

    // Changed outside InfusionDoc: it cannot sign in, so it does not count.
    const auto changed = accounts.disable(admin.value(), "admin");
    REQUIRE_FALSE(changed.ok());
    CHECK(changed.error().message.find("the last enabled administrator who can sign in; 'admin.two' cannot sign in: "
                                       "it was changed outside InfusionDoc") != std::string::npos);
    // Repaired, its password is cleared: still not an administrator anyone can act as.
    REQUIRE(accounts.set_roles(admin.value(), "admin.two", {app::Role::admin}).ok());
    const auto cleared = accounts.disable(admin.value(), "admin");
    REQUIRE_FALSE(cleared.ok());
    CHECK(cleared.error().message.find("'admin.two' cannot sign in: its password was cleared and not set since") !=
          std::string::npos);
    CHECK_FALSE(accounts.set_roles(admin.value(), "admin", {app::Role::supervisor}).ok());
    CHECK(tc.audited("refused", "admin") == 3);
    // With its password set, it can: then 'admin' may step down.
    REQUIRE(accounts.set_password(admin.value(), "admin.two", "another fine password").ok());
    CHECK(accounts.disable(admin.value(), "admin").ok());
    CHECK(accounts.sign_in("admin.two", "another fine password").ok());
}

TEST_CASE("a row inserted with the shell to say a nurse chose her own password leaves the account unable to act") {
    // Found from outside: a "user-passwd" row by the nurse, its hashes and seal copied from the row before, ended
    // "choose your own password first" for a password the administrator knew; only db check noticed.
    ClinicFile clinic;
    {
        auto db = clinic.open();
        const std::string hash = db->users().find("admin").value()->password_hash;
        REQUIRE(db->users().set_password_hash("rn.okafor", hash, test::actor("admin")).ok());
        const auto reset = db->users().find("rn.okafor").value();
        CHECK(reset->password_set_by == "admin");
        CHECK(reset->matches_audit);
    }
    REQUIRE(test::shell(clinic.file,
                        "INSERT INTO audit(at, actor, action, detail, prev_hash, hash, subject, seal) SELECT "
                        "'2026-03-02T15:00:00Z', 'rn.okafor', 'user-passwd', detail, prev_hash, hash, subject, seal "
                        "FROM audit WHERE id = (SELECT max(id) FROM audit WHERE subject = 'account rn.okafor');") ==
            "");
    auto db = clinic.open();
    const auto forged = db->users().find("rn.okafor").value();
    CHECK(forged->password_set_by == "rn.okafor");
    CHECK_FALSE(forged->matches_audit);  // nobody acts as it: "changed outside InfusionDoc"
    test::TestClinic tc("2026-03-02T15:05:00Z", *db, test::repo_config());
    const auto session = tc.clinic().accounts().sign_in("rn.okafor", "admin-password-1");  // the password set
    REQUIRE_FALSE(session.ok());
    CHECK(session.error().message.find("changed outside InfusionDoc") != std::string::npos);
}
