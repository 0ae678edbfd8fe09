#include "storage/audit_chain.hpp"

#include "storage/chain_head_file.hpp"
#include "storage/chain_head_tracker.hpp"
#include "storage/sha256.hpp"
#include "storage/sqlite_support.hpp"

#include <algorithm>

namespace infusion::storage::detail {
namespace {

// Fields are length-prefixed so "ab"+"c" and "a"+"bc" never hash alike.
void feed(Sha256& sha, const std::string& field) {
    sha.update(std::to_string(field.size()) + ":");
    sha.update(field);
}

}  // namespace

std::string chain_hash(const std::string& previous, const AuditEntry& e) {
    Sha256 sha;
    feed(sha, previous);
    feed(sha, std::to_string(e.id));
    feed(sha, e.at);
    feed(sha, e.actor);
    feed(sha, e.action);
    feed(sha, e.visit_id ? std::to_string(*e.visit_id) : std::string("-"));
    feed(sha, e.detail);
    // Rows that seal content (schema 5 on) also cover the sealed row's name and hash; rows without keep
    // the hash they always had.
    if (!e.subject.empty() || !e.seal.empty()) {
        feed(sha, e.subject);
        feed(sha, e.seal);
    }
    return sha.hex();
}

std::int64_t append_audit(Connection& db, const std::string& action, std::optional<VisitId> visit,
                          const std::string& detail, const Actor& actor) {
    return append_sealed_audit(db, action, visit, detail, actor, {}, {});
}

std::int64_t append_sealed_audit(Connection& db, const std::string& action, std::optional<VisitId> visit,
                                 const std::string& detail, const Actor& actor, const std::string& subject,
                                 const std::string& seal) {
    std::string previous = genesis_hash;
    std::int64_t last_id = 0;
    {
        // The new row's id follows the highest id ever used (AUTOINCREMENT's memory), not the last row
        // present: after rows were cut from the end, new rows took their ids, and each check then named
        // fewer of the removed rows until the cut was no longer said at all (found from outside). Past a
        // cut the chain keeps its gap, which every check reports as rows removed from the log.
        auto last_use = db.prepare(
            "SELECT last.id, last.hash, (SELECT seq FROM sqlite_sequence WHERE name = 'audit') FROM (SELECT 1) "
            "LEFT JOIN (SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1) AS last");
        SQLite::Statement& last = *last_use;
        last.executeStep();  // one row, whatever the log holds
        if (!last.getColumn(0).isNull()) {
            last_id = last.getColumn(0).getInt64();
            previous = last.getColumn(1).getString();
        }
        last_id = std::max(last_id, last.getColumn(2).getInt64());  // NULL (no row yet ever): 0
    }
    AuditEntry e;
    e.id = last_id + 1;
    e.at = actor.at;
    e.actor = actor.user;
    e.action = action;
    e.visit_id = visit;
    e.detail = detail;
    e.subject = subject;
    e.seal = seal;
    e.hash = chain_hash(previous, e);
    auto insert_use = db.prepare(
        "INSERT INTO audit(id, at, actor, action, visit_id, detail, prev_hash, hash, subject, seal) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement& insert = *insert_use;
    insert.bind(1, e.id), insert.bind(2, e.at), insert.bind(3, e.actor), insert.bind(4, e.action);
    if (visit) {
        insert.bind(5, *visit);
    } else {
        insert.bind(5);
    }
    insert.bind(6, e.detail), insert.bind(7, previous), insert.bind(8, e.hash);
    insert.bind(9, e.subject), insert.bind(10, e.seal);
    insert.exec();
    db.count_audit_row();
    if (ChainHeadTracker* tracker = db.head_tracker()) tracker->appended(db, {e.id, e.hash}, {last_id, previous});
    return e.id;
}

namespace {

// The hash audit row `id` carries now; none when the row is gone.
std::optional<std::string> hash_now(Connection& db, std::int64_t id) {
    auto at_use = db.prepare("SELECT hash FROM audit WHERE id = ?");
    SQLite::Statement& at = *at_use;
    at.bind(1, id);
    if (at.executeStep()) return at.getColumn(0).getString();
    return std::nullopt;
}

}  // namespace

void confirm_checkpoint_row(Connection& db, CheckReport& report, const ChainPoint& checkpoint) {
    if (checkpoint.id > 0) report_checkpoint_row(report, checkpoint, hash_now(db, checkpoint.id));
}

AuditEntry audit_entry_of(SQLite::Statement& row) {
    AuditEntry e;
    e.id = row.getColumn(0).getInt64();
    e.at = row.getColumn(1).getString();
    e.actor = row.getColumn(2).getString();
    e.action = row.getColumn(3).getString();
    if (!row.getColumn(4).isNull()) e.visit_id = row.getColumn(4).getInt64();
    e.detail = row.getColumn(5).getString();
    e.hash = row.getColumn(6).getString();
    e.subject = row.getColumn(7).getString();
    e.seal = row.getColumn(8).getString();
    return e;
}

void verify_chain_rows(Connection& db, CheckReport& report, std::int64_t first, std::int64_t last) {
    if (first > last) return;
    // The walk from the row before the part, as it is stored (the part before it is swept in its turn), in a
    // report of its own: the walker counts rows, and the sweep adds findings only.
    CheckReport part;
    const ChainPoint before{first - 1, first > 1 ? hash_now(db, first - 1).value_or("") : std::string()};
    ChainWalker walker(part, before, before.hash);
    auto rows_use = db.prepare(std::string("SELECT ") + audit_entry_columns +
                               ", prev_hash FROM audit WHERE id BETWEEN ? AND ? ORDER BY id");
    SQLite::Statement& rows = *rows_use;
    rows.bind(1, first);
    rows.bind(2, last);
    while (rows.executeStep()) walker.row(audit_entry_of(rows), rows.getColumn(9).getString());
    if (const auto end = walker.end().id; end < last) {
        part.ok = false;
        part.audit_log_altered = true;
        part.findings.push_back("audit rows " + std::to_string(std::max(end + 1, first)) + " to " +
                                std::to_string(last) + " are missing (removed from the log)");
    }
    if (part.ok) return;
    report.ok = false;
    report.audit_log_altered = true;
    report.findings.insert(report.findings.end(), part.findings.begin(), part.findings.end());
}

ChainPoint verify_chain(Connection& db, CheckReport& report, const ChainPoint& after) {
    std::optional<std::string> after_hash_now;
    if (after.id > 0) after_hash_now = hash_now(db, after.id);
    ChainWalker walker(report, after, after_hash_now);
    auto rows_use =
        db.prepare(std::string("SELECT ") + audit_entry_columns + ", prev_hash FROM audit WHERE id > ? ORDER BY id");
    SQLite::Statement& rows = *rows_use;
    rows.bind(1, after.id);
    while (rows.executeStep()) {
        walker.row(audit_entry_of(rows), rows.getColumn(9).getString());
    }
    // AUTOINCREMENT remembers the highest id ever used: rows cut from the end show up here.
    auto seq_use = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit'");
    SQLite::Statement& seq = *seq_use;
    if (seq.executeStep()) walker.highest_id_ever(seq.getColumn(0).getInt64());
    return walker.end();
}

}  // namespace infusion::storage::detail
