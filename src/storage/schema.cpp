// The schema as ordered migrations (their SQL in schema_sql_first.cpp and schema_sql_later.cpp), the
// backfill a migration needs beyond SQL, and which tables the quick check treats as history.
#include "storage/schema.hpp"

#include "storage/review_flag_rows.hpp"
#include "storage/schema_sql.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <stdexcept>
#include <string>

namespace infusion::storage::schema {

const std::vector<std::string_view>& migrations() {
    // Ordered and append-only: a released migration is never edited, a change is a new one.
    using namespace sql;
    static const std::vector<std::string_view> all{
        migration_1,  migration_2,  migration_3,  migration_4,  migration_5,  migration_6,  migration_7,  migration_8,
        migration_9,  migration_10, migration_11, migration_12, migration_13, migration_14, migration_15, migration_16,
        migration_17, migration_18, migration_19, migration_20, migration_21, migration_22, migration_23, migration_24};
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

namespace {

// Migration 15's follow-up, inside its transaction. A definition that did not read as this program wrote it
// would have kept its IN list without a word (replace() finds nothing): refused, the file stays at 14. Then
// the schema cookie moves, as SQLite's procedure asks, so every other connection re-reads the definitions.
void finish_check_rewrite(SQLite::Database& db) {
    const int rewritten = db.execAndGet(
                                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND ("
                                "(name = 'visits' AND instr(sql, 'CHECK (status = ''draft'' OR status = ''signed'' OR "
                                "status = ''amended'')') > 0) OR (name = 'review_state' AND instr(sql, 'CHECK (state = "
                                "''pending'' OR state = ''countersigned'' OR state = ''correction'')') > 0))")
                              .getInt();
    if (rewritten != 2) {
        throw std::runtime_error(
            "schema 15: the checks of visits.status and review_state.state are not as this program made them "
            "(changed by hand?), so they were not rewritten: the database stays at schema 14, unchanged");
    }
    const int cookie = db.execAndGet("PRAGMA schema_version").getInt();
    db.exec("PRAGMA writable_schema = ON");
    db.exec("PRAGMA schema_version = " + std::to_string(cookie + 1));
    db.exec("PRAGMA writable_schema = RESET");
}

}  // namespace

Backfill backfill(int version) {
    // Computed with core/ rather than restated in SQL (9); checked where SQL alone cannot say so (15).
    if (version == 9) return detail::backfill_revision_flags;
    if (version == 15) return finish_check_rewrite;
    return nullptr;
}

}  // namespace infusion::storage::schema
