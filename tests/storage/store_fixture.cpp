#include "storage/store_fixture.hpp"
#include "storage/sqlite_database.hpp"

#include "storage/pg_fixture.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace infusion::test {

std::vector<Backend> backends(Stores needed) {
    auto dir = std::make_shared<TempDir>();
    std::vector<Backend> all{
        {"sqlite-memory", [] { return std::move(storage::SqliteDatabase::open_in_memory().value()); }},
        {"sqlite-file",
         [dir] {
             static std::atomic<int> n{0};
             auto db = storage::SqliteDatabase::open(dir->path() / ("store-" + std::to_string(n++) + ".db"));
             REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().describe()));
             return std::move(db.value());
         }},
    };
    if (needed != Stores::all) {
        // Each database is dropped when the list goes, after the test's connections (the loop's body).
        auto databases = std::make_shared<std::vector<std::unique_ptr<PgTestDatabase>>>();
        all.push_back({"postgresql", [databases] {
                           auto& pg = *databases->emplace_back(std::make_unique<PgTestDatabase>());
                           // The owner creates the schema; the workstation connects as the application role.
                           const auto owner = storage::open_database(storage::DatabaseLocation::postgresql(pg.url()));
                           REQUIRE_MESSAGE(owner.ok(), (owner.ok() ? "" : owner.error().describe()));
                           auto db =
                               storage::open_database(storage::DatabaseLocation::postgresql(pg.url("infusiondoc_app")));
                           REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().describe()));
                           return std::move(db).value();
                       }});
    }
    return all;
}

std::vector<SharedBackend> shared_backends() {
    auto dir = std::make_shared<TempDir>();
    auto databases = std::make_shared<std::vector<std::unique_ptr<PgTestDatabase>>>();
    const auto open = [](const storage::DatabaseLocation& where) {
        auto db = storage::open_database(where);
        REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().describe()));
        return std::move(db).value();
    };
    return {
        {"sqlite-file",
         [dir, open] {
             static std::atomic<int> n{0};
             const auto file =
                 storage::DatabaseLocation::sqlite_file(dir->path() / ("shared-" + std::to_string(n++) + ".db"));
             auto first = open(file);
             return std::make_pair(std::move(first), open(file));
         }},
        {"postgresql",
         [databases, open] {
             auto& pg = *databases->emplace_back(std::make_unique<PgTestDatabase>());
             (void)open(storage::DatabaseLocation::postgresql(pg.url()));  // the owner creates the schema
             const auto app = storage::DatabaseLocation::postgresql(pg.url("infusiondoc_app"));
             auto first = open(app);
             return std::make_pair(std::move(first), open(app));
         }},
    };
}

std::vector<Place> places() {
    auto dir = std::make_shared<TempDir>();
    auto databases = std::make_shared<std::vector<std::unique_ptr<PgTestDatabase>>>();
    return {
        {"sqlite-file",
         [dir] {
             static std::atomic<int> n{0};
             return storage::DatabaseLocation::sqlite_file(dir->path() / ("place-" + std::to_string(n++) + ".db"));
         }},
        {"postgresql",
         [databases] {
             auto& pg = *databases->emplace_back(std::make_unique<PgTestDatabase>());
             const auto owner = storage::open_database(storage::DatabaseLocation::postgresql(pg.url()));
             REQUIRE_MESSAGE(owner.ok(), (owner.ok() ? "" : owner.error().describe()));
             return storage::DatabaseLocation::postgresql(pg.url("infusiondoc_app"));
         }},
    };
}

storage::Actor actor(const std::string& user, const std::string& at) { return storage::Actor{user, at}; }

std::string file_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

core::Result<std::optional<storage::BatchRecord>> export_march(storage::Database& db) {
    return export_month(db, std::chrono::March);
}

core::Result<std::optional<storage::BatchRecord>> export_month(storage::Database& db, std::chrono::month month) {
    storage::ExportCallbacks callbacks;
    callbacks.row = [](const storage::ExportRow&) { return true; };
    callbacks.finish = [] { return core::Result<std::string>(std::string(64, 'a')); };
    const auto first = std::chrono::year{2026} / month / 1;
    const auto last = std::chrono::year_month_day{std::chrono::year{2026} / month / std::chrono::last};
    const storage::ExportSelection selection{first, last, {}, {}};
    return db.billing().export_pending(selection, "csv", actor("billing.chen"), false, callbacks);
}

bool unnamed_files_in(const std::filesystem::path& folder) {
    const int fd = ::open(folder.c_str(), O_WRONLY | O_TMPFILE | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    ::close(fd);
    return true;
}

std::string check_findings(const std::filesystem::path& file) {
    auto db = storage::SqliteDatabase::open(file, {.create_if_missing = false, .read_only = true}).value();
    const auto report = db->check().value();
    std::string text;
    for (const auto& f : report.findings) text += f + "\n";
    return report.ok ? std::string() : text.empty() ? std::string("not ok") : text;
}

std::optional<std::uint64_t> counter_moved_from(storage::Database& db, std::optional<std::uint64_t> before) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    for (;;) {
        const auto now = db.change_counter();
        if (now != before || std::chrono::steady_clock::now() > deadline) return now;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace infusion::test
