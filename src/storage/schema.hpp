#pragma once
// The database schema as ordered migrations: user_version N means migrations 1..N have run.
#include <string_view>

namespace SQLite {
class Database;
}
#include <vector>

namespace infusion::storage::schema {

// 'IDOC': marks a file as an InfusionDoc database (PRAGMA application_id).
inline constexpr int application_id = 0x49444F43;

// migrations()[i] brings user_version i to i + 1.
[[nodiscard]] const std::vector<std::string_view>& migrations();
[[nodiscard]] int current_version();

// The step of migration `version` that SQL cannot do (migration 9's review flags, computed with core/;
// migration 15's check that its rewrite took and its schema cookie), run after that migration's SQL in its
// transaction; nullptr for the others. The schema check builds the expected schema from the SQL alone: a
// backfill adds rows or verifies, never makes objects.
using Backfill = void (*)(SQLite::Database&);
[[nodiscard]] Backfill backfill(int version);

// The tables that grow with every visit, signature, audit row or export (at a million visits, all but a
// few megabytes of the file). The default `db check` leaves their whole-file structure scan to
// `db check --full` and reads only their rows written since its checkpoint; every other table, and any
// table a later migration adds until it is listed here, gets SQLite's quick_check every time.
[[nodiscard]] const std::vector<std::string_view>& history_tables();

}  // namespace infusion::storage::schema
