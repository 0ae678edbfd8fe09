#pragma once
// Moving a clinic from its SQLite file to a PostgreSQL server (issue 14, docs/storage.md "Moving a clinic
// to PostgreSQL"): every table of the schema copied whole, ids, hashes and seals as they are, verified
// before it is committed; a failed copy leaves the target without a row.
#include "core/result.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace infusion::storage {

struct MigratedTable {
    std::string name;
    std::int64_t rows = 0;
};

struct MigrationReport {
    std::string source;  // the SQLite file
    std::string target;  // "database 'clinic' on db.example.org" (never a password)
    int schema_version = 0;
    std::vector<MigratedTable> tables;  // in the order copied
    std::int64_t rows = 0;              // every table's rows together
    double copy_seconds = 0;            // reading, sending and comparing the rows
    double verify_seconds = 0;          // the server's chain walk, account and seal checks on the copy
    double seconds = 0;                 // everything, the source's check and the schema included
    // The source's audit chain as copied (its last row and hash) ...
    std::int64_t source_chain_rows = 0;
    std::string source_chain_head;
    // ... and the target's after the copy: the same rows and one more, the move's own `db-migrate` row.
    std::int64_t chain_rows = 0;
    std::string chain_head;
};

// Copies the SQLite database `source` into the PostgreSQL database `url` (a libpq connection string, URI
// or service; the owner role's, which creates the schema and sets the identity sequences):
// - the source must be a SQLite file at this program's schema version whose quick `db check` is clean;
//   it is read in one snapshot, so a workstation still writing does not tear the copy;
// - the target's schema is created or upgraded (open_database), and it must hold no row of any table;
// - every table is copied in one transaction under the audit chain's lock, in the order the program
//   writes (a revision's content before its seal), then compared row by row with the source, the
//   target's chain and seals verified, and the move recorded in the target's chain (`db-migrate`, by
//   `actor`) before COMMIT. Any difference or failure rolls everything back and names the table and row.
// `progress` hears each step as it starts ("copying table visits (2 of 26): 1000000 rows"), so the person
// moving a large clinic sees the move advance (it takes minutes at a million visits).
using MigrationProgress = std::function<void(const std::string& step)>;
[[nodiscard]] core::Result<MigrationReport> migrate_sqlite_to_postgresql(Database& source, const std::string& url,
                                                                         const Actor& actor,
                                                                         const MigrationProgress& progress = {});

}  // namespace infusion::storage
