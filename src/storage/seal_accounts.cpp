// Accounts and database facts under seal (seal.hpp): who may do what, and what the database was made
// for, cannot be changed with the sqlite3 shell without `db check` and the next sign-in noticing.
#include "storage/audit_chain.hpp"
#include "storage/audit_chain_walk.hpp"
#include "storage/seal.hpp"
#include "storage/sqlite_user_store.hpp"

namespace infusion::storage::detail {

std::optional<AuditSeal> latest_audit_for(Connection& db, const std::string& subject) {
    auto s = db.prepare(std::string("SELECT id, seal FROM audit WHERE subject = ? AND ") + subject_indexed_sql +
                        " ORDER BY id DESC LIMIT 1");
    SQLite::bind(*s, subject);
    if (!(*s).executeStep()) return std::nullopt;
    return AuditSeal{(*s).getColumn(0).getInt64(), (*s).getColumn(1).getString()};
}

bool linked_row(const AuditEntry& entry, const std::string& prev_hash, const std::string& previous) {
    return prev_hash == previous && chain_hash(prev_hash, entry) == entry.hash;
}

PasswordSetter password_set_by(Connection& db, const std::string& username) {
    auto s = db.prepare(std::string("SELECT ") + audit_entry_columns + ", prev_hash FROM audit WHERE subject = ? AND " +
                        subject_indexed_sql + " AND " + password_set_sql + " ORDER BY id DESC LIMIT 1");
    SQLite::bind(*s, account_subject(username));
    if (!(*s).executeStep()) return {};
    const AuditEntry e = audit_entry_of(*s);
    const std::string prev_hash = (*s).getColumn(9).getString();
    auto before = db.prepare("SELECT hash FROM audit WHERE id < ? ORDER BY id DESC LIMIT 1");
    SQLite::bind(*before, e.id);
    const std::string previous = (*before).executeStep() ? (*before).getColumn(0).getString() : genesis_hash;
    return {e.actor, linked_row(e, prev_hash, previous)};
}

bool account_matches_audit(Connection& db, const UserRecord& user) {
    const auto audit = latest_audit_for(db, account_subject(user.username));
    return audit && audit->seal == account_seal(user);
}

bool fact_recorded(Connection& db, const std::string& name, const std::string& value, const std::string& recorded_at) {
    if (const auto audit = latest_audit_for(db, fact_subject(name))) {
        return audit->seal == fact_seal(name, value, recorded_at);
    }
    // Recorded before facts were sealed: the plain row the program wrote with it.
    auto s = db.prepare(
        "SELECT 1 FROM audit WHERE action = 'database-fact' AND subject = '' AND detail = ? AND at = ? LIMIT 1");
    SQLite::bind(*s, name + " = " + value, recorded_at);
    return (*s).executeStep();
}

bool accounts_need_sealing(Connection& db) {
    // Any sealed account row means this database seals its accounts already (a range the partial index
    // on subject answers with one seek).
    {
        auto s = db.prepare(std::string("SELECT 1 FROM audit WHERE ") + subject_indexed_sql +
                            " AND subject >= 'account ' AND subject < 'account!' LIMIT 1");
        if ((*s).executeStep()) return false;
    }
    auto s = db.prepare("SELECT 1 FROM users LIMIT 1");
    return (*s).executeStep();
}

void seal_accounts_once(Connection& db, const std::string& now) {
    if (!accounts_need_sealing(db)) return;
    const Actor program{"infusiondoc", now};
    for (const auto& user : read_all_users(db)) {
        append_sealed_audit(db, "account-sealed", std::nullopt,
                            "user '" + user.username + "': the account as it stood when accounts were first sealed",
                            program, account_subject(user.username), account_seal(user));
    }
}

}  // namespace infusion::storage::detail
