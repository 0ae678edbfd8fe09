// The schema as ordered migrations (their SQL in schema_sql_first.cpp and schema_sql_later.cpp), the
// backfill a migration needs beyond SQL, and which tables the quick check treats as history.
#include "storage/schema.hpp"

#include "storage/review_flag_rows.hpp"
#include "storage/schema_sql.hpp"

namespace infusion::storage::schema {

const std::vector<std::string_view>& migrations() {
    // Ordered and append-only: a released migration is never edited, a change is a new one.
    using namespace sql;
    static const std::vector<std::string_view> all{migration_1,  migration_2,  migration_3,  migration_4, migration_5,
                                                   migration_6,  migration_7,  migration_8,  migration_9, migration_10,
                                                   migration_11, migration_12, migration_13, migration_14};
    return all;
}

const std::vector<std::string_view>& history_tables() {
    static const std::vector<std::string_view> tables = {"patients",
                                                         "visits",
                                                         "revisions",
                                                         "revision_flags",
                                                         "diagnoses",
                                                         "substances",
                                                         "vials",
                                                         "pump_setups",
                                                         "sites",
                                                         "pauses",
                                                         "notes",
                                                         "intervals",
                                                         "billing_lines",
                                                         "problems",
                                                         "audit",
                                                         "export_items",
                                                         "review_state",
                                                         "site_care_notes",
                                                         "countersignatures",
                                                         "correction_requests"};
    return tables;
}

int current_version() { return static_cast<int>(migrations().size()); }

Backfill backfill(int version) {
    // Computed with core/ rather than restated in SQL.
    return version == 9 ? detail::backfill_revision_flags : nullptr;
}

}  // namespace infusion::storage::schema
