#pragma once
// The InfusionDoc database on the workstation: one SQLite file (WAL, synchronous=FULL, foreign keys,
// busy timeout; application_id marks our files; user_version drives migrations).
//
// Opening never modifies a file that is not ours: a foreign SQLite file, a file made by a newer
// version, a non-SQLite file, a damaged file or a read-only file each get a clear message.
#include "core/result.hpp"
#include "storage/billing_store.hpp"
#include "storage/database_facts.hpp"
#include "storage/review_store.hpp"
#include "storage/user_store.hpp"
#include "storage/visit_store.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>

namespace infusion::storage {

// How deep `db check` goes. quick: SQLite's quick_check, then the audit chain and the content seals from
// the last clean check's checkpoint (FILE-checked) on: seconds at any size. full: also integrity_check
// (every index against its table), foreign keys, and every chain row and seal from the first.
enum class CheckDepth { quick, full };

struct OpenOptions {
    bool create_if_missing = true;
    bool read_only = false;  // open for reading only (db check, reports)
};

class Database {
public:
    [[nodiscard]] static core::Result<std::unique_ptr<Database>> open(const std::filesystem::path& file,
                                                                      OpenOptions options = {});
    // A private in-memory database (tests, dry runs).
    [[nodiscard]] static core::Result<std::unique_ptr<Database>> open_in_memory();

    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    [[nodiscard]] VisitStore& visits();
    [[nodiscard]] AuditLog& audit();
    [[nodiscard]] UserStore& users();
    [[nodiscard]] BillingStore& billing();
    [[nodiscard]] ReviewStore& reviews();
    [[nodiscard]] DatabaseFacts& facts();

    // quick_check, integrity_check, foreign keys, the audit chain and the seals (CheckDepth says how
    // much). A check that finds nothing records where the chain ended as the next quick check's start.
    [[nodiscard]] core::Result<CheckReport> check(CheckDepth depth = CheckDepth::full);
    // Online backup API into a new file (never a file copy): consistent even while others write.
    // Beside it, PATH-head: the backup's audit chain head and the file's SHA-256 (its manifest).
    [[nodiscard]] core::Status backup_to(const std::filesystem::path& target);

    // FILE-head: the audit chain's last row number and hash, kept outside the database after every
    // change, so cutting rows from the end of the log shows (docs/storage.md).
    [[nodiscard]] std::filesystem::path chain_head_file() const;
    // After an administrator has looked into a head-file finding (or restored a backup without its
    // manifest): records the log's current end as the head. Audited by the caller.
    [[nodiscard]] core::Status accept_chain_head();

    [[nodiscard]] const std::filesystem::path& file() const;
    [[nodiscard]] bool read_only() const;
    [[nodiscard]] int schema_version() const;

    // Test hook: limits the file to `pages` pages so a write fails as on a full disk.
    void limit_size_for_test(std::int64_t pages);

    struct Impl;

private:
    explicit Database(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// $XDG_DATA_HOME/infusiondoc/infusiondoc.db, or ~/.local/share/infusiondoc/infusiondoc.db.
[[nodiscard]] std::filesystem::path default_database_path();

}  // namespace infusion::storage
