#pragma once
// The SQL of the PostgreSQL migrations after version 8 (pg_schema_sql_later.cpp), for the list in
// pg_schema_sql.cpp. Internal to storage/postgres.
#include <string_view>

namespace infusion::storage::pg::sql {

extern const std::string_view version_9, version_10, version_11, version_12, version_13, version_14, version_15,
    version_16, version_17, version_18, version_19, version_20, version_21, version_22, version_23, version_24;

}  // namespace infusion::storage::pg::sql
