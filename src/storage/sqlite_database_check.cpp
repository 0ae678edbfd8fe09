// `db check` on a SQLite file (sqlite_database_check.hpp): SQLite's own checks, then the record's
// (record_check.hpp) from the last clean check's checkpoint, and the sweep of the older record (check_sweep.hpp).
#include "storage/sqlite_database_check.hpp"

#include "storage/audit_chain.hpp"
#include "storage/chain_head_file.hpp"
#include "storage/check_sweep.hpp"
#include "storage/record_check.hpp"
#include "storage/schema.hpp"

#include <algorithm>

namespace infusion::storage::detail {

namespace {

// `PRAGMA quick_check("T")` for every table outside schema::history_tables(), named as the file has
// them (a table someone added is checked too; the schema check names it as well).
std::vector<std::string> quick_structure_checks(SQLite::Database& db) {
    const auto& history = schema::history_tables();
    std::vector<std::string> pragmas;
    SQLite::Statement tables(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    while (tables.executeStep()) {
        const std::string name = tables.getColumn(0).getString();
        if (std::find(history.begin(), history.end(), name) != history.end()) continue;
        std::string quoted = "\"";
        for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        pragmas.push_back("PRAGMA quick_check(" + quoted + "\")");
    }
    return pragmas;
}

}  // namespace

void keep_check_checkpoint(const std::filesystem::path& file, const CheckReport& report) {
    if (!report.ok || !report.clean_end) return;
    const auto& end = *report.clean_end;
    (void)write_check_checkpoint(check_checkpoint_path(file),
                                 {ChainHead{end.seq, end.hash}, end.schema_cookie, end.sweep_visit, end.sweep_audit});
}

core::Result<CheckReport> examine_sqlite_file(SQLite::Database& db, Connection& connection,
                                              const std::filesystem::path& file, bool read_only, CheckDepth depth) {
    CheckReport report;
    const bool full = depth == CheckDepth::full;
    const bool in_memory = file.string() == ":memory:";
    try {
        // The b-tree structure. --full: quick_check and integrity_check (every index against its table) over
        // the whole file, minutes at a million visits. Quick: quick_check of every table that does not grow
        // with the visits (accounts, facts, batches...), and none of the history tables, whose whole-file
        // scan alone takes longer than the quick check's budget (9 s at a million visits); their rows since
        // the checkpoint are read in full below, when their seals are recomputed.
        std::vector<std::string> pragmas;
        if (full) {
            pragmas = {"PRAGMA quick_check", "PRAGMA integrity_check"};
        } else {
            pragmas = quick_structure_checks(db);
        }
        for (const std::string& pragma : pragmas) {
            SQLite::Statement s(db, pragma);
            while (s.executeStep()) {
                const std::string result = s.getColumn(0).getString();
                if (result != "ok") {
                    report.ok = false;
                    report.findings.push_back(pragma.substr(7) + ": " + result);
                }
            }
        }
        if (full) {
            SQLite::Statement fk(db, "PRAGMA foreign_key_check");
            while (fk.executeStep()) {
                report.ok = false;
                report.findings.push_back("foreign key broken: a row of " + fk.getColumn(0).getString() + " (rowid " +
                                          fk.getColumn(1).getString() + ") refers to a missing " +
                                          fk.getColumn(2).getString() + " row");
            }
        }
        report.visits = db.execAndGet("SELECT count(*) FROM visits").getInt64();
        const auto checkpoint_file = check_checkpoint_path(file);
        // Editing a signed row needs its trigger out of the way: dropped and made again as it was, the
        // schema check sees nothing, but SQLite's schema cookie has moved, and rows older than the
        // checkpoint are then walked too.
        const std::int64_t cookie = db.execAndGet("PRAGMA schema_version").getInt64();
        ChainPoint from;
        SweepCursors sweep;
        if (!full && !in_memory) {
            if (auto checkpoint = read_check_checkpoint(checkpoint_file)) {
                sweep = {checkpoint->sweep_visit, checkpoint->sweep_audit};
                if (checkpoint->schema_cookie && *checkpoint->schema_cookie != cookie) {
                    report.schema_changed = std::pair{*checkpoint->schema_cookie, cookie};
                    confirm_checkpoint_row(connection, report, ChainPoint{checkpoint->head.seq, checkpoint->head.hash});
                } else {
                    from = ChainPoint{checkpoint->head.seq, checkpoint->head.hash};
                    report.checked_from = checkpoint->head.seq;
                }
            }
        }
        const ChainPoint end = verify_record(connection, file.string(), report, from);
        // From a checkpoint: the older record again for a while, from where the last check stopped (check_sweep.hpp).
        if (from.id > 0) sweep = sweep_older_record(connection, report, sweep, from.id);
        // Only a clean check moves the checkpoint (record_check()): a finding is checked again next time.
        if (report.ok && !in_memory && !read_only)
            report.clean_end = CheckReport::CleanEnd{end.id, end.hash, cookie, sweep.visit, sweep.audit};
    } catch (const std::exception& e) {
        // Damage the structure check has already named can stop a later step (reading a damaged page):
        // the report then says both, so the problems are listed with the exit status of a failed check.
        if (!report.ok) {
            report.findings.push_back(std::string("the check stopped there: ") + e.what());
            return report;
        }
        return sqlite_error("cannot check the database", e, file.string());
    }
    return report;
}

}  // namespace infusion::storage::detail
