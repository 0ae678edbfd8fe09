// Accounts and database facts under seal on PostgreSQL (pg_seals.hpp). The seals and the findings' words
// are the SQLite backend's (seal.cpp, user_rows.cpp), so both backends seal and report alike.
#include "storage/postgres/pg_seals.hpp"

#include "storage/audit_chain_walk.hpp"
#include "storage/postgres/pg_audit_log.hpp"
#include "storage/postgres/pg_session.hpp"
#include "storage/postgres/pg_user_store.hpp"
#include "storage/seal.hpp"
#include "storage/user_rows.hpp"

namespace infusion::storage::pg {

std::optional<std::pair<std::int64_t, std::string>> latest_seal(PgConnection& conn, const std::string& subject) {
    const auto r = conn.exec("SELECT id, seal FROM audit WHERE subject = $1 AND subject <> '' ORDER BY id DESC LIMIT 1",
                             {subject});
    if (r.rows() == 0) return std::nullopt;
    return std::make_pair(r.int64(0, 0), r.text(0, 1));
}

std::int64_t append_account_audit(PgConnection& conn, const std::string& action, const std::string& username,
                                  const std::string& detail, const Actor& actor) {
    const auto user = read_user(conn, username);
    return append_audit(conn, action, std::nullopt, detail, actor, detail::account_subject(username),
                        user ? detail::account_seal(*user) : std::string{});
}

detail::PasswordSetter password_set_by(PgConnection& conn, const std::string& username) {
    const auto r = conn.exec(std::string(entry_columns) + " WHERE subject = $1 AND subject <> '' AND " +
                                 detail::password_set_sql + " ORDER BY id DESC LIMIT 1",
                             {detail::account_subject(username)});
    if (r.rows() == 0) return {};
    const AuditEntry e = read_entry(r, 0);
    const auto before =
        conn.exec("SELECT hash FROM audit WHERE id < $1 ORDER BY id DESC LIMIT 1", {std::to_string(e.id)});
    const std::string previous = before.rows() == 0 ? std::string(detail::genesis_hash) : before.text(0, 0);
    return {e.actor, detail::linked_row(e, r.text(0, 9), previous)};
}

bool account_matches_audit(PgConnection& conn, const UserRecord& user) {
    const auto audit = latest_seal(conn, detail::account_subject(user.username));
    return audit && audit->second == detail::account_seal(user);
}

bool fact_recorded(PgConnection& conn, const std::string& name, const std::string& value,
                   const std::string& recorded_at) {
    const auto audit = latest_seal(conn, detail::fact_subject(name));
    return audit && audit->second == detail::fact_seal(name, value, recorded_at);
}

void check_accounts_and_facts(PgConnection& conn, CheckReport& report) {
    const auto finding = [&](const std::string& text) {
        report.ok = false;
        report.findings.push_back(text);
    };
    for (const auto& user : read_all_users(conn)) {
        const auto audit = latest_seal(conn, detail::account_subject(user.username));
        if (!audit) {
            finding(detail::account_unaudited_finding(user.username));
        } else if (audit->second != detail::account_seal(user)) {
            finding(detail::account_changed_finding(user.username, audit->first));
        }
    }
    // The program never deletes an account: one the log records must be there (by prefix: a range of
    // text depends on the collation).
    const auto gone = conn.exec(
        "SELECT DISTINCT substr(subject, 9) FROM audit a WHERE subject <> '' AND left(subject, 8) = 'account ' AND "
        "NOT EXISTS (SELECT 1 FROM users u WHERE u.username = substr(a.subject, 9)) ORDER BY 1");
    for (int i = 0; i < gone.rows(); ++i) finding(detail::account_gone_finding(gone.text(i, 0)));
    const auto facts = conn.exec("SELECT name, value, recorded_at FROM database_facts ORDER BY name COLLATE \"C\"");
    for (int i = 0; i < facts.rows(); ++i) {
        if (!fact_recorded(conn, facts.text(i, 0), facts.text(i, 1), facts.text(i, 2))) {
            finding(detail::fact_unrecorded_finding(facts.text(i, 0), facts.text(i, 1)));
        }
    }
}

void check_content_seals(PgConnection& conn, CheckReport& report) {
    // One snapshot: a visit signed by another workstation meanwhile is seen whole or not at all.
    PgSnapshot snapshot(conn);
    check_content_seals_in_transaction(conn, report);
}

void check_content_seals_in_transaction(PgConnection& conn, CheckReport& report) {
    PgSession session(conn);
    detail::verify_content_seals(session, report);
}

}  // namespace infusion::storage::pg
