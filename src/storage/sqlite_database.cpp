// The SQLite backend: opening, migrating, checking and backing up the database file.
// Sections: 1. recognising a file  2. connection settings and migrations  3. SqliteDatabase  4. check and backup
#include "storage/sqlite_database.hpp"

#include "core/wall_time.hpp"
#include "storage/audit_chain.hpp"
#include "storage/backup_target.hpp"
#include "storage/chain_head_file.hpp"
#include "storage/chain_head_tracker.hpp"
#include "storage/import_lock_file.hpp"
#include "storage/open_files.hpp"
#include "storage/record_check.hpp"
#include "storage/schema.hpp"
#include "storage/seal.hpp"
#include "storage/sqlite_backup.hpp"
#include "storage/sqlite_billing_store.hpp"
#include "storage/sqlite_database_check.hpp"
#include "storage/sqlite_database_facts.hpp"
#include "storage/sqlite_review_store.hpp"
#include "storage/sqlite_support.hpp"
#include "storage/sqlite_user_store.hpp"
#include "storage/sqlite_visit_store.hpp"
#include "storage/wal_batching_vfs.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace infusion::storage {

struct SqliteDatabase::Impl {
    DatabaseLocation location;
    std::filesystem::path file;
    bool read_only = false;
    int version = 0;
    int upgraded_from = 0;                     // the schema this opening upgraded from; 0: none
    std::optional<detail::OpenFileMark> held;  // before db: the mark outlives the connection (open_files.hpp)
    std::unique_ptr<SQLite::Database> db;
    std::unique_ptr<detail::ChainHeadTracker> head;  // after db: unhooked before the connection closes
    std::unique_ptr<detail::Connection> connection;
    std::unique_ptr<detail::SqliteVisitStore> visits;
    std::unique_ptr<detail::SqliteAuditLog> audit;
    std::unique_ptr<detail::SqliteUserStore> users;
    std::unique_ptr<detail::SqliteBillingStore> billing;
    std::unique_ptr<detail::SqliteReviewStore> reviews;
    std::unique_ptr<detail::SqliteDatabaseFacts> facts;
};

namespace {

using core::Error;

constexpr int busy_timeout_ms = 5000;
constexpr int first_version_with_head_file = 6;

// Once, before SQLite's first use in the process:
// - no process-wide memory statistics, which took a global mutex on every allocation SQLite made (an
//   export allocates per row) for figures the program never reads. Without effect when SQLite was
//   initialised before.
// - freed memory is kept for reuse up to 8 MiB instead of 128 KiB. Each statement of a write transaction
//   that may abort half-way (a trigger, a CHECK, a foreign key: nearly all of ours) keeps its undo record
//   in a 64 KiB block allocated and freed again; with glibc's default the heap was handed back to the
//   system and faulted in again on every statement, a fifth of a signature's processor time (issue 15,
//   docs/performance.md).
constexpr int kept_free_heap_bytes = 8 << 20;

void configure_sqlite_library() {
    static const bool configured = [] {
        ::mallopt(M_TRIM_THRESHOLD, kept_free_heap_bytes);
        return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    }();
    (void)configured;
}

// ---- 1. recognising a file ---------------------------------------------------------------------
enum class FileKind { missing, empty, sqlite, not_sqlite, not_regular, unreadable };

FileKind inspect(const std::filesystem::path& file) {
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (ec || status.type() == std::filesystem::file_type::not_found) return FileKind::missing;
    if (!std::filesystem::is_regular_file(status)) return FileKind::not_regular;
    if (std::filesystem::file_size(file, ec) == 0) return FileKind::empty;
    // Held open by another connection of this process (the window, while its export job opens its own):
    // it is a database, and reading its first bytes through a descriptor of our own would, on closing,
    // drop that connection's locks (open_files.hpp).
    if (detail::held_open_here(file)) return FileKind::sqlite;
    std::ifstream in(file, std::ios::binary);
    if (!in) return FileKind::unreadable;  // not "not an SQLite file": this user may not read it
    char magic[16] = {};
    in.read(magic, sizeof magic);
    return std::string(magic, 16) == std::string("SQLite format 3\0", 16) ? FileKind::sqlite : FileKind::not_sqlite;
}

// Root ignores permission bits, so the bits themselves say whether the clinic meant the file read-only.
bool writable(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return true;
    return (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) != 0;
}

// A file without write bits and with nothing in a write-ahead log beside it holds all its data itself:
// it is opened as immutable. Opened as a plain read-only WAL database, SQLite made FILE-shm (and
// FILE-wal) beside it with the file's own read-only mode, and after a `chmod 644` of the database that
// left -shm kept every later opening read-only.
bool open_as_immutable(const std::filesystem::path& file) {
    if (writable(file)) return false;
    std::error_code ec;
    const auto wal = std::filesystem::path(file.string() + "-wal");
    if (!std::filesystem::exists(wal, ec)) return true;
    return std::filesystem::file_size(wal, ec) == 0 && !ec;
}

// The program's own migration moves SQLite's schema cookie, and a quick check that finds the cookie moved
// walks the whole chain (25.7 s at a million visits): a dropped and remade trigger moves it too. When the
// last clean check's checkpoint was taken at the schema as it stood just before this migration, nothing
// changed the schema in between but the migration: the checkpoint is carried to the new cookie. A schema
// changed before the migration (the checkpoint's cookie is another) is still walked from the first row.
void carry_checkpoint_over_migration(const std::filesystem::path& file, std::int64_t cookie_before,
                                     std::int64_t cookie_after) {
    const auto path = detail::check_checkpoint_path(file);
    const auto checkpoint = detail::read_check_checkpoint(path);
    if (!checkpoint || !checkpoint->schema_cookie || *checkpoint->schema_cookie != cookie_before) return;
    (void)detail::write_check_checkpoint(
        path, {checkpoint->head, cookie_after, checkpoint->sweep_visit, checkpoint->sweep_audit});
}

// The name SQLite opens: `file` itself, or as a URI with immutable=1 (with SQLite::OPEN_URI).
std::string sqlite_name(const std::filesystem::path& file, bool immutable) {
    if (!immutable) return file.string();
    std::string uri = "file:";
    for (const char c : std::filesystem::absolute(file).string()) {
        if (c == '%' || c == '?' || c == '#') {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
            uri += escaped;
        } else {
            uri += c;
        }
    }
    return uri + "?immutable=1";
}

struct Identity {
    int application_id = 0;
    int user_version = 0;
    int objects = 0;
};

Identity identify(SQLite::Database& db) {
    Identity id;
    id.application_id = db.execAndGet("PRAGMA application_id").getInt();
    id.user_version = db.execAndGet("PRAGMA user_version").getInt();
    id.objects = db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt();
    return id;
}

// ---- 2. connection settings and migrations ------------------------------------------------------
void configure(SQLite::Database& db, bool read_only) {
    db.setBusyTimeout(busy_timeout_ms);
    db.exec("PRAGMA foreign_keys = ON");
    if (!read_only) {
        db.exec("PRAGMA journal_mode = WAL");  // readers never block the nurse's writes
    }
    db.exec("PRAGMA synchronous = FULL");  // an acknowledged commit survives a power cut
}

// Every step in one transaction: a step that fails leaves the file as it was. Committed step by step, a file
// whose user_version had been lowered with the sqlite3 shell was half upgraded again (tables rebuilt, three of
// its triggers dropped) before a step failed on a column it already had (found from outside).
void migrate(SQLite::Database& db, int from) {
    const auto& steps = schema::migrations();
    if (from >= static_cast<int>(steps.size())) return;
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    for (int v = from; v < static_cast<int>(steps.size()); ++v) {
        try {
            db.exec(std::string(steps[static_cast<std::size_t>(v)]));
        } catch (const SQLite::Exception& e) {
            if (from == 0) throw;
            // The step met what it was to make: the file's schema is not that of the version it says it is.
            throw std::runtime_error("cannot upgrade it from schema " + std::to_string(from) + ": step " +
                                     std::to_string(v + 1) + " failed (" + e.what() +
                                     "); its tables are not those of schema " + std::to_string(from) +
                                     " (PRAGMA user_version changed outside the program?). The file was left "
                                     "untouched: restore it from its backup, or set user_version back");
        }
        if (const auto fill = schema::backfill(v + 1)) fill(db);
    }
    db.exec("PRAGMA application_id = " + std::to_string(schema::application_id));
    db.exec("PRAGMA user_version = " + std::to_string(steps.size()));
    tx.commit();
    // Put the header (application_id, user_version) into the main file, not only the WAL, so the
    // next open recognises the file from its first bytes.
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

std::string who_made_it(int application_id) {
    char buffer[5] = {};
    for (int i = 0; i < 4; ++i) {
        const auto c = static_cast<char>((application_id >> (24 - 8 * i)) & 0xFF);
        buffer[i] = (c >= 32 && c < 127) ? c : '?';
    }
    return "application id " + std::to_string(application_id) + " ('" + buffer + "')";
}

}  // namespace

// ---- 3. SqliteDatabase ---------------------------------------------------------------------------
SqliteDatabase::SqliteDatabase(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {
    m_impl->location = DatabaseLocation::sqlite_file(m_impl->file);
    m_impl->connection = std::make_unique<detail::Connection>(*m_impl->db);
    if (!m_impl->read_only && m_impl->file != ":memory:") {
        m_impl->head =
            std::make_unique<detail::ChainHeadTracker>(m_impl->db->getHandle(), detail::chain_head_path(m_impl->file));
        m_impl->connection->set_head_tracker(m_impl->head.get());
    }
    m_impl->visits =
        std::make_unique<detail::SqliteVisitStore>(*m_impl->connection, m_impl->file.string(), m_impl->read_only);
    m_impl->audit =
        std::make_unique<detail::SqliteAuditLog>(*m_impl->connection, m_impl->file.string(), m_impl->read_only);
    m_impl->users =
        std::make_unique<detail::SqliteUserStore>(*m_impl->connection, m_impl->file.string(), m_impl->read_only);
    m_impl->billing =
        std::make_unique<detail::SqliteBillingStore>(*m_impl->connection, m_impl->file.string(), m_impl->read_only);
    m_impl->reviews =
        std::make_unique<detail::SqliteReviewStore>(*m_impl->connection, m_impl->file.string(), m_impl->read_only);
    m_impl->facts =
        std::make_unique<detail::SqliteDatabaseFacts>(*m_impl->connection, m_impl->file.string(), m_impl->read_only);
}
SqliteDatabase::~SqliteDatabase() = default;

VisitStore& SqliteDatabase::visits() { return *m_impl->visits; }
AuditLog& SqliteDatabase::audit() { return *m_impl->audit; }
UserStore& SqliteDatabase::users() { return *m_impl->users; }
BillingStore& SqliteDatabase::billing() { return *m_impl->billing; }
ReviewStore& SqliteDatabase::reviews() { return *m_impl->reviews; }
DatabaseFacts& SqliteDatabase::facts() { return *m_impl->facts; }
const std::filesystem::path& SqliteDatabase::file() const { return m_impl->file; }
bool SqliteDatabase::read_only() const { return m_impl->read_only; }
int SqliteDatabase::schema_version() const { return m_impl->version; }
int SqliteDatabase::upgraded_from() const { return m_impl->upgraded_from; }

std::optional<std::uint64_t> SqliteDatabase::change_counter() {
    try {
        // Moves only for other connections' commits (SQLite's documentation of data_version), which is
        // what a window needs to know: its own changes already refresh its screens.
        auto s_use = m_impl->connection->prepare("PRAGMA data_version");
        SQLite::Statement& s = *s_use;
        if (!s.executeStep()) return std::nullopt;
        return static_cast<std::uint64_t>(s.getColumn(0).getInt64());
    } catch (const std::exception&) {
        return std::nullopt;  // busy or closed: no news this time; the next look asks again
    }
}
const DatabaseLocation& SqliteDatabase::location() const { return m_impl->location; }

core::Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::filesystem::path& given,
                                                                   OpenOptions options) {
    configure_sqlite_library();
    // Through a symbolic link, the file it names: SQLite keeps its WAL beside that file, and the chain's head
    // file and the check's checkpoint must be there too. Opened as the link, the head file beside the real
    // file was never moved, and rows cut from the end of the log went unnoticed (found from outside).
    std::filesystem::path file = given;
    if (std::error_code ec; std::filesystem::is_symlink(given, ec)) {
        if (auto real = std::filesystem::canonical(given, ec); !ec) file = real;
    }
    const std::string name = file.string();
    const FileKind kind = inspect(file);
    switch (kind) {
        case FileKind::not_regular: return Error{"not a regular file; nothing was changed", name, {}};
        case FileKind::unreadable:
            return Error{
                std::string("this user may not read the file (") + std::strerror(errno) + "); nothing was changed",
                name,
                {},
                core::ErrorKind::refused};
        case FileKind::not_sqlite:
            return Error{"not an InfusionDoc database (not an SQLite file); the file was left untouched", name, {}};
        case FileKind::missing:
            if (!options.create_if_missing || options.read_only)
                return Error{"no such database file", name, {}, core::ErrorKind::not_found};
            break;
        case FileKind::empty:
            // Its chain's head file beside it naming rows: the file held a database once (a copy that failed,
            // a disk that filled), and a new one made in it would start the log over as if nothing were lost.
            if (const auto head = detail::read_chain_head(detail::chain_head_path(file));
                !head || (head.value() && head.value()->seq > 0)) {
                return Error{"an empty file (0 bytes) whose chain head file beside it names " +
                                 (head ? std::to_string(head.value()->seq) + " audit rows" : std::string("a chain")) +
                                 ": it held a database once, and is not made into a new one. Restore the database "
                                 "from its backup; nothing was changed",
                             name,
                             {},
                             core::ErrorKind::conflict};
            }
            break;
        case FileKind::sqlite: break;
    }
    auto impl = std::make_unique<Impl>();
    impl->file = file;
    impl->read_only = options.read_only || (kind != FileKind::missing && !writable(file));
    int upgraded_from = 0;  // the schema of an existing database this opening upgraded; 0: none
    try {
        // Look before writing anything: open read-only and read the identity.
        const bool immutable = kind == FileKind::sqlite && open_as_immutable(file);
        if (kind == FileKind::sqlite) {
            SQLite::Database probe(sqlite_name(file, immutable),
                                   SQLite::OPEN_READONLY | (immutable ? SQLite::OPEN_URI : 0));
            probe.setBusyTimeout(busy_timeout_ms);
            const Identity id = identify(probe);
            if (id.application_id != schema::application_id && (id.application_id != 0 || id.objects > 0)) {
                return Error{"an SQLite database of another program (" + who_made_it(id.application_id) +
                                 "), not InfusionDoc's; the file was left untouched",
                             name,
                             {}};
            }
            // A user_version no InfusionDoc writes (below 0, or 0 over tables of ours): changed with the shell. Such a
            // file was taken for a new one, its head file reset to the empty log before the upgrade failed, and a
            // log cut at its end then passed every check (found from outside); a negative one crashed the upgrade.
            if (id.user_version < 0 || (id.user_version == 0 && id.objects > 0)) {
                return Error{
                    "it says schema " + std::to_string(id.user_version) + " (PRAGMA user_version), which " +
                        (id.user_version < 0 ? std::string("no InfusionDoc writes")
                                             : std::string("only a new, empty file has, but it holds tables")) +
                        ": changed outside the program. The file and its head file were left untouched: "
                        "restore the database from its backup",
                    name,
                    {},
                    core::ErrorKind::corrupt};
            }
            if (id.user_version > schema::current_version()) {
                return Error{"made by a newer InfusionDoc (schema " + std::to_string(id.user_version) +
                                 "; this program knows up to " + std::to_string(schema::current_version()) +
                                 "); update the program. The file was left untouched",
                             name,
                             {},
                             core::ErrorKind::conflict};
            }
            if (impl->read_only && id.user_version < schema::current_version()) {
                return Error{"the database needs an upgrade (schema " + std::to_string(id.user_version) + " to " +
                                 std::to_string(schema::current_version()) + ") but the file is read-only",
                             name,
                             {},
                             core::ErrorKind::refused};
            }
        } else if (impl->read_only) {
            return Error{"the file is read-only and holds no database yet", name, {}, core::ErrorKind::refused};
        }
        if (kind == FileKind::missing && file.has_parent_path()) {
            std::error_code ec;
            std::filesystem::create_directories(file.parent_path(), ec);
        }
        if (kind == FileKind::missing && !detail::create_owner_only(file)) {
            return Error{
                std::string("cannot create the database file: ") + std::strerror(errno), name, {}, core::ErrorKind::io};
        }
        if (kind == FileKind::empty) ::chmod(name.c_str(), S_IRUSR | S_IWUSR);
        // NOMUTEX: a connection is only ever used by the thread that opened it (an export in the window
        // opens its own), so SQLite's per-call connection mutex (taken for every column read) is not needed.
        const int flags = (impl->read_only ? SQLite::OPEN_READONLY : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)) |
                          SQLite::OPEN_NOMUTEX | (immutable ? SQLite::OPEN_URI : 0);
        // Each commit's WAL frames in one write (wal_batching_vfs.hpp).
        impl->db = std::make_unique<SQLite::Database>(sqlite_name(file, immutable).c_str(), flags, 0,
                                                      detail::wal_batching_vfs());
        impl->held = detail::OpenFileMark::of(file);
        configure(*impl->db, impl->read_only);
        const Identity id = identify(*impl->db);
        if (!impl->read_only) {
            const bool upgrading = id.user_version > 0 && id.user_version < schema::current_version();
            const std::int64_t cookie_before = upgrading ? impl->db->execAndGet("PRAGMA schema_version").getInt64() : 0;
            // A new file's head file is made before its first commit, naming the empty log (every chain extends
            // it): made after, a kill between the two left a file whose head file was missing for good, which
            // every check then read as a cut log (found from outside, with kill -9).
            if (id.user_version == 0) {
                if (auto written = detail::write_owner_only_file(detail::chain_head_path(file),
                                                                 detail::chain_head_text({0, detail::genesis_hash}));
                    !written) {
                    return written.error();
                }
            }
            migrate(*impl->db, id.user_version);
            if (upgrading) {
                upgraded_from = id.user_version;
                carry_checkpoint_over_migration(file, cookie_before,
                                                impl->db->execAndGet("PRAGMA schema_version").getInt64());
            }
            // A new file, or one from before head files: start the head file at the log's current end.
            if (id.user_version < first_version_with_head_file) {
                detail::Connection connection(*impl->db);
                const auto head = detail::current_chain_head(connection);
                if (auto written =
                        detail::write_owner_only_file(detail::chain_head_path(file), detail::chain_head_text(head));
                    !written) {
                    return written.error();
                }
            }
        }
        impl->version = impl->db->execAndGet("PRAGMA user_version").getInt();
    } catch (const std::exception& e) {
        // A database in use keeps FILE-wal and FILE-shm beside it: a user who may read the file but not
        // write it or its folder cannot open it, and SQLite's "read-only" alone sent people looking
        // at the file's own permissions.
        const auto* sq = dynamic_cast<const SQLite::Exception*>(&e);
        // On a file system mounted read-only SQLite says only "unable to open database file" (found from
        // outside): the folder is asked, and a read-only mount is named as such.
        const std::string folder = file.has_parent_path() ? file.parent_path().string() : std::string(".");
        const bool folder_refuses = sq != nullptr && sq->getErrorCode() == SQLITE_CANTOPEN &&
                                    ::access(file.c_str(), R_OK) == 0 && ::access(folder.c_str(), W_OK) != 0;
        const bool read_only_mount = folder_refuses && errno == EROFS;
        if (sq != nullptr && (sq->getErrorCode() == SQLITE_READONLY || folder_refuses)) {
            return Error{std::string("cannot open the database: ") +
                             (read_only_mount ? "the file system that holds it is mounted read-only"
                                              : "this user may not write the file or its folder") +
                             " (a database in use keeps " + file.filename().string() + "-wal and " +
                             file.filename().string() + "-shm beside it); nothing was changed",
                         name,
                         {},
                         core::ErrorKind::refused};
        }
        return detail::sqlite_error("cannot open the database", e, name);
    }
    std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(std::move(impl)));
    db->m_impl->upgraded_from = upgraded_from;
    if (!db->read_only()) {
        // A database from before accounts were sealed: its accounts as they stand now are the baseline.
        // Through the database's own connection, so the head file follows the audit rows it adds. A
        // current database is only read here: the write lock is taken when there is something to write.
        try {
            if (upgraded_from == 0 && !detail::accounts_need_sealing(*db->m_impl->connection)) return db;
            SQLite::Transaction tx(*db->m_impl->db, SQLite::TransactionBehavior::IMMEDIATE);
            const std::string now =
                core::format_utc(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
            // An upgrade changes the file before anyone signs in (every command opens the database
            // first), so the program itself is named: the log says when the format changed, and from what.
            if (upgraded_from > 0) {
                detail::append_audit(*db->m_impl->connection, "schema-upgrade", std::nullopt,
                                     "the database upgraded from schema " + std::to_string(upgraded_from) + " to " +
                                         std::to_string(schema::current_version()),
                                     Actor{"infusiondoc", now});
            }
            detail::seal_accounts_once(*db->m_impl->connection, now);
            tx.commit();
        } catch (const std::exception& e) {
            return detail::sqlite_error("cannot seal the accounts of an older database", e, name);
        }
    }
    return db;
}

core::Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open_in_memory() {
    auto impl = std::make_unique<Impl>();
    impl->file = ":memory:";
    try {
        impl->db = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        configure(*impl->db, false);
        migrate(*impl->db, 0);
        impl->version = schema::current_version();
    } catch (const std::exception& e) {
        return detail::sqlite_error("cannot open an in-memory database", e, ":memory:");
    }
    return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(std::move(impl)));
}

void SqliteDatabase::limit_size_for_test(std::int64_t pages) {
    m_impl->db->exec("PRAGMA max_page_count = " + std::to_string(pages));
}

// ---- 4. check and backup -----------------------------------------------------------------------
// The check itself is sqlite_database_check.cpp's.
void SqliteDatabase::record_check(const CheckReport& report) {
    if (!m_impl->read_only) detail::keep_check_checkpoint(m_impl->file, report);
}

core::Result<CheckReport> SqliteDatabase::examine(CheckDepth depth) {
    return detail::examine_sqlite_file(*m_impl->db, *m_impl->connection, m_impl->file, m_impl->read_only, depth);
}

core::Status SqliteDatabase::backup_to(const std::filesystem::path& target) {
    return detail::write_backup(*m_impl->db, m_impl->file, target);
}

core::Result<std::string> SqliteDatabase::accept_chain_head() {
    if (m_impl->read_only || m_impl->file == ":memory:") {
        return Error{"the database is open read-only: the head file was not written",
                     m_impl->file.string(),
                     {},
                     core::ErrorKind::refused};
    }
    try {
        const auto head = detail::current_chain_head(*m_impl->connection);
        const auto path = detail::chain_head_path(m_impl->file);
        if (auto written = detail::write_owner_only_file(path, detail::chain_head_text(head)); !written) {
            return written.error();
        }
        return path.string();
    } catch (const std::exception& e) {
        return detail::sqlite_error("cannot read the end of the audit log", e, m_impl->file.string());
    }
}

std::filesystem::path SqliteDatabase::chain_head_file() const { return detail::chain_head_path(m_impl->file); }

core::Result<std::unique_ptr<ImportLock>> SqliteDatabase::lock_imports() {
    // Nothing else reaches a private in-memory database, and a read-only one stores no import.
    if (m_impl->file == ":memory:" || m_impl->read_only) return std::make_unique<ImportLock>();
    return detail::lock_file_exclusively(m_impl->file.string() + "-import-lock");
}

}  // namespace infusion::storage
