// A database file as a clinic's IT person finds it: archived read-only, or held by another program's
// long write. Each gets a message that says what to do, and nothing in the file changes.
#include "storage/program_run.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using namespace infusion;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A database with one signed visit and a nurse whose password is in nurse.pw.
struct SignedClinic {
    test::TempDir dir;
    std::filesystem::path db = dir.path() / "clinic.db";
    SignedClinic() {
        test::TestClinic tc("2026-03-02T20:00:00Z", storage::SqliteDatabase::open(db).value());
        const app::Acting nurse = tc.as("rn.okafor", {app::Role::nurse});
        auto& visits = tc.clinic().visits();
        const auto id = visits.create(nurse, test::sample_visit()).value();
        REQUIRE(visits.sign(nurse, id).value().signed_visit);
        const auto pw = dir.path() / "nurse.pw";
        std::ofstream(pw) << "rn.okafor-password-1\n";
        ::chmod(pw.c_str(), 0600);
    }
    [[nodiscard]] test::ProgramOutcome run(const std::filesystem::path& file, const std::string& args) const {
        return test::run_program("--db " + test::quoted(file.string()) + " --user rn.okafor --password-file " +
                                 test::quoted((dir.path() / "nurse.pw").string()) + " " + args);
    }
};

}  // namespace

TEST_CASE("an archived read-only database: the sign-in is refused with what to do, and a writable copy reads") {
    const SignedClinic clinic;
    ::chmod(clinic.db.c_str(), 0444);
    const std::string before = test::file_bytes(clinic.db);
    const auto refused = clinic.run(clinic.db, "visits list");
    CAPTURE(refused.output);
    CHECK(refused.status != 0);
    CHECK(contains(refused.output, "the sign-in could not be written to the audit log"));
    CHECK(contains(refused.output, "make a writable copy of it and open the copy"));
    CHECK(test::file_bytes(clinic.db) == before);

    const auto copy = clinic.dir.path() / "copy.db";
    std::filesystem::copy_file(clinic.db, copy);
    ::chmod(copy.c_str(), 0600);
    const auto read = clinic.run(copy, "visits list");
    CAPTURE(read.output);
    CHECK(read.status == 0);
    CHECK(contains(read.output, "signed"));
}

TEST_CASE("a current database opens while another program holds the write lock: only writing waits") {
    // Every command used to begin a write at open (to seal the accounts of an older file) and said
    // "cannot seal the accounts of an older database: busy" on a current one.
    const SignedClinic clinic;
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(clinic.db.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    auto opened = storage::SqliteDatabase::open(clinic.db);
    CAPTURE((opened.ok() ? std::string() : opened.error().describe()));
    CHECK(opened.ok());
    if (opened.ok()) CHECK(opened.value()->visits().load(1).ok());
    opened = core::Error{"closed", "", {}};
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
}
