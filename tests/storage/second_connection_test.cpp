// Two connections to one SQLite file in one process (the window and its export job), and another
// program writing meanwhile: nothing the first connection writes afterwards may be lost.
//
// POSIX drops every lock a process holds on a file when any descriptor of that file is closed. Opening
// the second connection once read the file's first bytes with its own descriptor; closing it dropped
// the window's lock, so the next program to close deleted the write-ahead log under the window. From
// then on the window wrote into a log nobody else could see: a countersignature it showed as done was
// never stored, and `db check` reported the audit log cut (found from outside in the real window).
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/child_process.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace infusion;

namespace {

bool has_detail(storage::Database& db, const std::string& detail) {
    storage::AuditFilter all;
    const auto rows = db.audit().entries(all);
    if (!rows) FAIL(rows.error().message);
    for (const auto& e : rows.value()) {
        if (e.detail == detail) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("a second connection opened and closed in the process does not cost the first its writes") {
    test::TempDir dir;
    const std::string config = std::string(INFUSIONDOC_SOURCE_DIR) + "/config";
    const std::string file = (dir.path() / "clinic.db").string();
    std::string said;
    REQUIRE(test::run_to_end({INFUSIONDOC_BINARY, "--config", config, "--db", file, "users", "demo"}, said) == 0);

    auto window = storage::SqliteDatabase::open(file, {.create_if_missing = false});
    REQUIRE(window.ok());
    REQUIRE(window.value()->audit().record("audit-report", std::nullopt, "the window reads", test::actor()).ok());
    {
        // The export job's own connection, opened and closed while the window's stays open.
        auto job = storage::SqliteDatabase::open(file, {.create_if_missing = false});
        REQUIRE(job.ok());
        REQUIRE(job.value()->audit().record("audit-report", std::nullopt, "the job writes", test::actor()).ok());
    }
    // Another workstation's program writes and ends (it checkpoints, and would delete the log if it
    // could lock the file alone).
    std::ofstream(file + ".pw") << "admin-demo-1\n";
    std::filesystem::permissions(file + ".pw", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);
    said.clear();
    CHECK(test::run_to_end({INFUSIONDOC_BINARY, "--config", config, "--db", file, "--user", "admin", "--password-file",
                            file + ".pw", "db", "check"},
                           said) == 0);
    CAPTURE(said);

    REQUIRE(
        window.value()->audit().record("audit-report", std::nullopt, "the window writes after", test::actor()).ok());
    auto other = storage::SqliteDatabase::open(file, {.create_if_missing = false});
    REQUIRE(other.ok());
    CHECK(has_detail(*other.value(), "the job writes"));
    CHECK(has_detail(*other.value(), "the window writes after"));
    other = core::Error{"closed"};
    window = core::Error{"closed"};

    said.clear();
    CHECK(test::run_to_end({INFUSIONDOC_BINARY, "--config", config, "--db", file, "--user", "admin", "--password-file",
                            file + ".pw", "db", "check"},
                           said) == 0);
    CAPTURE(said);
    CHECK(said.find("ok") != std::string::npos);
}
