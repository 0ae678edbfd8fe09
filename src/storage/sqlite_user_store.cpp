// The SQLite user store. Sections: 1. rows  2. managing users  3. reading  4. sign-in outcomes
// Every write is one IMMEDIATE transaction that also appends its audit row: both land or neither.
// Audit details are composed from names and roles only (user_rows.cpp, shared with PostgreSQL), so no
// caller can put a hash into one.
#include "storage/sqlite_user_store.hpp"

#include "storage/audit_chain.hpp"
#include "storage/seal.hpp"
#include "storage/user_rows.hpp"

#include <algorithm>

namespace infusion::storage::detail {
namespace {

// ---- 1. rows -----------------------------------------------------------------------------------
constexpr const char* user_columns =
    "SELECT id, username, display_name, roles, disabled, created_at, password_hash, failed_attempts, "
    "locked_until FROM users";

UserRecord read_row(SQLite::Statement& s) {
    UserRecord u;
    u.id = s.getColumn(0).getInt64();
    u.username = s.getColumn(1).getString();
    u.display_name = s.getColumn(2).getString();
    u.roles = split_roles(s.getColumn(3).getString());
    u.disabled = s.getColumn(4).getInt() != 0;
    u.created_at = s.getColumn(5).getString();
    u.password_hash = s.getColumn(6).getString();
    u.failed_attempts = s.getColumn(7).getInt();
    u.locked_until = s.getColumn(8).getString();
    return u;
}

std::optional<UserRecord> read_user(Connection& db, const std::string& username) {
    auto s_use = db.prepare(std::string(user_columns) + " WHERE username = ?");
    SQLite::Statement& s = *s_use;
    s.bind(1, username);
    if (!s.executeStep()) return std::nullopt;
    return read_row(s);
}

// The sealed audit row of a change to `username`'s account: the account as it now is, in the chain.
void audit_account(WriteScope& w, const std::string& action, const std::string& username, const std::string& detail) {
    const auto user = read_user(w.db(), username);
    w.sealed_audit(action, std::nullopt, detail, account_subject(username), user ? account_seal(*user) : "");
}

// An account read for someone to act on: whether it still is what the audit log recorded.
UserRecord checked(Connection& db, UserRecord user) {
    user.matches_audit = account_matches_audit(db, user);
    const PasswordSetter setter = password_set_by(db, user.username);
    user.password_set_by = setter.actor;
    if (!setter.linked) user.matches_audit = false;
    return user;
}

}  // namespace

std::vector<UserRecord> read_all_users(Connection& db) {
    auto s_use = db.prepare(std::string(user_columns) + " ORDER BY username");
    SQLite::Statement& s = *s_use;
    std::vector<UserRecord> out;
    while (s.executeStep()) out.push_back(read_row(s));
    return out;
}

core::Error SqliteUserStore::no_such_user(const std::string& username) const {
    return not_found("there is no user " + quoted(username));
}

// ---- 2. managing users -------------------------------------------------------------------------
core::Result<UserRecord> SqliteUserStore::create(const NewUser& user, const Actor& actor) {
    if (user.username.empty()) return invalid("a user needs a username");
    if (!roles_storable(user.roles)) return invalid(roles_not_storable);
    return write("cannot add the user", actor, [&](WriteScope& w) -> core::Result<UserRecord> {
        if (user.only_if_no_users && m_db.raw().execAndGet("SELECT count(*) FROM users").getInt64() > 0) {
            return conflict(first_admin_refused);
        }
        if (read_user(m_db, user.username)) {
            return conflict("there is already a user " + quoted(user.username));
        }
        auto s_use = m_db.prepare(
            "INSERT INTO users(username, display_name, password_hash, roles, disabled, created_at) "
            "VALUES (?, ?, ?, ?, 0, ?)");
        SQLite::bind(*s_use, user.username, user.display_name, user.password_hash, join_roles(user.roles), actor.at);
        (*s_use).exec();
        audit_account(w, "user-add", user.username, user_add_detail(user));
        auto created = read_user(m_db, user.username);
        return std::move(*created);
    });
}

core::Status SqliteUserStore::set_roles(const std::string& username, const std::vector<std::string>& roles,
                                        const Actor& actor) {
    if (!roles_storable(roles)) return invalid(roles_not_storable);
    return write("cannot change the roles", actor, [&](WriteScope& w) -> core::Status {
        const auto before = read_user(m_db, username);
        if (!before) return no_such_user(username);
        auto s_use = m_db.prepare("UPDATE users SET roles = ? WHERE username = ?");
        SQLite::bind(*s_use, join_roles(roles), username);
        (*s_use).exec();
        audit_account(w, "user-roles", username, user_roles_detail(username, before->roles, roles));
        return core::Done{};
    });
}

core::Status SqliteUserStore::set_password_hash(const std::string& username, const std::string& hash,
                                                const Actor& actor) {
    return write("cannot change the password", actor, [&](WriteScope& w) -> core::Status {
        if (!read_user(m_db, username)) return no_such_user(username);
        // A new password is a fresh start: an administrator's reset also lifts a lockout.
        auto s_use = m_db.prepare(
            "UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = '' WHERE username = ?");
        SQLite::bind(*s_use, hash, username);
        (*s_use).exec();
        audit_account(w, "user-passwd", username, "user " + quoted(username) + ": password changed");
        return core::Done{};
    });
}

core::Status SqliteUserStore::set_disabled(const std::string& username, bool disabled, const Actor& actor) {
    const std::string what = disabled ? "cannot disable the user" : "cannot enable the user";
    return write(what, actor, [&](WriteScope& w) -> core::Status {
        const auto user = read_user(m_db, username);
        if (!user) return no_such_user(username);
        if (user->disabled == disabled) {
            // Nothing changes: no row for it (an enabled account enabled again wrote one; found from outside).
            w.no_audit_row(disabled ? "already disabled" : "already enabled");
            return core::Done{};
        }
        auto s_use = m_db.prepare("UPDATE users SET disabled = ? WHERE username = ?");
        SQLite::bind(*s_use, disabled ? 1 : 0, username);
        (*s_use).exec();
        audit_account(w, disabled ? "user-disable" : "user-enable", username,
                      "user " + quoted(username) + (disabled ? " disabled" : " enabled"));
        return core::Done{};
    });
}

// ---- 3. reading --------------------------------------------------------------------------------
core::Result<std::optional<UserRecord>> SqliteUserStore::find(const std::string& username) {
    try {
        auto user = read_user(m_db, username);
        if (!user) return std::optional<UserRecord>{};
        return std::optional<UserRecord>{checked(m_db, std::move(*user))};
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the user", e, m_file);
    }
}

core::Result<std::vector<UserRecord>> SqliteUserStore::list() {
    try {
        auto out = read_all_users(m_db);
        for (auto& user : out) user = checked(m_db, std::move(user));
        return out;
    } catch (const std::exception& e) {
        return sqlite_error("cannot list the users", e, m_file);
    }
}

core::Result<std::int64_t> SqliteUserStore::count() {
    try {
        auto s_use = m_db.prepare("SELECT count(*) FROM users");
        SQLite::Statement& s = *s_use;
        s.executeStep();
        return s.getColumn(0).getInt64();
    } catch (const std::exception& e) {
        return sqlite_error("cannot count the users", e, m_file);
    }
}

core::Result<bool> SqliteUserStore::accounts_recorded() {
    try {
        // A range of the partial index on subject: one seek.
        auto s_use = m_db.prepare(std::string("SELECT 1 FROM audit WHERE ") + subject_indexed_sql +
                                  " AND subject >= 'account ' AND subject < 'account!' LIMIT 1");
        return (*s_use).executeStep();
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the audit log's accounts", e, m_file);
    }
}

// ---- 4. sign-in outcomes -----------------------------------------------------------------------
core::Result<UserRecord> SqliteUserStore::record_failed_sign_in(const std::string& username, const std::string& reason,
                                                                const LockRule& lock, const Actor& actor) {
    return write("cannot record the failed sign-in", actor, [&](WriteScope& w) -> core::Result<UserRecord> {
        const auto before = read_user(m_db, username);
        if (!before) return no_such_user(username);
        report_refused_burst(m_db, true, username, "user " + quoted(username), actor);
        const int failures = before->failed_attempts + 1;
        const std::string until = lock ? lock(failures) : std::string{};
        auto s_use = m_db.prepare("UPDATE users SET failed_attempts = ?, locked_until = ? WHERE username = ?");
        SQLite::bind(*s_use, failures, until, username);
        (*s_use).exec();
        w.audit("sign-in-failed", std::nullopt, failed_sign_in_detail(username, reason, failures, until));
        auto after = read_user(m_db, username);
        return std::move(*after);
    });
}

core::Status SqliteUserStore::record_sign_in(const std::string& username, const std::optional<std::string>& new_hash,
                                             const Actor& actor) {
    return write("cannot record the sign-in", actor, [&](WriteScope& w) -> core::Status {
        if (!read_user(m_db, username)) return no_such_user(username);
        report_refused_burst(m_db, true, username, "user " + quoted(username), actor);
        auto s_use = m_db.prepare(
            "UPDATE users SET failed_attempts = 0, locked_until = '', password_hash = COALESCE(?, password_hash) "
            "WHERE username = ?");
        SQLite::Statement& s = *s_use;
        bind_text(s, 1, new_hash);
        s.bind(2, username);
        s.exec();
        const std::string detail =
            "user " + quoted(username) + (new_hash ? ", password re-hashed with current parameters" : "");
        if (new_hash) {
            audit_account(w, "sign-in", username, detail);  // the stored hash changed: a new seal
        } else {
            w.audit("sign-in", std::nullopt, detail);
        }
        return core::Done{};
    });
}

}  // namespace infusion::storage::detail
