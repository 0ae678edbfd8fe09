#pragma once
// Internal to storage/: the SQL of each SQLite migration, as schema.cpp lists them. Released migrations
// are never edited (schema.hpp); a change is a new migration here and a new entry in migrations().
#include <string_view>

namespace infusion::storage::schema::sql {

// schema_sql_first.cpp: the first schema and what round 1 added to it.
extern const std::string_view migration_1, migration_2, migration_3, migration_4;
// schema_sql_later.cpp: vials, seals and delivery, service dates, facts, review flags, draft versions,
// fewer pages per signature.
extern const std::string_view migration_5, migration_6, migration_7, migration_8, migration_9, migration_10,
    migration_11, migration_12, migration_13, migration_14, migration_15, migration_16, migration_17, migration_18,
    migration_19, migration_20, migration_21, migration_22, migration_23, migration_24;

}  // namespace infusion::storage::schema::sql
