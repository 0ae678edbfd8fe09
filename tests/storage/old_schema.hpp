#pragma once
// Turns a database made by this version back into one from before schema 6 (no seals, no export
// deliveries, no database facts of migration 8), so upgrade tests can start from signed visits made by today's code:
// migration 6's objects and columns are removed and the audit chain is recomputed as the old program wrote it.
#include <filesystem>
#include <string>

namespace infusion::test {

// Replaces `from` by `to` in the stored definition of `table` (which must contain it), as SQLite documents for
// a change that leaves the rows as they are: writable_schema, then the schema cookie moved.
void edit_table_definition(const std::filesystem::path& file, const std::string& table, const std::string& from,
                           const std::string& to);

// Turns a database made by this version back into one of schema 19: one countersignature per visit (the table's
// key), as migration 4 made it, and the triggers that name it as migration 18 and 17 made them (migration 20 undone).
// The file must hold at most one countersignature per visit.
void roll_back_countersignature_key(const std::filesystem::path& file);
// Turns a database made by this version back into one of schema 20: a correction request answered without a check
// of its answer (migration 21 undone). roll_back_countersignature_key does this first.
void roll_back_resolution_guard(const std::filesystem::path& file);
// Turns a database made by this version back into one of schema 23: every revision sealed in format 3 sealed in
// format 2 as the program before schema 24 sealed it (seal.hpp), its audit row's seal and the chain recomputed with
// it, the head file rewritten, and no content_rest_digest column (migration 24 undone).
void roll_back_seal_format_3(const std::filesystem::path& file);
// Turns a database made by this version back into one of schema 21: INSERT OR REPLACE not refused in the append-only
// tables (migration 22 undone; roll_back_seal_format_3 first). roll_back_resolution_guard does this first.
void roll_back_replace_guards(const std::filesystem::path& file);

// Turns a database made by this version back into one of schema 18 (migration 20 undone first): without migration 19's
// triggers (a delivery and a correction request only with their audit rows, a row only with its revision).
void roll_back_audited_records(const std::filesystem::path& file);
// Turns a database made by this version back into one of schema 17 (migration 19 undone first): without the triggers
// that accept a sealed row only with the audit row of its seal (migration 18).
void roll_back_audited_seals(const std::filesystem::path& file);

// Turns a database made by this version back into one of schema 16: the triggers of migrations 18 and 17 dropped.
void roll_back_shell_edit_triggers(const std::filesystem::path& file);
// Turns a database made by this version back into one of schema 15: every visit in the status index
// visits_by_status again, signed ones too (migrations 17 and 16 undone).
void roll_back_unsigned_index(const std::filesystem::path& file);

// Turns a database made by this version back into one of schema 14 (roll_back_unsigned_index first): the checks of
// visits.status and review_state.state written as IN lists again (migration 15 undone), the schema cookie moved.
void roll_back_check_lists(const std::filesystem::path& file);

// Turns a database made by this version back into one of schema 13 (roll_back_check_lists first): every revision sealed
// in format 1 as the program before seal format 2 sealed it (seal.hpp), its audit row's seal and the chain recomputed
// with it, the head file rewritten, and no content_digest column (migration 14 undone).
void roll_back_seal_format_2(const std::filesystem::path& file);

// Also undoes migration 9 first (roll_back_review_flags).
void roll_back_seals(const std::filesystem::path& file);

// Turns a database made by this version back into one of schema 9: visits without a version (migration 10);
// roll_back_seal_format_2 first.
void roll_back_draft_versions(const std::filesystem::path& file);

// Also undoes migration 10 first (roll_back_draft_versions).
// Turns a database made by this version back into one of schema 8: no revision_flags or review_threshold,
// and review_state as migration 4 made it (flags computed in SQL by its trigger, a generated priority),
// filled by that trigger from the signed visits. Upgrade tests compare what migration 9 computes with it.
void roll_back_review_flags(const std::filesystem::path& file);

}  // namespace infusion::test
