#pragma once
// Backends for the storage contract tests: every implementation of the stores must pass the same cases.
#include "storage/database.hpp"
#include "support/test_support.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace infusion::test {

struct Backend {
    std::string name;
    std::function<std::unique_ptr<storage::Database>()> open;
};

// Which stores a contract test needs. PostgreSQL stores users, the audit log, the database's facts,
// visits, billing and supervisor review: every store (docs/storage.md, status). `all` is SQLite alone:
// the tests not yet moved to every backend, named by the stores they use until they are.
enum class Stores { all, users_audit_facts, visits, billing, reviews };

// SQLite in memory, SQLite in a real file in a fresh temporary folder, and (for the stores it has) a
// fresh database on the tests' PostgreSQL server (pg_fixture.hpp), created by the owner role and used
// through the least-privilege application role, as a workstation would.
std::vector<Backend> backends(Stores needed = Stores::all);

// Two connections on one database, as two workstations (or two windows on one SQLite file) hold: SQLite
// in a file and PostgreSQL (through the application role). An in-memory SQLite database has one only.
struct SharedBackend {
    std::string name;
    std::function<std::pair<std::unique_ptr<storage::Database>, std::unique_ptr<storage::Database>>()> open;
};
std::vector<SharedBackend> shared_backends();

// A fresh database named by its location, for tests that open it as the program's own processes do (an
// export job's thread, a child process, the command line): a SQLite file, and a PostgreSQL database whose
// schema the owner created, reached through the application role. The database goes with the list.
struct Place {
    std::string name;
    std::function<storage::DatabaseLocation()> make;
};
std::vector<Place> places();

storage::Actor actor(const std::string& user = "rn.okafor", const std::string& at = "2026-03-02T15:00:00Z");
std::string file_bytes(const std::filesystem::path& file);

// Records one export batch (CSV, by billing.chen) of every pending line of March 2026, the sample
// visit's month; the file's digest is made up, since no file is written.
core::Result<std::optional<storage::BatchRecord>> export_march(storage::Database& db);
// The same for the pending lines of `month` of 2026.
core::Result<std::optional<storage::BatchRecord>> export_month(storage::Database& db, std::chrono::month month);
// Whether `folder`'s file system holds files without a name (O_TMPFILE): where it does, an export's
// file is never seen half-written, nor as FILE.partial (app/atomic_file.hpp).
bool unnamed_files_in(const std::filesystem::path& folder);
// What `db check` finds in the file, opened read-only: "" when it is clean, else its findings a line each.
std::string check_findings(const std::filesystem::path& file);
// The change counter (Database::change_counter) once it differs from `before`, asked every 20 ms for up to
// 2 s as a window asks; `before` when it never moves (PostgreSQL's notifications arrive a moment after the
// other session's COMMIT).
std::optional<std::uint64_t> counter_moved_from(storage::Database& db, std::optional<std::uint64_t> before);

}  // namespace infusion::test
