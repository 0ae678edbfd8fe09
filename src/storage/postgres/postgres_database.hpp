#pragma once
// The InfusionDoc database on a shared PostgreSQL 15 server, for a clinic with several workstations
// (docs/storage.md, "PostgreSQL"). One connection per object; every workstation, window or export job
// opens its own. The same store interfaces as the SQLite file, and the same guarantees: versioned
// migrations, signed rows immutable by triggers, the audit log and export record append-only (triggers,
// and no UPDATE/DELETE/TRUNCATE for the application role), one hash chain appended in one order by
// every workstation.
//
// What this backend stores so far: the audit log, users and sign-in throttling, the database's facts,
// visits, the billing export and supervisor review: every store of storage::Database.
#include "core/result.hpp"
#include "storage/database.hpp"

#include <memory>
#include <string>

namespace infusion::storage {

class PostgresDatabase final : public Database {
public:
    // `url`: a libpq connection string, URI or service ("service=infusiondoc"); the password comes from
    // ~/.pgpass or the service file. Creates or upgrades the schema when the connecting role may (the
    // owner role); the application role gets a clear message when the schema is missing or old.
    [[nodiscard]] static core::Result<std::unique_ptr<PostgresDatabase>> open(const std::string& url,
                                                                              OpenOptions options = {});
    ~PostgresDatabase() override;

    [[nodiscard]] VisitStore& visits() override;
    [[nodiscard]] AuditLog& audit() override;
    [[nodiscard]] UserStore& users() override;
    // The billing export, exactly once across workstations (pg_billing_store.hpp).
    [[nodiscard]] BillingStore& billing() override;
    // Supervisor review, its writes one at a time across workstations (pg_review_store.hpp).
    [[nodiscard]] ReviewStore& reviews() override;
    [[nodiscard]] DatabaseFacts& facts() override;

    // The schema (every table, index, trigger and trigger function of the migrations present, enabled and
    // unaltered), the application role's privileges on the append-only tables, the audit chain from its
    // first row, accounts and facts, and every content seal (SQLite's seal pass, pg_seals.hpp). PostgreSQL checks its
    // own pages (data checksums, amcheck) outside the program. Both depths walk the whole chain: the server reads it in
    // pages within one snapshot.
    [[nodiscard]] core::Result<CheckReport> examine(CheckDepth depth) override;
    // Every PostgreSQL check walks the whole chain: there is no checkpoint to keep.
    void record_check(const CheckReport&) override {}
    // Refused with a message: a server is backed up with its own tools (pg_dump, base backups).
    [[nodiscard]] core::Status backup_to(const std::filesystem::path& target) override;
    // Refused with a message: no head is kept outside the server (only the owner can delete audit rows).
    [[nodiscard]] core::Result<std::string> accept_chain_head() override;

    // Live lists: LISTEN on the changes channel at the first call, then the count of other sessions'
    // committed writes (pg_write.hpp) read from what the server has already sent: no query, no round trip,
    // so asking once a second is not polling the server. Empty when the connection is gone.
    [[nodiscard]] std::optional<std::uint64_t> change_counter() override;
    // A session-level advisory lock ('IDOC', 3), across every workstation.
    [[nodiscard]] core::Result<std::unique_ptr<ImportLock>> lock_imports() override;

    [[nodiscard]] const DatabaseLocation& location() const override;
    [[nodiscard]] bool read_only() const override;
    [[nodiscard]] int schema_version() const override;

    // What messages name: "database 'clinic' on db.example.org" (never a password).
    [[nodiscard]] const std::string& where() const;

    struct Impl;

private:
    explicit PostgresDatabase(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace infusion::storage
