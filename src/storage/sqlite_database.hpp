#pragma once
// The SQLite backend: one file on the workstation (WAL, synchronous=FULL, foreign keys, busy timeout;
// application_id marks our files; user_version drives migrations).
//
// Opening never modifies a file that is not ours: a foreign SQLite file, a file made by a newer
// version, a non-SQLite file, a damaged file or a read-only file each get a clear message.
#include "storage/database.hpp"

namespace infusion::storage {

class SqliteDatabase final : public Database {
public:
    [[nodiscard]] static core::Result<std::unique_ptr<SqliteDatabase>> open(const std::filesystem::path& file,
                                                                            OpenOptions options = {});
    // A private in-memory database (tests, dry runs).
    [[nodiscard]] static core::Result<std::unique_ptr<SqliteDatabase>> open_in_memory();

    ~SqliteDatabase() override;

    [[nodiscard]] VisitStore& visits() override;
    [[nodiscard]] AuditLog& audit() override;
    [[nodiscard]] UserStore& users() override;
    [[nodiscard]] BillingStore& billing() override;
    [[nodiscard]] ReviewStore& reviews() override;
    [[nodiscard]] DatabaseFacts& facts() override;

    // quick_check, integrity_check, foreign keys, the audit chain and the seals.
    [[nodiscard]] core::Result<CheckReport> examine(CheckDepth depth) override;
    void record_check(const CheckReport& report) override;
    // SQLite's online backup API into a new file (never a file copy).
    [[nodiscard]] core::Status backup_to(const std::filesystem::path& target) override;
    // The head file it wrote.
    [[nodiscard]] core::Result<std::string> accept_chain_head() override;

    [[nodiscard]] const DatabaseLocation& location() const override;
    [[nodiscard]] bool read_only() const override;
    [[nodiscard]] int schema_version() const override;
    [[nodiscard]] int upgraded_from() const override;
    // PRAGMA data_version on this connection.
    [[nodiscard]] std::optional<std::uint64_t> change_counter() override;
    // flock on FILE-import-lock beside the database (a file of its own: a descriptor opened and closed on
    // the database itself would drop SQLite's locks, open_files.hpp).
    [[nodiscard]] core::Result<std::unique_ptr<ImportLock>> lock_imports() override;

    [[nodiscard]] const std::filesystem::path& file() const;
    // FILE-head: the audit chain's last row number and hash, kept outside the database after every
    // change, so cutting rows from the end of the log shows (docs/storage.md).
    [[nodiscard]] std::filesystem::path chain_head_file() const;

    // Test hook: limits the file to `pages` pages so a write fails as on a full disk.
    void limit_size_for_test(std::int64_t pages);

    struct Impl;

private:
    explicit SqliteDatabase(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace infusion::storage
