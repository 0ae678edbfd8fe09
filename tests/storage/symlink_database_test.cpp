// A database opened through a symbolic link keeps its chain head file and checkpoint beside the file the
// link names, where SQLite keeps its WAL: opened as the link, the head file was never moved, and rows cut
// from the end of the audit log went unnoticed by `db check` (found from outside).
#include "storage/chain_head_file.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>

#include <filesystem>

using namespace infusion;

TEST_CASE("through a symbolic link, the head file beside the real file follows every commit") {
    test::TempDir dir;
    const auto real = dir.path() / "real.db";
    const auto link = dir.path() / "alias.db";
    {
        auto db = storage::SqliteDatabase::open(real, {});
        REQUIRE(db.ok());
        REQUIRE(db.value()->audit().record("audit-report", std::nullopt, "made", test::actor()).ok());
    }
    std::filesystem::create_symlink(real.filename(), link);
    const auto before = storage::detail::read_chain_head(storage::detail::chain_head_path(real));
    REQUIRE(before.ok());
    REQUIRE(before.value().has_value());
    {
        auto db = storage::SqliteDatabase::open(link, {.create_if_missing = false});
        REQUIRE(db.ok());
        REQUIRE(db.value()->audit().record("audit-report", std::nullopt, "through the link", test::actor()).ok());
        REQUIRE(db.value()->audit().record("audit-report", std::nullopt, "again", test::actor()).ok());
    }
    const auto after = storage::detail::read_chain_head(storage::detail::chain_head_path(real));
    REQUIRE(after.ok());
    REQUIRE(after.value().has_value());
    CHECK(after.value()->seq == before.value()->seq + 2);
    CHECK_FALSE(std::filesystem::exists(storage::detail::chain_head_path(link)));
    // And a check through the link reads the same head file: nothing missing, nothing cut.
    auto again = storage::SqliteDatabase::open(link, {.create_if_missing = false});
    REQUIRE(again.ok());
    const auto report = again.value()->examine(storage::CheckDepth::full);
    REQUIRE(report.ok());
    CHECK(report.value().findings.empty());
    CHECK(report.value().ok);
}
