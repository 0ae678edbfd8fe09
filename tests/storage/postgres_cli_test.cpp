// The real program on a PostgreSQL server: `--db-url` reaches it, the first administrator is created,
// signs in and lists users and checks the database, a nurse imports and signs, a biller exports, exactly
// as on a SQLite file; `--db` and `--db-url` together, or a server that is not there, are clear errors
// (exit 2), never a crash.
#include "storage/pg_fixture.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/program_run.hpp"
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>

using namespace infusion;

namespace {

using test::quoted;

test::ProgramOutcome run(const std::string& arguments) { return test::run_program(arguments); }

}  // namespace

TEST_CASE("postgresql: the program reaches the server with --db-url, signs in, lists users and checks it") {
    test::PgTestDatabase pg;
    REQUIRE(storage::PostgresDatabase::open(pg.url()).ok());  // the owner migrates, as at set-up
    const test::TempDir dir;
    const auto password = dir.path() / "admin.password";
    { std::ofstream(password) << "a long clinic password 7\n"; }
    REQUIRE(::chmod(password.c_str(), 0600) == 0);
    const std::string url = "--db-url " + quoted(pg.url("infusiondoc_app"));

    const auto added = run(url + " users add admin.lee --roles admin --display-name 'Jordan Lee' --new-password-file " +
                           quoted(password.string()));
    CAPTURE(added.output);
    REQUIRE(added.status == 0);

    const std::string as_admin = url + " --user admin.lee --password-file " + quoted(password.string());
    const auto listed = run(as_admin + " users list");
    CAPTURE(listed.output);
    CHECK(listed.status == 0);
    CHECK(listed.output.find("admin.lee") != std::string::npos);

    const auto checked = run(as_admin + " db check");
    CAPTURE(checked.output);
    CHECK(checked.status == 0);

    // Roles raised behind the program's back: the account cannot act, and the check names it.
    REQUIRE(pg.exec("UPDATE users SET roles = 'admin,nurse,biller' WHERE username = 'admin.lee'") == "");
    const auto refused = run(as_admin + " users list");
    CAPTURE(refused.output);
    CHECK(refused.status == 2);
    CHECK(refused.output.find("admin.lee") != std::string::npos);
}

TEST_CASE("postgresql: --db with --db-url, or a server that is not there, is a clear error") {
    const test::TempDir dir;
    const auto both = run("--db " + quoted((dir.path() / "x.db").string()) + " --db-url 'service=none' users list");
    CAPTURE(both.output);
    CHECK(both.status == 2);
    CHECK(both.output.find("--db-url") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "x.db"));

    const auto absent = run("--db-url " + quoted("host=" + dir.path().string() + " dbname=nothing") + " users list");
    CAPTURE(absent.output);
    CHECK(absent.status == 2);
    CHECK(absent.output.find("PostgreSQL") != std::string::npos);
}

TEST_CASE("postgresql: a nurse imports and signs, a biller exports with --db-url, each line once, the batch again") {
    test::PgTestDatabase pg;
    REQUIRE(storage::PostgresDatabase::open(pg.url()).ok());
    const test::TempDir dir;
    const auto password = dir.path() / "password";
    { std::ofstream(password) << "a long clinic password 7\n"; }
    REQUIRE(::chmod(password.c_str(), 0600) == 0);
    // The password each person chose after the administrator's first one (users.md).
    const auto own = dir.path() / "own";
    { std::ofstream(own) << "a password of my own 8\n"; }
    REQUIRE(::chmod(own.c_str(), 0600) == 0);
    const std::string url = "--db-url " + quoted(pg.url("infusiondoc_app"));
    const auto with = [&](const std::string& user, const std::filesystem::path& file) {
        return url + " --user " + user + " --password-file " + quoted(file.string()) + " ";
    };
    const auto as = [&](const std::string& user) { return with(user, user == "admin.lee" ? password : own); };
    const std::string new_password = " --new-password-file " + quoted(password.string());
    REQUIRE(run(url + " users add admin.lee --roles admin" + new_password).status == 0);
    for (const std::string user : {"rn.okafor", "billing.chen"}) {
        REQUIRE(run(as("admin.lee") + "users add " + user + " --roles " + (user == "rn.okafor" ? "nurse" : "biller") +
                    new_password)
                    .status == 0);
        REQUIRE(run(with(user, password) + "users passwd --new-password-file " + quoted(own.string())).status == 0);
    }
    const std::string examples = std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/";
    const auto imported = run(as("rn.okafor") + "import --sign " + quoted(examples + "hizentra-two-sites.toml") + " " +
                              quoted(examples + "gammagard-office.toml"));
    CAPTURE(imported.output);
    REQUIRE(imported.status == 0);

    const std::string range = "export --from 2026-01-01 --to 2026-12-31 ";
    const auto exported = run(as("billing.chen") + range + "--out " + quoted((dir.path() / "year.csv").string()));
    CAPTURE(exported.output);
    CHECK(exported.status == 0);
    CHECK(exported.output.find("batch 1: ") != std::string::npos);
    CHECK(exported.output.find(" of 2 visits written to ") != std::string::npos);
    const std::string csv = test::file_bytes(dir.path() / "year.csv");
    CHECK(csv.find(",J1559,") != std::string::npos);  // Hizentra's drug line
    CHECK(csv.find(",J1569,") != std::string::npos);  // Gammagard's

    const auto again = run(as("billing.chen") + range + "--out " + quoted((dir.path() / "again.csv").string()));
    CAPTURE(again.output);
    CHECK(again.status == 0);
    CHECK(again.output.find("nothing to export") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "again.csv"));

    const auto listed = run(as("billing.chen") + "export batches");
    CAPTURE(listed.output);
    CHECK(listed.status == 0);
    CHECK(listed.output.find("billing.chen") != std::string::npos);
    const auto rewritten =
        run(as("billing.chen") + "export --batch 1 --out " + quoted((dir.path() / "batch-1.csv").string()));
    CAPTURE(rewritten.output);
    CHECK(rewritten.status == 0);
    CHECK(test::file_bytes(dir.path() / "batch-1.csv") == csv);

    const auto checked = run(as("admin.lee") + "db check");
    CAPTURE(checked.output);
    CHECK(checked.status == 0);
}
