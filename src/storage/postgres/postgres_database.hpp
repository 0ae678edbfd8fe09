#pragma once
// The InfusionDoc database on a shared PostgreSQL 15 server, for a clinic with several workstations
// (docs/storage.md, "PostgreSQL"). One connection per object; every workstation, window or export job
// opens its own. The same store interfaces as the SQLite file, and the same guarantees: versioned
// migrations, signed rows immutable by triggers, the audit log and export record append-only (triggers,
// and no UPDATE/DELETE/TRUNCATE for the application role), one hash chain appended in one order by
// every workstation.
//
// What this backend stores so far: the audit log, users and sign-in throttling, and the database's facts.
// Visits, billing export and review are not stored on PostgreSQL yet: their stores answer every call
// with an error saying so (docs/storage.md, status), and the program does not offer this backend.
#include "core/result.hpp"
#include "storage/database.hpp"

#include <memory>
#include <string>

namespace infusion::storage {

class PostgresDatabase {
public:
    // `url`: a libpq connection string, URI or service ("service=infusiondoc"); the password comes from
    // ~/.pgpass or the service file. Creates or upgrades the schema when the connecting role may (the
    // owner role); the application role gets a clear message when the schema is missing or old.
    [[nodiscard]] static core::Result<std::unique_ptr<PostgresDatabase>> open(const std::string& url,
                                                                              OpenOptions options = {});
    ~PostgresDatabase();
    PostgresDatabase(const PostgresDatabase&) = delete;
    PostgresDatabase& operator=(const PostgresDatabase&) = delete;

    [[nodiscard]] AuditLog& audit();
    [[nodiscard]] UserStore& users();
    [[nodiscard]] DatabaseFacts& facts();

    // The schema (every table and trigger of the migrations present and enabled, the version), the
    // application role's privileges on the append-only tables, and the audit chain from its first row.
    // PostgreSQL checks its own pages (data checksums, amcheck) outside the program. `depth` is accepted
    // for the interface: both depths walk the whole chain here.
    [[nodiscard]] core::Result<CheckReport> check(CheckDepth depth = CheckDepth::full);

    // What messages name: "database 'clinic' on db.example.org" (never a password).
    [[nodiscard]] const std::string& where() const;
    [[nodiscard]] bool read_only() const;
    [[nodiscard]] int schema_version() const;

    struct Impl;

private:
    explicit PostgresDatabase(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace infusion::storage
