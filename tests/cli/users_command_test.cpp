// `infusiondoc users ...` in-process: password files, sign-in of the acting administrator, exit
// statuses, and that no password ever reaches stdout, stderr or the audit log. The database is seeded
// with the demo users at the test-only Argon2id cost; what the command itself hashes uses the real cost.
#include "app/accounts.hpp"
#include "cli/cli.hpp"
#include "demo/demo_users.hpp"
#include "storage/sqlite_database.hpp"

#include "support/cli_run.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

using namespace infusion;

namespace {

using Run = test::CliRun;

// A temporary folder with a database holding the demo users, and private password files.
class Workspace {
public:
    Workspace() {
        static std::atomic<int> counter{0};
        m_dir = std::filesystem::temp_directory_path() /
                ("infusiondoc-users-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }
    ~Workspace() {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    [[nodiscard]] std::string db() const { return (m_dir / "clinic.db").string(); }
    void seed_demo_users() const {
        auto database = storage::SqliteDatabase::open(db()).value();
        app::Accounts accounts(database->users(), database->audit(), app::utc_now,
                               storage::HashCost::test_only_minimal);
        // Demo accounts live in a demo database (their passwords are published, so none is to be replaced).
        REQUIRE(database->facts()
                    .record(std::string(storage::kind_fact), std::string(storage::demo_kind), true,
                            storage::Actor{"infusiondoc", app::utc_now()})
                    .ok());
        accounts.set_demo_check([] { return true; });
        REQUIRE(demo::seed_demo_users(accounts).ok());
    }
    // A file holding `password` and a newline, with the given mode.
    std::string password_file(const std::string& name, const std::string& password, unsigned mode = 0600) {
        const auto file = m_dir / name;
        std::ofstream(file) << password << "\n";
        ::chmod(file.c_str(), static_cast<mode_t>(mode));
        m_passwords.push_back(password);
        return file.string();
    }
    Run run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db()});
        Run r = test::run_cli(std::move(args));
        m_outputs.push_back(r.out + r.err);
        return r;
    }
    // Every output so far and every audit row: none may contain any password used.
    void check_no_password_leaked() const {
        auto database = storage::SqliteDatabase::open(db()).value();
        storage::AuditFilter all;
        all.limit = 100'000;
        std::vector<std::string> texts = m_outputs;
        for (const auto& row : database->audit().entries(all).value()) texts.push_back(row.actor + " " + row.detail);
        std::vector<std::string> secrets = m_passwords;
        for (const auto& u : demo::demo_users()) secrets.push_back(u.password);
        for (const auto& text : texts) {
            CHECK(text.find("$argon2") == std::string::npos);
            for (const auto& secret : secrets) {
                CAPTURE(text);
                CHECK(text.find(secret) == std::string::npos);
            }
        }
    }

private:
    std::filesystem::path m_dir;
    std::vector<std::string> m_passwords;
    std::vector<std::string> m_outputs;
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("users: a password file others can read, or one that is not a file, is refused") {
    Workspace w;
    w.seed_demo_users();
    const auto open_file = w.password_file("admin-644", "admin-demo-1", 0644);
    const auto r = w.run({"--user", "admin", "users", "list", "--password-file", open_file});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "mode 0644"));
    CHECK(contains(r.err, "chmod 600"));
    CHECK(r.out.empty());

    const auto group_file = w.password_file("admin-640", "admin-demo-1", 0640);
    CHECK(w.run({"--user", "admin", "users", "list", "--password-file", group_file}).status == 2);

    const auto dir = std::filesystem::temp_directory_path().string();
    const auto not_file = w.run({"--user", "admin", "users", "list", "--password-file", dir});
    CHECK(not_file.status == 2);
    CHECK(contains(not_file.err, "not a regular file"));

    const auto missing = w.run({"--user", "admin", "users", "list", "--password-file", dir + "/no-such-file-x"});
    CHECK(missing.status == 2);
    CHECK(contains(missing.err, "cannot open the password file"));

    // Saved as "UTF-8 with BOM" by a Windows editor: said, not tried as a wrong password (found from outside).
    const auto bom = w.password_file("admin-bom",
                                     "\xEF\xBB\xBF"
                                     "admin-demo-1",
                                     0600);
    const auto with_bom = w.run({"--user", "admin", "users", "list", "--password-file", bom});
    CHECK(with_bom.status == 2);
    CHECK(contains(with_bom.err, "byte-order mark"));
    CHECK_FALSE(contains(with_bom.err, "wrong"));
    w.check_no_password_leaked();
}

TEST_CASE("users: a named pipe as the password file is refused at once, never waited on") {
    Workspace w;
    w.seed_demo_users();
    const auto pipe = w.db() + ".pipe";
    REQUIRE(::mkfifo(pipe.c_str(), 0600) == 0);
    const auto r = w.run({"--user", "admin", "users", "list", "--password-file", pipe});  // hung before
    CHECK(r.status == 2);
    CHECK(contains(r.err, "password file"));
}

TEST_CASE("users: without --password-file and without a terminal the command refuses and says what to do") {
    Workspace w;
    w.seed_demo_users();
    // Make sure stdin is no terminal even when the tests are run by hand.
    const int saved = ::dup(STDIN_FILENO);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, STDIN_FILENO);
    const auto r = w.run({"--user", "admin", "users", "list"});
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    ::close(null_fd);
    CHECK(r.status == 2);
    CHECK(contains(r.err, "stdin is not a terminal"));
    CHECK(contains(r.err, "--password-file"));
}

TEST_CASE("users: an administrator adds, lists and disables users through the command line") {
    Workspace w;
    w.seed_demo_users();
    const auto admin_pw = w.password_file("admin", "admin-demo-1");
    const auto new_pw = w.password_file("new", "a brand new nurse password");

    const auto added =
        w.run({"--user", "admin", "users", "add", "rn.new", "--roles", "nurse,supervisor", "--display-name",
               "Nia New, RN", "--password-file", admin_pw, "--new-password-file", new_pw});
    CHECK(added.status == 0);
    CHECK(contains(added.out, "added user rn.new (nurse,supervisor)"));

    const auto listed = w.run({"--user", "admin", "users", "list", "--password-file", admin_pw});
    CHECK(listed.status == 0);
    CHECK(contains(listed.out, "rn.new"));
    CHECK(contains(listed.out, "Nia New, RN"));
    CHECK(contains(listed.out, "nurse,supervisor"));
    CHECK(contains(listed.out, "billing.chen"));

    const auto disabled = w.run({"--user", "admin", "users", "disable", "rn.new", "--password-file", admin_pw});
    CHECK(disabled.status == 0);
    const auto after = w.run({"--user", "admin", "users", "list", "--password-file", admin_pw});
    std::istringstream lines(after.out);
    std::string line;
    bool seen = false;
    while (std::getline(lines, line)) {
        if (line.rfind("rn.new ", 0) == 0) {
            seen = true;
            CHECK(contains(line, "disabled"));
        }
    }
    CHECK(seen);

    // The disabled user cannot act, even with the right password.
    const auto refused =
        w.run({"--user", "rn.new", "users", "passwd", "--password-file", new_pw, "--new-password-file", admin_pw});
    CHECK(refused.status == 2);
    CHECK(contains(refused.err, "disabled"));

    // Nurse and biller in one account is allowed (a small clinic) but never silent: separation of duties.
    const auto both = w.run({"--user", "admin", "users", "set-roles", "rn.lindqvist", "--roles", "nurse,biller",
                             "--password-file", admin_pw});
    CHECK(both.status == 0);
    CHECK(contains(both.err,
                   "warning: rn.lindqvist holds nurse and biller: the same person exports the charges of "
                   "visits she signed"));
    const auto apart = w.run(
        {"--user", "admin", "users", "set-roles", "rn.lindqvist", "--roles", "nurse", "--password-file", admin_pw});
    CHECK(apart.status == 0);
    CHECK_FALSE(contains(apart.err, "warning"));
    REQUIRE(w.run({"--user", "admin", "users", "set-roles", "rn.lindqvist", "--roles", "nurse,biller",
                   "--password-file", admin_pw})
                .status == 0);
    // Separation of duties: the administrator cannot make herself a nurse, and so sign visits.
    const auto self_grant = w.run({"--user", "admin", "users", "set-roles", "admin", "--roles", "admin,nurse,biller",
                                   "--password-file", admin_pw});
    CHECK(self_grant.status == 2);
    CHECK(contains(self_grant.err, "cannot add a role to their own account (nurse,biller)"));  // each one asked
    CHECK_FALSE(contains(w.run({"--user", "admin", "users", "list", "--password-file", admin_pw}).out, "nurse,admin"));
    w.check_no_password_leaked();
}

TEST_CASE("users: a nurse is refused (exit 2), as are a wrong password and bad input") {
    Workspace w;
    w.seed_demo_users();
    const auto nurse_pw = w.password_file("nurse", "nurse-demo-1");
    const auto new_pw = w.password_file("new", "another new password");

    const auto by_nurse = w.run({"--user", "rn.okafor", "users", "add", "rn.other", "--roles", "nurse",
                                 "--password-file", nurse_pw, "--new-password-file", new_pw});
    CHECK(by_nurse.status == 2);
    CHECK(contains(by_nurse.err, "refused, it needs the admin role"));
    // Refused before a new password is asked for: without --new-password-file (and no terminal) she was told to
    // give one first (found from outside).
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"users", "add", "rn.other", "--roles", "nurse"},
          std::vector<std::string>{"users", "passwd", "admin"}}) {
        std::vector<std::string> all{"--user", "rn.okafor", "--password-file", nurse_pw};
        all.insert(all.end(), args.begin(), args.end());
        const auto asked_first = w.run(all);
        CAPTURE(args[1]);
        CHECK(asked_first.status == 2);
        CHECK(contains(asked_first.err, "refused, it needs the admin role"));
        CHECK_FALSE(contains(asked_first.err, "password-file"));
    }

    const auto wrong = w.run({"--user", "admin", "users", "list", "--password-file", nurse_pw});
    CHECK(wrong.status == 2);
    CHECK(contains(wrong.err, "wrong username or password"));

    const auto admin_pw = w.password_file("admin", "admin-demo-1");
    const auto bad_role = w.run({"--user", "admin", "users", "add", "rn.other", "--roles", "doctor", "--password-file",
                                 admin_pw, "--new-password-file", new_pw});
    CHECK(bad_role.status == 2);
    CHECK(contains(bad_role.err, "nurse, biller, supervisor, admin"));

    // The program's own actor names, and a name that is no username, are refused naming it (found from outside).
    for (const char* name : {"infusiondoc", "demo-data", "cli"}) {
        const auto taken = w.run({"--user", "admin", "users", "add", name, "--roles", "nurse", "--password-file",
                                  admin_pw, "--new-password-file", new_pw});
        CAPTURE(name);
        CHECK(taken.status == 2);
        CHECK(contains(taken.err, "'" + std::string(name) + "' is a name the program's own audit rows carry"));
    }
    const auto shaped = w.run({"--user", "admin", "users", "add", "RN.Other", "--roles", "nurse", "--password-file",
                               admin_pw, "--new-password-file", new_pw});
    CHECK(shaped.status == 2);
    CHECK(contains(shaped.err, "'RN.Other' is not a username"));

    const auto short_pw = w.password_file("short", "x7q!z");
    const auto too_short = w.run({"--user", "admin", "users", "add", "rn.other", "--roles", "nurse", "--password-file",
                                  admin_pw, "--new-password-file", short_pw});
    CHECK(too_short.status == 2);
    CHECK(contains(too_short.err, "at least 10 characters"));
    w.check_no_password_leaked();
}

TEST_CASE("users: the first user of an empty database is an administrator, demo users need a new database") {
    Workspace w;
    const auto boss_pw = w.password_file("boss", "the boss password");
    const auto not_admin = w.run({"users", "add", "boss", "--roles", "nurse", "--new-password-file", boss_pw});
    CHECK(not_admin.status == 2);
    CHECK(contains(not_admin.err, "first one must be an administrator"));

    const auto first = w.run({"users", "add", "boss", "--roles", "admin,nurse", "--new-password-file", boss_pw});
    CHECK(first.status == 0);
    CHECK(contains(first.out, "the first administrator"));
    const auto listed = w.run({"--user", "boss", "users", "list", "--password-file", boss_pw});
    CHECK(listed.status == 0);
    CHECK(contains(listed.out, "nurse,admin"));

    // A clinic's database (it has users) never becomes a demo one, even for its administrator.
    const auto demo = w.run({"--user", "boss", "--password-file", boss_pw, "users", "demo"});
    CHECK(demo.status == 2);
    CHECK(contains(demo.err, "it is a clinic's database"));
    w.check_no_password_leaked();
}

TEST_CASE("a --db that names no file is refused by every command that reads, and nothing is created") {
    // A mistyped path gave a new, empty database: `db check` said ok, `export` "nothing to export".
    Workspace w;
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"db", "check"}, std::vector<std::string>{"visits", "list"},
          std::vector<std::string>{"export", "--from", "2026-03-01", "--to", "2026-03-31", "--dry-run"},
          std::vector<std::string>{"audit", "verify"}, std::vector<std::string>{"users", "list"},
          std::vector<std::string>{"users", "disable", "rn.okafor"}}) {
        CAPTURE(command.front());
        const auto r = w.run(command);
        CHECK(r.status == 2);
        CHECK(contains(r.err, "clinic.db: no database here"));
        CHECK_FALSE(std::filesystem::exists(w.db()));
    }
    // An empty --db is refused: it read as "not given", and the default database was used or made.
    const auto empty = test::run_cli({"--db", "", "--config", std::string(INFUSIONDOC_SOURCE_DIR) + "/config", "users",
                                      "add", "first.admin", "--roles", "admin"});
    CHECK(empty.status == 2);
    CHECK(contains(empty.err, "--db: is empty"));
    // The commands that make a new clinic's database still do.
    w.seed_demo_users();
    CHECK(std::filesystem::exists(w.db()));
}

TEST_CASE("users deleted outside the program: nobody acts, the first administrator is not made again") {
    // Emptying the users table with the sqlite3 shell made the database "new": anyone acted, and
    // `import --sign` sealed a visit under a nurse's name with a wrong password (found from outside).
    Workspace w;
    w.seed_demo_users();
    {
        SQLite::Database file(w.db(), SQLite::OPEN_READWRITE);
        file.exec("DELETE FROM users");
    }
    const std::string example = std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml";
    const std::string config = std::string(INFUSIONDOC_SOURCE_DIR) + "/config";
    const auto wrong_pw = w.password_file("wrong", "not her password");
    const auto signed_import =
        w.run({"--config", config, "--user", "rn.okafor", "--password-file", wrong_pw, "import", "--sign", example});
    CHECK(signed_import.status == 2);
    CHECK(contains(signed_import.err, "they were deleted outside InfusionDoc"));
    CHECK_FALSE(contains(signed_import.out, "imported as visit"));

    const auto boss_pw = w.password_file("boss", "the boss password");
    const auto admin = w.run({"users", "add", "mallory", "--roles", "admin", "--new-password-file", boss_pw});
    CHECK(admin.status == 2);
    CHECK(contains(admin.err, "deleted outside InfusionDoc"));
    const auto demo = w.run({"--config", config, "users", "demo"});
    CHECK(demo.status == 2);
    const auto seeded = w.run({"--config", config, "demo-data", "--visits", "1"});
    CHECK(seeded.status == 2);
    auto database = storage::SqliteDatabase::open(w.db()).value();
    CHECK(database->users().count().value() == 0);  // no demo accounts with their published passwords
}

TEST_CASE("a database without users yet: import stores drafts, and import --sign is refused") {
    // Nobody signed in: the login name is no signature (it sealed visits under any clinician's name).
    Workspace w;
    const std::string example = std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml";
    const std::string config = std::string(INFUSIONDOC_SOURCE_DIR) + "/config";
    const auto signed_import = w.run({"--config", config, "import", "--sign", example});
    CHECK(signed_import.status == 2);
    CHECK(contains(signed_import.err, "a signature is a signed-in nurse's"));
    const auto drafts = w.run({"--config", config, "import", example});
    CHECK(drafts.status == 0);
    CHECK(contains(drafts.out, "imported as visit 1"));
}

TEST_CASE("export --dry-run with --out says the file is not written, and writes none") {
    // Found from outside: --out was ignored without a word; a biller could think the file was made.
    Workspace w;
    w.seed_demo_users();
    const auto biller_pw = w.password_file("biller", "biller-demo-1");
    const auto out = w.db() + ".csv";
    const auto r =
        w.run({"--config", std::string(INFUSIONDOC_SOURCE_DIR) + "/config", "--user", "billing.chen", "--password-file",
               biller_pw, "export", "--from", "2026-03-01", "--to", "2026-03-31", "--dry-run", "--out", out});
    CHECK(r.status == 0);
    CHECK(contains(r.out, "dry run: 0 lines"));
    CHECK(contains(r.out, "not written: a dry run"));
    CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("users: a password an administrator set is replaced with `users passwd` before any other command works") {
    Workspace w;
    const auto admin_pw = w.password_file("admin", "admin password one");
    const auto given_pw = w.password_file("given", "given by the administrator");
    const auto own_pw = w.password_file("own", "chosen by the nurse herself");
    REQUIRE(w.run({"--user", "admin", "users", "add", "admin", "--roles", "admin", "--new-password-file", admin_pw})
                .status == 0);
    const auto added = w.run({"--user", "admin", "users", "add", "rn.new", "--roles", "nurse", "--password-file",
                              admin_pw, "--new-password-file", given_pw});
    CHECK(added.status == 0);
    CHECK(contains(added.out, "rn.new chooses their own password at their next sign-in"));
    const auto listed = w.run({"--user", "admin", "users", "list", "--password-file", admin_pw});
    CHECK(contains(listed.out, "password set by admin (to be replaced at sign-in)"));

    const auto refused = w.run({"--user", "rn.new", "visits", "list", "--password-file", given_pw});
    CHECK(refused.status == 2);
    CHECK(
        contains(refused.err, "the password of 'rn.new' was set by the administrator 'admin': choose your own first"));
    const auto same =
        w.run({"--user", "rn.new", "users", "passwd", "--password-file", given_pw, "--new-password-file", given_pw});
    CHECK(same.status == 2);
    CHECK(contains(same.err, "choose a password other than the one the administrator set"));
    const auto chosen =
        w.run({"--user", "rn.new", "users", "passwd", "--password-file", given_pw, "--new-password-file", own_pw});
    CHECK(chosen.status == 0);
    CHECK_FALSE(contains(chosen.out, "chooses their own password"));
    CHECK(w.run({"--user", "rn.new", "visits", "list", "--password-file", own_pw}).status == 0);
}

TEST_CASE("--db-url with a password in it is refused before anything connects, whatever its form") {
    // Found from outside: --db-url took "postgresql://user:secret@..." and used it (the secret then in the
    // shell's history and in ps), and db migrate took "password = 'x'" with blanks around the "=".
    for (const char* url :
         {"postgresql://infusiondoc_app:hunter2@localhost/clinic", "host=/tmp dbname=clinic password = 'hunter2'",
          "host=/tmp dbname=clinic password=hunter2"}) {
        CAPTURE(url);
        const auto r = test::run_cli({"--db-url", url, "--user", "admin", "visits", "list"});
        CHECK(r.status == 2);
        CHECK_MESSAGE(contains(r.err, "the connection names a password: keep it in ~/.pgpass or a service file"),
                      r.err);
        CHECK_FALSE(contains(r.err, "hunter2"));
    }
}
