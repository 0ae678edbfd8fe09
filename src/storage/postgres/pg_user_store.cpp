// The PostgreSQL user store. Sections: 1. rows  2. managing users  3. reading  4. sign-in outcomes
// 5. names that are no user. The words of every audit row and message are storage/user_rows.cpp's, shared
// with the SQLite store, so the log reads the same whichever server keeps it.
#include "storage/postgres/pg_user_store.hpp"

#include "storage/postgres/pg_audit_log.hpp"
#include "storage/postgres/pg_seals.hpp"
#include "storage/postgres/pg_write.hpp"
#include "storage/user_rows.hpp"

namespace infusion::storage::pg {
namespace {

using detail::quoted;

// ---- 1. rows -----------------------------------------------------------------------------------
constexpr const char* user_columns =
    "SELECT id, username, display_name, roles, disabled, created_at, password_hash, failed_attempts, "
    "locked_until FROM users";

UserRecord read_row(const PgResult& r, int row) {
    UserRecord u;
    u.id = r.int64(row, 0);
    u.username = r.text(row, 1);
    u.display_name = r.text(row, 2);
    u.roles = detail::split_roles(r.text(row, 3));
    u.disabled = r.int64(row, 4) != 0;
    u.created_at = r.text(row, 5);
    u.password_hash = r.text(row, 6);
    u.failed_attempts = static_cast<int>(r.int64(row, 7));
    u.locked_until = r.text(row, 8);
    return u;
}

std::optional<NameThrottle> read_throttle(PgConnection& conn, const std::string& key) {
    const auto r =
        conn.exec("SELECT failed_attempts, locked_until FROM sign_in_throttle WHERE name_sha256 = $1", {key});
    if (r.rows() == 0) return std::nullopt;
    return NameThrottle{static_cast<int>(r.int64(0, 0)), r.text(0, 1)};
}

// The attempts refused during the last wait of `name`, after the first (which had its own row): one audit
// row with their count, then the count starts again. Inside the caller's write transaction.
void report_refused_burst(PgConnection& conn, bool known, const std::string& name, const std::string& label,
                          const Actor& actor) {
    const std::string key = known ? name : detail::throttle_key(name);
    const auto r = conn.exec(known ? "SELECT refused_while_locked, locked_until FROM users WHERE username = $1"
                                   : "SELECT refused_while_locked, locked_until FROM sign_in_throttle "
                                     "WHERE name_sha256 = $1",
                             {key});
    if (r.rows() == 0) return;
    const auto refused = r.int64(0, 0);
    if (refused == 0) return;
    if (refused > 1) {
        append_audit(conn, "sign-in-failed", std::nullopt,
                     detail::refused_burst_detail(label, static_cast<int>(refused - 1), r.text(0, 1)), actor);
    }
    conn.exec(known ? "UPDATE users SET refused_while_locked = 0 WHERE username = $1"
                    : "UPDATE sign_in_throttle SET refused_while_locked = 0 WHERE name_sha256 = $1",
              {key});
}

// An account read for someone to act on: whether it still is what the audit log recorded.
UserRecord checked(PgConnection& conn, UserRecord user) {
    user.matches_audit = account_matches_audit(conn, user);
    const detail::PasswordSetter setter = password_set_by(conn, user.username);
    user.password_set_by = setter.actor;
    if (!setter.linked) user.matches_audit = false;
    return user;
}

}  // namespace

std::optional<UserRecord> read_user(PgConnection& conn, const std::string& username) {
    const auto r = conn.exec(std::string(user_columns) + " WHERE username = $1", {username});
    if (r.rows() == 0) return std::nullopt;
    return read_row(r, 0);
}

std::vector<UserRecord> read_all_users(PgConnection& conn) {
    // COLLATE "C": by username byte for byte, as SQLite sorts, whatever the database's locale.
    const auto r = conn.exec(std::string(user_columns) + " ORDER BY username COLLATE \"C\"");
    std::vector<UserRecord> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_row(r, i));
    return out;
}

core::Error PgUserStore::no_such_user(const std::string& username) const {
    return core::Error{"there is no user " + quoted(username), m_ctx.where, {}, core::ErrorKind::not_found};
}

// ---- 2. managing users -------------------------------------------------------------------------
core::Result<UserRecord> PgUserStore::create(const NewUser& user, const Actor& actor) {
    if (auto refused = m_ctx.refuse_if_read_only("cannot add the user")) return *refused;
    if (user.username.empty()) return core::Error{"a user needs a username", m_ctx.where, {}};
    if (!detail::roles_storable(user.roles)) return core::Error{detail::roles_not_storable, m_ctx.where, {}};
    try {
        PgWriteTransaction tx(m_ctx.conn);
        if (user.only_if_no_users && m_ctx.conn.exec("SELECT count(*) FROM users").int64(0, 0) > 0) {
            return core::Error{detail::first_admin_refused, m_ctx.where, {}, core::ErrorKind::conflict};
        }
        if (read_user(m_ctx.conn, user.username)) {
            return core::Error{
                "there is already a user " + quoted(user.username), m_ctx.where, {}, core::ErrorKind::conflict};
        }
        const auto inserted = m_ctx.conn.exec(
            "INSERT INTO users(username, display_name, password_hash, roles, disabled, created_at) "
            "VALUES ($1, $2, $3, $4, 0, $5) RETURNING id, username, display_name, roles, disabled, created_at, "
            "password_hash, failed_attempts, locked_until",
            {user.username, user.display_name, user.password_hash, detail::join_roles(user.roles), actor.at});
        UserRecord created = read_row(inserted, 0);
        append_account_audit(m_ctx.conn, "user-add", user.username, detail::user_add_detail(user), actor);
        tx.commit();
        return created;
    } catch (const std::exception& e) {
        return pg_error("cannot add the user", e, m_ctx.where);
    }
}

core::Status PgUserStore::set_roles(const std::string& username, const std::vector<std::string>& roles,
                                    const Actor& actor) {
    if (auto refused = m_ctx.refuse_if_read_only("cannot change the roles")) return *refused;
    if (!detail::roles_storable(roles)) return core::Error{detail::roles_not_storable, m_ctx.where, {}};
    try {
        PgWriteTransaction tx(m_ctx.conn);
        const auto before = read_user(m_ctx.conn, username);
        if (!before) return no_such_user(username);
        m_ctx.conn.exec("UPDATE users SET roles = $1 WHERE username = $2", {detail::join_roles(roles), username});
        append_account_audit(m_ctx.conn, "user-roles", username,
                             detail::user_roles_detail(username, before->roles, roles), actor);
        tx.commit();
        return core::Done{};
    } catch (const std::exception& e) {
        return pg_error("cannot change the roles", e, m_ctx.where);
    }
}

core::Status PgUserStore::set_password_hash(const std::string& username, const std::string& hash, const Actor& actor) {
    if (auto refused = m_ctx.refuse_if_read_only("cannot change the password")) return *refused;
    try {
        PgWriteTransaction tx(m_ctx.conn);
        // A new password is a fresh start: an administrator's reset also lifts a lockout.
        const auto r = m_ctx.conn.exec(
            "UPDATE users SET password_hash = $1, failed_attempts = 0, locked_until = '' WHERE username = $2",
            {hash, username});
        if (r.affected() == 0) return no_such_user(username);
        append_account_audit(m_ctx.conn, "user-passwd", username, "user " + quoted(username) + ": password changed",
                             actor);
        tx.commit();
        return core::Done{};
    } catch (const std::exception& e) {
        return pg_error("cannot change the password", e, m_ctx.where);
    }
}

core::Status PgUserStore::set_disabled(const std::string& username, bool disabled, const Actor& actor) {
    const std::string what = disabled ? "cannot disable the user" : "cannot enable the user";
    if (auto refused = m_ctx.refuse_if_read_only(what)) return *refused;
    try {
        PgWriteTransaction tx(m_ctx.conn);
        const auto r = m_ctx.conn.exec("UPDATE users SET disabled = $1 WHERE username = $2 AND disabled <> $1",
                                       {std::string(disabled ? "1" : "0"), username});
        if (r.affected() == 0) {
            // Already so (nothing changes, no audit row), or no such user.
            if (m_ctx.conn.exec("SELECT 1 FROM users WHERE username = $1", {username}).rows() == 0) {
                return no_such_user(username);
            }
            return core::Done{};
        }
        append_account_audit(m_ctx.conn, disabled ? "user-disable" : "user-enable", username,
                             "user " + quoted(username) + (disabled ? " disabled" : " enabled"), actor);
        tx.commit();
        return core::Done{};
    } catch (const std::exception& e) {
        return pg_error(what, e, m_ctx.where);
    }
}

// ---- 3. reading --------------------------------------------------------------------------------
core::Result<std::optional<UserRecord>> PgUserStore::find(const std::string& username) {
    try {
        auto user = read_user(m_ctx.conn, username);
        if (!user) return std::optional<UserRecord>{};
        return std::optional<UserRecord>{checked(m_ctx.conn, std::move(*user))};
    } catch (const std::exception& e) {
        return pg_error("cannot read the user", e, m_ctx.where);
    }
}

core::Result<std::vector<UserRecord>> PgUserStore::list() {
    try {
        auto out = read_all_users(m_ctx.conn);
        for (auto& user : out) user = checked(m_ctx.conn, std::move(user));
        return out;
    } catch (const std::exception& e) {
        return pg_error("cannot list the users", e, m_ctx.where);
    }
}

core::Result<std::int64_t> PgUserStore::count() {
    try {
        return m_ctx.conn.exec("SELECT count(*) FROM users").int64(0, 0);
    } catch (const std::exception& e) {
        return pg_error("cannot count the users", e, m_ctx.where);
    }
}

core::Result<bool> PgUserStore::accounts_recorded() {
    try {
        // By the prefix, not a range: a range of text depends on the database's collation.
        return m_ctx.conn.exec("SELECT 1 FROM audit WHERE subject <> '' AND left(subject, 8) = 'account ' LIMIT 1")
                   .rows() > 0;
    } catch (const std::exception& e) {
        return pg_error("cannot read the audit log's accounts", e, m_ctx.where);
    }
}

// ---- 4. sign-in outcomes -----------------------------------------------------------------------
core::Result<UserRecord> PgUserStore::record_failed_sign_in(const std::string& username, const std::string& reason,
                                                            const LockRule& lock, const Actor& actor) {
    if (auto refused = m_ctx.refuse_if_read_only("cannot record the failed sign-in")) return *refused;
    try {
        PgWriteTransaction tx(m_ctx.conn);
        const auto before = read_user(m_ctx.conn, username);
        if (!before) return no_such_user(username);
        report_refused_burst(m_ctx.conn, true, username, "user " + quoted(username), actor);
        const int failures = before->failed_attempts + 1;
        const std::string until = lock ? lock(failures) : std::string{};
        m_ctx.conn.exec("UPDATE users SET failed_attempts = $1, locked_until = $2 WHERE username = $3",
                        {std::to_string(failures), until, username});
        append_audit(m_ctx.conn, "sign-in-failed", std::nullopt,
                     detail::failed_sign_in_detail(username, reason, failures, until), actor);
        auto after = read_user(m_ctx.conn, username);
        tx.commit();
        return std::move(*after);
    } catch (const std::exception& e) {
        return pg_error("cannot record the failed sign-in", e, m_ctx.where);
    }
}

core::Status PgUserStore::record_sign_in(const std::string& username, const std::optional<std::string>& new_hash,
                                         const Actor& actor) {
    if (auto refused = m_ctx.refuse_if_read_only("cannot record the sign-in")) return *refused;
    try {
        PgWriteTransaction tx(m_ctx.conn);
        if (!read_user(m_ctx.conn, username)) return no_such_user(username);
        report_refused_burst(m_ctx.conn, true, username, "user " + quoted(username), actor);
        m_ctx.conn.exec(
            "UPDATE users SET failed_attempts = 0, locked_until = '', password_hash = COALESCE($1, password_hash) "
            "WHERE username = $2",
            {new_hash, username});
        const std::string sign_in =
            "user " + quoted(username) + (new_hash ? ", password re-hashed with current parameters" : "");
        if (new_hash) {
            append_account_audit(m_ctx.conn, "sign-in", username, sign_in, actor);  // a new hash: a new seal
        } else {
            append_audit(m_ctx.conn, "sign-in", std::nullopt, sign_in, actor);
        }
        tx.commit();
        return core::Done{};
    } catch (const std::exception& e) {
        return pg_error("cannot record the sign-in", e, m_ctx.where);
    }
}

// ---- 5. names that are no user -----------------------------------------------------------------
core::Result<NameThrottle> PgUserStore::unknown_name_throttle(const std::string& name) {
    try {
        return read_throttle(m_ctx.conn, detail::throttle_key(name)).value_or(NameThrottle{});
    } catch (const std::exception& e) {
        return pg_error("cannot read the sign-in throttle", e, m_ctx.where);
    }
}

core::Result<NameThrottle> PgUserStore::record_unknown_name_failure(const std::string& name,
                                                                    const std::string& described, const LockRule& lock,
                                                                    const Actor& actor) {
    if (auto refused = m_ctx.refuse_if_read_only("cannot record the failed sign-in")) return *refused;
    try {
        PgWriteTransaction tx(m_ctx.conn);
        const std::string key = detail::throttle_key(name);
        // Bounded: names not tried for a day are forgotten (their waits ended long ago). Instants are
        // the program's "YYYY-MM-DDTHH:MM:SSZ" texts, which compare in time order.
        m_ctx.conn.exec(
            "DELETE FROM sign_in_throttle WHERE last_at < "
            "to_char(($1::timestamptz - interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
            {actor.at});
        report_refused_burst(m_ctx.conn, false, name, described, actor);
        const int failures = read_throttle(m_ctx.conn, key).value_or(NameThrottle{}).failed_attempts + 1;
        const std::string until = lock ? lock(failures) : std::string{};
        m_ctx.conn.exec(
            "INSERT INTO sign_in_throttle(name_sha256, failed_attempts, locked_until, last_at) "
            "VALUES ($1, $2, $3, $4) ON CONFLICT (name_sha256) DO UPDATE SET "
            "failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until, "
            "last_at = excluded.last_at",
            {key, std::to_string(failures), until, actor.at});
        append_audit(m_ctx.conn, "sign-in-failed", std::nullopt,
                     detail::unknown_name_failure_detail(described, failures, until), actor);
        tx.commit();
        return NameThrottle{failures, until};
    } catch (const std::exception& e) {
        return pg_error("cannot record the failed sign-in", e, m_ctx.where);
    }
}

core::Status PgUserStore::record_refused_while_waiting(const std::string& name, bool known, const std::string& detail,
                                                       const Actor& actor) {
    if (auto refused = m_ctx.refuse_if_read_only("cannot record the refused sign-in")) return *refused;
    try {
        PgWriteTransaction tx(m_ctx.conn);
        const auto r = known ? m_ctx.conn.exec(
                                   "UPDATE users SET refused_while_locked = refused_while_locked + 1 "
                                   "WHERE username = $1 RETURNING refused_while_locked",
                                   {name})
                             : m_ctx.conn.exec(
                                   "UPDATE sign_in_throttle SET refused_while_locked = refused_while_locked + 1, "
                                   "last_at = $1 WHERE name_sha256 = $2 RETURNING refused_while_locked",
                                   {actor.at, detail::throttle_key(name)});
        const auto count = r.rows() > 0 ? r.int64(0, 0) : 1;
        if (count == 1) append_audit(m_ctx.conn, "sign-in-failed", std::nullopt, detail, actor);
        tx.commit();
        return core::Done{};
    } catch (const std::exception& e) {
        return pg_error("cannot record the refused sign-in", e, m_ctx.where);
    }
}

}  // namespace infusion::storage::pg
