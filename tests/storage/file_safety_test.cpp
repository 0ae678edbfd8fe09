// Files that are not ours, from the future, damaged, read-only or on a full disk: each gets a clear
// message and is left untouched. And an intruder with the sqlite3 shell cannot change signed rows.
#include "storage/sql_shell.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>

using namespace infusion;

using test::shell;

namespace {

std::filesystem::path signed_database(const test::TempDir& dir) {
    const auto file = dir.path() / "clinic.db";
    test::TestClinic tc("2026-03-02T16:10:00Z", storage::SqliteDatabase::open(file).value());
    app::VisitService& service = tc.clinic().visits();
    const app::Acting nurse = tc.clinic().without_users("rn.okafor");
    const auto id = service.create(nurse, test::sample_visit()).value();
    REQUIRE(service.sign(nurse, id).value().signed_visit);
    REQUIRE(service.open(tc.clinic().without_users("sup.nakamura"), id).ok());
    return file;
}

}  // namespace

TEST_CASE("editing a signed visit's rows with the sqlite3 shell fails") {
    test::TempDir dir;
    const auto file = signed_database(dir);
    CHECK(shell(file, "UPDATE substances SET dose = 9 WHERE visit_id = 1").find("cannot be changed") !=
          std::string::npos);
    CHECK(shell(file, "DELETE FROM billing_lines WHERE visit_id = 1").find("cannot be changed") != std::string::npos);
    CHECK(shell(file, "UPDATE billing_lines SET units = 99").find("cannot be changed") != std::string::npos);
    CHECK(shell(file,
                "INSERT INTO billing_lines(visit_id, revision, ord, kind, code, units) "
                "VALUES (1, 0, 9, 'administration', '96370', 1)")
              .find("cannot be changed") != std::string::npos);
    CHECK(shell(file, "UPDATE revisions SET clinician = 'someone.else'").find("cannot be changed") !=
          std::string::npos);
    CHECK(shell(file, "UPDATE visits SET billable = 0 WHERE id = 1").find("cannot be changed") != std::string::npos);
    CHECK(shell(file, "DELETE FROM visits WHERE id = 1").find("cannot be deleted") != std::string::npos);
    CHECK(shell(file, "UPDATE pump_setups SET stop = NULL").find("cannot be changed") != std::string::npos);
    CHECK(shell(file, "DELETE FROM audit WHERE id = 1").find("append-only") != std::string::npos);
    CHECK(shell(file, "UPDATE audit SET actor = 'x'").find("append-only") != std::string::npos);
    auto db = storage::SqliteDatabase::open(file).value();
    CHECK(db->check().value().ok);
    CHECK(test::summary(db->visits().load(1).value().current().coding->lines) == "96369x1 J1559x80:JZ");
}

TEST_CASE("db check reports an audit row removed or altered behind the program's back") {
    test::TempDir dir;
    const auto file = signed_database(dir);  // audit rows: create, sign, view
    SUBCASE("a row removed from the middle") {
        REQUIRE(shell(file, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2").empty());
    }
    SUBCASE("a row's text altered") {
        REQUIRE(
            shell(file, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'someone.else' WHERE id = 2").empty());
    }
    SUBCASE("the last row removed") {
        REQUIRE(shell(file, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 3").empty());
    }
    SUBCASE("a row altered and its hash recomputed naively") {
        REQUIRE(shell(file, "DROP TRIGGER audit_no_update; UPDATE audit SET hash = prev_hash WHERE id = 1").empty());
    }
    auto db = storage::SqliteDatabase::open(file, {.create_if_missing = false, .read_only = true}).value();
    const auto report = db->check().value();
    CHECK_FALSE(report.ok);
    REQUIRE_FALSE(report.findings.empty());
    MESSAGE(report.findings.front());
    CHECK(report.findings.front().find("audit row") != std::string::npos);
}

TEST_CASE("a foreign SQLite file, a non-SQLite file and a newer schema are refused and left untouched") {
    test::TempDir dir;
    std::filesystem::path file;
    std::string expect;
    SUBCASE("another program's SQLite database") {
        file = dir.path() / "other.db";
        REQUIRE(shell(file, "CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES ('soup')").empty());
        expect = "another program";
    }
    SUBCASE("a text file") {
        file = dir.path() / "notes.txt";
        std::ofstream(file) << "not a database at all\n";
        expect = "not an SQLite file";
    }
    SUBCASE("a database from a newer InfusionDoc") {
        file = signed_database(dir);
        REQUIRE(shell(file, "PRAGMA user_version = 99").empty());
        expect = "newer InfusionDoc";
    }
    SUBCASE("a database whose user_version was lowered with the shell") {
        // Found from outside: set to 10, the upgrade ran again step by step, rebuilt tables and dropped three
        // triggers, then stopped on "duplicate column name: content_digest", leaving the file changed.
        file = signed_database(dir);
        REQUIRE(shell(file, "PRAGMA user_version = 10").empty());
        expect = "cannot upgrade it from schema 10";
    }
    SUBCASE("a database whose user_version was set to 0 or below with the shell") {
        // Found from outside: at 0 the file was taken for a new one and its head file reset to the empty log before
        // the upgrade failed, so a log cut at its end passed every check afterwards; below 0 the upgrade crashed.
        file = signed_database(dir);
        std::string version = "0";
        SUBCASE("0") {}
        SUBCASE("-5") { version = "-5"; }
        SUBCASE("-2147483648") { version = "-2147483648"; }
        REQUIRE(shell(file, "PRAGMA user_version = " + version).empty());
        expect = "changed outside the program";
    }
    const std::string head_before = test::file_bytes(std::filesystem::path(file.string() + "-head"));
    const std::string before = test::file_bytes(file);
    const auto opened = storage::SqliteDatabase::open(file);
    REQUIRE_FALSE(opened.ok());
    MESSAGE(opened.error().describe());
    CHECK(opened.error().describe().find(expect) != std::string::npos);
    CHECK(opened.error().describe().find(file.string()) != std::string::npos);
    CHECK(test::file_bytes(file) == before);
    CHECK(test::file_bytes(std::filesystem::path(file.string() + "-head")) == head_before);
}

TEST_CASE("a damaged file gets a clear message and is not modified") {
    test::TempDir dir;
    const auto file = signed_database(dir);
    std::string bytes = test::file_bytes(file);
    SUBCASE("damaged header") {
        for (std::size_t i = 18; i < 100; ++i) bytes[i] = '\xFF';
    }
    SUBCASE("damaged pages") {
        for (std::size_t i = 4096; i < bytes.size(); i += 7) bytes[i] = '\x5A';
    }
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
    const std::string before = test::file_bytes(file);
    auto opened = storage::SqliteDatabase::open(file);
    if (opened.ok()) {
        // Opening does no work proportional to the size: the damage shows at check or first read.
        const auto report = opened.value()->check();
        if (report.ok()) {
            CHECK_FALSE(report.value().ok);
        } else {
            CHECK(report.error().describe().find("damaged") != std::string::npos);
            // What to do, and not "run db check", which is what said it (found from outside).
            CHECK(report.error().describe().find("restore the last backup") != std::string::npos);
            CHECK(report.error().describe().find("db check") == std::string::npos);
        }
        opened.value().reset();
    } else {
        MESSAGE(opened.error().describe());
        CHECK(opened.error().describe().find(file.string()) != std::string::npos);
        CHECK(opened.error().describe().find("restore the last backup") != std::string::npos);
        CHECK(opened.error().describe().find("db check") == std::string::npos);
    }
    CHECK(test::file_bytes(file) == before);
}

TEST_CASE("a read-only file opens for reading, writes are refused with a message and the file is untouched") {
    test::TempDir dir;
    const auto file = signed_database(dir);
    ::chmod(file.c_str(), 0444);
    const std::string before = test::file_bytes(file);
    auto db = storage::SqliteDatabase::open(file);
    REQUIRE(db.ok());
    CHECK(db.value()->read_only());
    CHECK(db.value()->visits().load(1).ok());
    const auto created = db.value()->visits().create_draft(test::sample_visit(), test::actor());
    REQUIRE_FALSE(created.ok());
    CHECK(created.error().describe().find("read-only") != std::string::npos);
    db.value().reset();
    CHECK(test::file_bytes(file) == before);
}

TEST_CASE("a read-only file leaves nothing beside it, so making it writable again is enough") {
    // Opened as a plain read-only WAL database, SQLite made FILE-shm with the file's own mode 0444, and
    // after a chmod 644 that -shm kept every later opening read-only.
    test::TempDir dir;
    const auto file = signed_database(dir);
    const std::filesystem::path shm = file.string() + "-shm";
    const std::filesystem::path wal = file.string() + "-wal";
    REQUIRE_FALSE(std::filesystem::exists(shm));
    ::chmod(file.c_str(), 0444);
    {
        auto db = storage::SqliteDatabase::open(file);
        REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().describe()));
        CHECK(db.value()->read_only());
        CHECK(db.value()->visits().load(1).ok());
        CHECK_FALSE(db.value()->visits().create_draft(test::sample_visit(), test::actor()).ok());
        CHECK_FALSE(std::filesystem::exists(shm));
        CHECK_FALSE(std::filesystem::exists(wal));
    }
    ::chmod(file.c_str(), 0644);
    auto db = storage::SqliteDatabase::open(file);
    REQUIRE(db.ok());
    CHECK_FALSE(db.value()->read_only());
    CHECK(db.value()->visits().create_draft(test::sample_visit(), test::actor()).ok());
}

TEST_CASE("a full disk loses nothing: the failed change is whole-or-nothing and earlier visits stay") {
    test::TempDir dir;
    auto db = storage::SqliteDatabase::open(dir.path() / "clinic.db").value();
    const auto first = db->visits().create_draft(test::sample_visit(), test::actor()).value();
    db->limit_size_for_test(1);  // every further page is refused, as on a full disk
    core::Visit big = test::sample_visit();
    for (int i = 0; i < 2000; ++i) big.notes.push_back({std::nullopt, core::NoteKind::general, std::string(200, 'x')});
    const auto failed = db->visits().create_draft(big, test::actor());
    REQUIRE_FALSE(failed.ok());
    MESSAGE(failed.error().describe());
    CHECK(failed.error().describe().find("disk is full") != std::string::npos);
    db->limit_size_for_test(1'000'000);
    CHECK(db->visits().list({}).value().rows.size() == 1);
    CHECK(db->visits().load(first).ok());
    CHECK(db->check().value().ok);
}
