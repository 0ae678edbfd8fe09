#include "storage/old_schema.hpp"

#include "storage/audit_chain.hpp"
#include "storage/chain_head_file.hpp"
#include "storage/schema.hpp"
#include "storage/seal.hpp"
#include "storage/sqlite_session.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace infusion::test {
namespace {

void exec(sqlite3* db, const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const std::string text = message != nullptr ? message : "";
    sqlite3_free(message);
    REQUIRE_MESSAGE(rc == SQLITE_OK, text);
}

std::string text_of(sqlite3_stmt* s, int column) {
    const auto* p = sqlite3_column_text(s, column);
    return p != nullptr ? reinterpret_cast<const char*>(p) : "";
}

}  // namespace

void edit_table_definition(const std::filesystem::path& file, const std::string& table, const std::string& from,
                           const std::string& to) {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    SQLite::Transaction tx(db);
    const int cookie = db.execAndGet("PRAGMA schema_version").getInt();
    db.exec("PRAGMA writable_schema = ON");
    SQLite::Statement edit(db,
                           "UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ? "
                           "AND instr(sql, ?) > 0");
    edit.bind(1, from);
    edit.bind(2, to);
    edit.bind(3, table);
    edit.bind(4, from);
    INFO(table, " has no ", from);
    REQUIRE(edit.exec() == 1);
    db.exec("PRAGMA schema_version = " + std::to_string(cookie + 1));
    db.exec("PRAGMA writable_schema = RESET");
    tx.commit();
}

void roll_back_replace_guards(const std::filesystem::path& file) {
    roll_back_seal_format_3(file);
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    std::string drop;
    for (const char* table : {"revision_flags", "countersignatures", "site_care_notes", "correction_requests",
                              "export_batches", "export_deliveries", "database_facts"}) {
        drop += std::string("DROP TRIGGER ") + table + "_no_replace; ";
    }
    db.exec(drop + "PRAGMA user_version = 21");
}

void roll_back_resolution_guard(const std::filesystem::path& file) {
    roll_back_replace_guards(file);
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER correction_requests_resolved_by_amendment; PRAGMA user_version = 20");
}

void roll_back_countersignature_key(const std::filesystem::path& file) {
    roll_back_resolution_guard(file);
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    SQLite::Transaction tx(db);
    db.exec(R"SQL(
DROP TRIGGER review_state_insert_supported;
DROP TRIGGER review_state_update_supported;
ALTER TABLE countersignatures RENAME TO countersignatures_20;
CREATE TABLE countersignatures(
  visit_id INTEGER PRIMARY KEY REFERENCES visits(id),
  revision INTEGER NOT NULL,
  supervisor TEXT NOT NULL,
  at TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '', seal TEXT,
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT;
INSERT INTO countersignatures(visit_id, revision, supervisor, at, comment, seal)
SELECT visit_id, revision, supervisor, at, comment, seal FROM countersignatures_20;
DROP TABLE countersignatures_20;
CREATE TRIGGER countersignatures_checked BEFORE INSERT ON countersignatures
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) IS NOT 'signed'
 AND (SELECT status FROM visits WHERE id = NEW.visit_id) IS NOT 'amended'
BEGIN SELECT RAISE(ABORT, 'only a signed visit can be countersigned'); END;
CREATE TRIGGER countersignatures_not_while_correcting BEFORE INSERT ON countersignatures
WHEN EXISTS (SELECT 1 FROM correction_requests WHERE visit_id = NEW.visit_id AND resolved_revision IS NULL)
BEGIN SELECT RAISE(ABORT, 'the visit has an open correction request'); END;
CREATE TRIGGER countersignatures_no_update BEFORE UPDATE ON countersignatures
BEGIN SELECT RAISE(ABORT, 'a countersignature cannot be changed'); END;
CREATE TRIGGER countersignatures_no_delete BEFORE DELETE ON countersignatures
BEGIN SELECT RAISE(ABORT, 'a countersignature cannot be changed'); END;
CREATE TRIGGER countersignatures_with_audit_row AFTER INSERT ON countersignatures
WHEN NOT EXISTS (
  SELECT 1 FROM audit WHERE subject = 'countersignature ' || NEW.visit_id AND seal = NEW.seal
    AND subject <> '' AND substr(subject, 1, 9) <> 'revision ')
BEGIN SELECT RAISE(ABORT, 'a countersignature is recorded only with the audit row of its seal'); END;
CREATE TRIGGER review_state_insert_supported BEFORE INSERT ON review_state
WHEN (NEW.state = 'countersigned' AND NOT EXISTS (SELECT 1 FROM countersignatures WHERE visit_id = NEW.visit_id))
  OR (NEW.state = 'correction' AND NOT EXISTS (
      SELECT 1 FROM correction_requests WHERE visit_id = NEW.visit_id AND resolved_revision IS NULL))
BEGIN SELECT RAISE(ABORT, 'a review state needs its countersignature or open correction request'); END;
CREATE TRIGGER review_state_update_supported BEFORE UPDATE OF state, visit_id ON review_state
WHEN (NEW.state = 'countersigned' AND NOT EXISTS (SELECT 1 FROM countersignatures WHERE visit_id = NEW.visit_id))
  OR (NEW.state = 'correction' AND NOT EXISTS (
      SELECT 1 FROM correction_requests WHERE visit_id = NEW.visit_id AND resolved_revision IS NULL))
BEGIN SELECT RAISE(ABORT, 'a review state needs its countersignature or open correction request'); END;
PRAGMA user_version = 19;
)SQL");
    tx.commit();
}

void roll_back_audited_records(const std::filesystem::path& file) {
    roll_back_countersignature_key(file);
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    SQLite::Transaction tx(db);
    std::string drop =
        "DROP TRIGGER export_deliveries_with_audit_row; DROP TRIGGER correction_requests_with_audit_row; "
        "DROP TRIGGER revisions_need_visit;";
    for (const char* table : {"diagnoses", "substances", "vials", "pump_setups", "sites", "pauses", "notes",
                              "intervals", "billing_lines", "problems"}) {
        drop += std::string(" DROP TRIGGER ") + table + "_need_revision;";
    }
    db.exec(drop + " PRAGMA user_version = 18");
    tx.commit();
}

void roll_back_audited_seals(const std::filesystem::path& file) {
    roll_back_audited_records(file);
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    SQLite::Transaction tx(db);
    db.exec(
        "DROP TRIGGER revisions_sealed_with_audit_row; DROP TRIGGER visits_signed_onto_sealed; "
        "DROP TRIGGER visits_inserted_draft; DROP TRIGGER countersignatures_with_audit_row; "
        "DROP TRIGGER site_care_notes_with_audit_row; DROP TRIGGER export_batches_with_audit_row; "
        "PRAGMA user_version = 17");
    tx.commit();
}

void roll_back_shell_edit_triggers(const std::filesystem::path& file) {
    roll_back_audited_seals(file);
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    SQLite::Transaction tx(db);
    db.exec(
        "DROP TRIGGER export_items_recorded_batch; DROP TRIGGER visits_revision_sealed; "
        "DROP TRIGGER review_state_insert_supported; DROP TRIGGER review_state_update_supported; "
        "DROP TRIGGER review_state_no_delete; PRAGMA user_version = 16");
    tx.commit();
}

void roll_back_unsigned_index(const std::filesystem::path& file) {
    roll_back_shell_edit_triggers(file);
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    SQLite::Transaction tx(db);
    db.exec(
        "DROP INDEX visits_unsigned; "
        "CREATE INDEX visits_by_status ON visits(status, date_of_service DESC, id DESC); "
        "PRAGMA user_version = 15");
    tx.commit();
}

void roll_back_check_lists(const std::filesystem::path& file) {
    roll_back_unsigned_index(file);
    edit_table_definition(file, "visits", "CHECK (status = 'draft' OR status = 'signed' OR status = 'amended')",
                          "CHECK (status IN ('draft', 'signed', 'amended'))");
    edit_table_definition(file, "review_state",
                          "CHECK (state = 'pending' OR state = 'countersigned' OR state = 'correction')",
                          "CHECK (state IN ('pending', 'countersigned', 'correction'))");
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 14");
}

namespace {

// Every sealed revision `which` selects (visit_id, number from revisions) sealed again by `seal_of`, as an older
// program sealed it, with its audit row's seal, then the chain recomputed as that program wrote it and the head
// file rewritten; `before` runs first and `after` last, inside the same transaction, with the triggers that forbid
// it dropped.
void reseal_revisions(const std::filesystem::path& file, const std::string& which, const std::string& before,
                      const std::function<std::string(storage::detail::SqlSession&, std::int64_t, int)>& seal_of,
                      const std::string& after) {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    storage::detail::Connection connection(db);
    storage::detail::SqliteSession session(connection);
    const auto trigger_sql = [&](const char* name) {
        return db.execAndGet(std::string("SELECT sql FROM sqlite_schema WHERE name = '") + name + "'").getString();
    };
    const std::string revisions_trigger = trigger_sql("revisions_sealed_update");
    const std::string audit_trigger = trigger_sql("audit_no_update");
    db.exec("BEGIN; DROP TRIGGER revisions_sealed_update; DROP TRIGGER audit_no_update;");
    std::vector<std::pair<std::int64_t, int>> sealed;
    {
        SQLite::Statement s(db, which);
        while (s.executeStep()) sealed.emplace_back(s.getColumn(0).getInt64(), s.getColumn(1).getInt());
    }
    if (!before.empty()) db.exec(before);
    for (const auto& [visit, number] : sealed) {
        const std::string seal = seal_of(session, visit, number);
        SQLite::Statement revision(db, "UPDATE revisions SET seal = ? WHERE visit_id = ? AND number = ?");
        revision.bind(1, seal);
        revision.bind(2, visit);
        revision.bind(3, number);
        REQUIRE(revision.exec() == 1);
        SQLite::Statement audit(db, "UPDATE audit SET seal = ? WHERE subject = ?");
        audit.bind(1, seal);
        audit.bind(2, storage::detail::revision_subject(visit, number));
        REQUIRE(audit.exec() == 1);
    }
    // The chain with the old seals in it, as the old program computed it.
    std::string previous = storage::detail::genesis_hash;
    std::int64_t last = 0;
    {
        SQLite::Statement rows(db,
                               "SELECT id, at, actor, action, visit_id, detail, subject, seal FROM audit ORDER BY id");
        SQLite::Statement update(db, "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?");
        while (rows.executeStep()) {
            storage::AuditEntry e;
            e.id = rows.getColumn(0).getInt64();
            e.at = rows.getColumn(1).getString();
            e.actor = rows.getColumn(2).getString();
            e.action = rows.getColumn(3).getString();
            if (!rows.getColumn(4).isNull()) e.visit_id = rows.getColumn(4).getInt64();
            e.detail = rows.getColumn(5).getString();
            e.subject = rows.getColumn(6).getString();
            e.seal = rows.getColumn(7).getString();
            const std::string hash = storage::detail::chain_hash(previous, e);
            update.bind(1, previous);
            update.bind(2, hash);
            update.bind(3, e.id);
            REQUIRE(update.exec() == 1);
            update.reset();
            previous = hash;
            last = e.id;
        }
    }
    db.exec(revisions_trigger + "; " + audit_trigger + "; " + after + "; COMMIT;");
    REQUIRE(storage::detail::write_owner_only_file(storage::detail::chain_head_path(file),
                                                   storage::detail::chain_head_record({last, previous}))
                .ok());
    std::filesystem::remove(storage::detail::check_checkpoint_path(file));  // its hash is of the chain before
}

}  // namespace

void roll_back_seal_format_3(const std::filesystem::path& file) {
    // Format 2's content digest of every revision that has format 3's (drafts too), then format 2's seal of the
    // sealed ones: revision_seals reads a row without the second digest as format 2.
    std::vector<std::pair<std::int64_t, int>> all;
    {
        SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
        SQLite::Statement s(db, "SELECT visit_id, number FROM revisions WHERE content_rest_digest IS NOT NULL");
        while (s.executeStep()) all.emplace_back(s.getColumn(0).getInt64(), s.getColumn(1).getInt());
    }
    std::string digests;
    {
        SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
        storage::detail::Connection connection(db);
        storage::detail::SqliteSession session(connection);
        for (const auto& [visit, number] : all) {
            digests += "UPDATE revisions SET content_digest = '" +
                       storage::detail::content_digest(session, visit, number) +
                       "', content_rest_digest = NULL WHERE visit_id = " + std::to_string(visit) +
                       " AND number = " + std::to_string(number) + "; ";
        }
    }
    reseal_revisions(
        file, "SELECT visit_id, number FROM revisions WHERE sealed = 1 AND content_rest_digest IS NOT NULL", digests,
        [](storage::detail::SqlSession& session, std::int64_t visit, int number) {
            return storage::detail::revision_seals(session, visit, visit, {{visit, number}}).at({visit, number});
        },
        "ALTER TABLE revisions DROP COLUMN content_rest_digest; PRAGMA user_version = 23");
}

void roll_back_seal_format_2(const std::filesystem::path& file) {
    roll_back_check_lists(file);
    reseal_revisions(
        file, "SELECT visit_id, number FROM revisions WHERE sealed = 1 AND content_digest IS NOT NULL", "",
        [](storage::detail::SqlSession& session, std::int64_t visit, int number) {
            return storage::detail::revision_seal_format_1(session, visit, number);
        },
        "ALTER TABLE revisions DROP COLUMN content_digest; PRAGMA user_version = 13");
}

void roll_back_draft_versions(const std::filesystem::path& file) {
    roll_back_seal_format_2(file);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    exec(db, "BEGIN; ALTER TABLE visits DROP COLUMN version; PRAGMA user_version = 9; COMMIT;");
    sqlite3_close(db);
}

void roll_back_review_flags(const std::filesystem::path& file) {
    roll_back_draft_versions(file);
    // Migration 4's own text for review_state and its trigger (not a copy of it): from its comment to
    // the backfill, which is left out (the trigger, fired for each signed visit below, computes the
    // state as well as the flags), then its index.
    const std::string four(storage::schema::migrations().at(3));
    const auto from = four.find("-- Not part of the signed record");
    const auto backfill = four.find("-- The backfill");
    const auto index = four.find("CREATE INDEX review_state_queue");
    REQUIRE(from != std::string::npos);
    REQUIRE(backfill != std::string::npos);
    REQUIRE(index != std::string::npos);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    exec(db, "BEGIN; DROP TABLE revision_flags; DROP TABLE review_threshold; DROP TABLE review_state;" +
                 four.substr(from, backfill - from) + four.substr(index) +
                 "UPDATE visits SET status = status WHERE status <> 'draft'; PRAGMA user_version = 8; COMMIT;");
    sqlite3_close(db);
}

void roll_back_seals(const std::filesystem::path& file) {
    roll_back_review_flags(file);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    std::string audit_trigger;
    {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE name = 'audit_no_update'", -1, &s, nullptr);
        REQUIRE(sqlite3_step(s) == SQLITE_ROW);
        audit_trigger = text_of(s, 0);
        sqlite3_finalize(s);
    }
    exec(db,
         "BEGIN; DROP TABLE database_facts; DROP TABLE sign_in_throttle; "
         "ALTER TABLE users DROP COLUMN refused_while_locked; DROP TRIGGER export_batches_no_update; DROP TRIGGER "
         "export_batches_no_delete; "
         "DROP TRIGGER export_items_no_update; DROP TRIGGER export_items_no_delete; "
         "DROP TABLE export_deliveries; DROP INDEX audit_by_subject; DROP TRIGGER audit_no_update;");
    // The chain as the old program computed it: without subject and seal.
    std::string previous = storage::detail::genesis_hash;
    sqlite3_stmt* rows = nullptr;
    sqlite3_prepare_v2(db, "SELECT id, at, actor, action, visit_id, detail FROM audit ORDER BY id", -1, &rows, nullptr);
    sqlite3_stmt* update = nullptr;
    sqlite3_prepare_v2(db, "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", -1, &update, nullptr);
    while (sqlite3_step(rows) == SQLITE_ROW) {
        storage::AuditEntry e;
        e.id = sqlite3_column_int64(rows, 0);
        e.at = text_of(rows, 1);
        e.actor = text_of(rows, 2);
        e.action = text_of(rows, 3);
        if (sqlite3_column_type(rows, 4) != SQLITE_NULL) e.visit_id = sqlite3_column_int64(rows, 4);
        e.detail = text_of(rows, 5);
        const std::string hash = storage::detail::chain_hash(previous, e);
        sqlite3_bind_text(update, 1, previous.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(update, 2, hash.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(update, 3, e.id);
        REQUIRE(sqlite3_step(update) == SQLITE_DONE);
        sqlite3_reset(update);
        previous = hash;
    }
    sqlite3_finalize(rows);
    sqlite3_finalize(update);
    exec(db, audit_trigger + ";");
    exec(db,
         "ALTER TABLE audit DROP COLUMN subject; ALTER TABLE audit DROP COLUMN seal; "
         "ALTER TABLE revisions DROP COLUMN seal; ALTER TABLE countersignatures DROP COLUMN seal; "
         "ALTER TABLE site_care_notes DROP COLUMN seal; ALTER TABLE export_batches DROP COLUMN seal; "
         "ALTER TABLE export_batches DROP COLUMN out_path; "
         // and migration 7 (per-line service dates), which came after the seals
         "ALTER TABLE billing_lines DROP COLUMN service_date; PRAGMA user_version = 5; COMMIT;");
    sqlite3_close(db);
    std::filesystem::path head = file;
    head += "-head";
    std::filesystem::remove(head);  // the old program kept none
}

}  // namespace infusion::test
