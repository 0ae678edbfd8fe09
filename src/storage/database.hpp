#pragma once
// The InfusionDoc database, whatever holds it: the interface app/ programs against. One backend exists
// today (SqliteDatabase: one SQLite file on the workstation, sqlite_database.hpp); a second one (a
// shared PostgreSQL server, issue 14) implements the same interface, so nothing above storage/ changes
// when a clinic moves.
//
// Every backend keeps the same guarantees: migrations with a version, signed rows immutable, the audit
// log hash-chained and append-only, exports exactly once, `check` finding what was changed behind the
// program's back.
#include "core/result.hpp"
#include "storage/billing_store.hpp"
#include "storage/database_facts.hpp"
#include "storage/review_store.hpp"
#include "storage/user_store.hpp"
#include "storage/visit_store.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace infusion::storage {

// How deep `db check` goes. quick: SQLite's quick_check of the tables outside schema::history_tables(),
// then the audit chain and the content seals from the last clean check's checkpoint (FILE-checked) on:
// seconds at any size. full: also integrity_check
// (every index against its table), foreign keys, and every chain row and seal from the first.
enum class CheckDepth { quick, full };

struct OpenOptions {
    bool create_if_missing = true;
    bool read_only = false;  // open for reading only (db check, reports)
};

enum class Backend { sqlite, postgresql };

// Where the database is: a SQLite file (`--db FILE`) or a PostgreSQL server (a libpq connection string
// or service name). Copied freely: an export job opens its own connection from it on another thread.
struct DatabaseLocation {
    Backend backend = Backend::sqlite;
    std::filesystem::path file;  // sqlite: the database file (":memory:" for a private in-memory one)
    std::string url;             // postgresql: "service=infusiondoc", "host=… dbname=…" or "postgresql://…"

    [[nodiscard]] static DatabaseLocation sqlite_file(std::filesystem::path file);
    [[nodiscard]] static DatabaseLocation postgresql(std::string url);
    // What messages and the window's title show: the file, or the connection without any password.
    [[nodiscard]] std::string display() const;
};

// Held while an import looks for the visit already stored and stores the file's visit (released when
// destroyed). Without it, two imports of the same files at once (two workstations, an overlapping
// scheduled job) each found nothing stored and each stored and signed the visit: billed twice.
class ImportLock {
public:
    ImportLock() = default;
    virtual ~ImportLock() = default;
    ImportLock(const ImportLock&) = delete;
    ImportLock& operator=(const ImportLock&) = delete;
};

class Database {
public:
    virtual ~Database() = default;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    [[nodiscard]] virtual VisitStore& visits() = 0;
    [[nodiscard]] virtual AuditLog& audit() = 0;
    [[nodiscard]] virtual UserStore& users() = 0;
    [[nodiscard]] virtual BillingStore& billing() = 0;
    [[nodiscard]] virtual ReviewStore& reviews() = 0;
    [[nodiscard]] virtual DatabaseFacts& facts() = 0;

    // The backend's own integrity check, the schema, the audit chain and the seals (CheckDepth says how
    // much). A check that finds nothing records where the chain ended as the next quick check's start.
    [[nodiscard]] core::Result<CheckReport> check(CheckDepth depth = CheckDepth::full) {
        auto report = examine(depth);
        if (report) record_check(report.value());
        return report;
    }
    // The same check, recording nothing: `db check` reads before its sign-in (which writes an audit
    // row), and records the checkpoint only once the role is known to allow the check. A refused check
    // changes nothing.
    [[nodiscard]] virtual core::Result<CheckReport> examine(CheckDepth depth) = 0;
    // Keeps a clean report's end (CheckReport::clean_end) as the next quick check's start.
    virtual void record_check(const CheckReport& report) = 0;
    // A consistent copy into a new file, even while others write, with a manifest beside it (PATH-head:
    // the copy's audit chain head and the file's SHA-256).
    [[nodiscard]] virtual core::Status backup_to(const std::filesystem::path& target) = 0;
    // After an administrator has looked into a chain-head finding (or restored a backup without its
    // manifest): records the log's current end as the head and says where it is kept. Audited by the caller.
    [[nodiscard]] virtual core::Result<std::string> accept_chain_head() = 0;

    [[nodiscard]] virtual const DatabaseLocation& location() const = 0;
    [[nodiscard]] virtual bool read_only() const = 0;
    [[nodiscard]] virtual int schema_version() const = 0;
    // The schema an existing database had before this opening upgraded it; 0 when it did not (said to whoever
    // opened it: an older program can no longer open the file, and nothing said so; found from outside).
    [[nodiscard]] virtual int upgraded_from() const { return 0; }

    // Live lists (issue 14): a number that moves when another connection (another window, workstation
    // or the command line) has committed a change since this connection last looked; this connection's
    // own writes do not move it (their screens refresh themselves). Cheap enough to ask every second
    // while the window is idle: SQLite reads PRAGMA data_version, a counter in the WAL index in shared
    // memory, with no disk I/O. Empty: this backend cannot tell (yet), and lists refresh when reopened.
    [[nodiscard]] virtual std::optional<std::uint64_t> change_counter() { return std::nullopt; }

    // The import lock across every program and workstation on this database; waits while another holds
    // it (one file's check and write: milliseconds). A private in-memory database needs none.
    [[nodiscard]] virtual core::Result<std::unique_ptr<ImportLock>> lock_imports() {
        return std::make_unique<ImportLock>();
    }

protected:
    Database() = default;
};

// Opens (and creates or migrates, unless read-only) the database at `where`, with the backend it names.
[[nodiscard]] core::Result<std::unique_ptr<Database>> open_database(const DatabaseLocation& where,
                                                                    OpenOptions options = {});

// $XDG_DATA_HOME/infusiondoc/infusiondoc.db, or ~/.local/share/infusiondoc/infusiondoc.db.
[[nodiscard]] std::filesystem::path default_database_path();

}  // namespace infusion::storage
