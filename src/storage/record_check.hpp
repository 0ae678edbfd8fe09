#pragma once
// Internal to storage/: everything `db check` and `audit verify` check beyond SQLite's own pragmas.
// Read-only: nothing here writes to the database or the head file.
#include "storage/audit_chain.hpp"
#include "storage/records.hpp"
#include "storage/sqlite_support.hpp"

#include <string>

namespace infusion::storage::detail {

// Every table, index and trigger the migrations create is present and unchanged, and nothing else is
// there (schema_fingerprint.cpp).
void verify_schema(SQLite::Database& db, CheckReport& report);

// The audit chain, its head outside the database (unless `file` is ":memory:"), the schema and every
// content seal, in that order. From a checkpoint (`after`, an earlier check's end): the chain after it and
// the seals of what those audit rows recorded. Returns where the chain ended.
ChainPoint verify_record(Connection& db, const std::string& file, CheckReport& report, const ChainPoint& after = {});

// A quick check's sweep (check_sweep.hpp): the content seals, summary rows and review records of visits
// first..last, and the audit rows first..last, each linked to the row before it and hashed again, whatever the
// checkpoint. Adds findings; counts nothing.
void verify_seals_of_visits(Connection& db, CheckReport& report, VisitId first, VisitId last);
void verify_chain_rows(Connection& db, CheckReport& report, std::int64_t first, std::int64_t last);

}  // namespace infusion::storage::detail
