// Accounts, part 1: the first administrator and signing in. (Administration: account_admin.cpp.)
#include "app/accounts.hpp"

#include "app/account_rules.hpp"
#include "app/audit_rows.hpp"

#include <algorithm>

namespace infusion::app {
namespace {

using core::Error;

// One message for an unknown username and a wrong password, so the answer never says which names exist.
constexpr const char* wrong_credentials = "wrong username or password";

std::string quoted(const std::string& username) { return "'" + username + "'"; }

}  // namespace

Session session_of(const storage::UserRecord& user) {
    Session s;
    s.username = user.username;
    s.display_name = user.display_name.empty() ? user.username : user.display_name;
    for (const auto& name : user.roles) {
        if (const auto role = role_from_string(name)) s.roles.push_back(*role);
    }
    s.roles = normalised(std::move(s.roles));
    return s;
}

Accounts::Accounts(storage::UserStore& users, storage::AuditLog& audit, Clock clock, storage::HashCost cost)
    : m_users(users), m_audit(audit), m_clock(std::move(clock)), m_cost(cost) {}

std::chrono::sys_seconds Accounts::now() const {
    // The clock is ours (utc_now or a test's); an unreadable stamp would be a bug, so fall back to the
    // system clock rather than to the epoch, which would lift every lock.
    if (const auto t = parse_utc(m_clock())) return *t;
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

storage::LockRule Accounts::lock_rule(std::chrono::sys_seconds t) {
    return [t](int failures) {
        const auto delay = sign_in_delay(failures);
        return delay.count() == 0 ? std::string{} : format_utc(t + delay);
    };
}

bool Accounts::has_users() {
    const auto n = m_users.count();
    return !n.ok() || n.value() > 0 || accounts_gone();
}

bool Accounts::accounts_gone() {
    const auto n = m_users.count();
    if (!n.ok() || n.value() > 0) return false;
    const auto recorded = m_users.accounts_recorded();
    return !recorded.ok() || recorded.value();  // unreadable: as if gone, never open
}

core::Result<std::string> Accounts::new_hash(const std::string& username, std::string_view password) const {
    if (auto problem = password_problem(username, password)) return Error{*problem, "", {}};
    return storage::hash_password(password, m_cost);
}

core::Result<Session> Accounts::create_first_admin(const std::string& username, const std::string& display_name,
                                                   std::string_view password, const std::vector<Role>& roles) {
    if (accounts_gone()) return Error{accounts_gone_message, "", {}};
    if (has_users()) {
        return Error{
            "there are users already: ask an administrator to add you (the first administrator is created "
            "only in a database without users)",
            "",
            {}};
    }
    if (auto problem = username_problem(username)) return Error{*problem, "", {}};
    if (auto problem = display_name_problem(display_name)) return Error{*problem, "", {}};
    std::vector<std::string> role_names;
    for (Role r : normalised(roles)) role_names.emplace_back(to_string(r));
    if (std::find(role_names.begin(), role_names.end(), to_string(Role::admin)) == role_names.end()) {
        return Error{"the first user must be an administrator (the admin role)", "", {}};
    }
    auto hash = new_hash(username, password);
    if (!hash) return hash.error();
    storage::NewUser user{username, display_name.empty() ? username : display_name, std::move(role_names),
                          std::move(hash.value()), true};
    auto created = m_users.create(user, actor(username));
    if (!created) return created.error();
    return session_of(created.value());
}

// ---- signing in --------------------------------------------------------------------------------
core::Result<Session> Accounts::sign_in(const std::string& username, std::string_view password) {
    auto found = m_users.find(username);
    if (!found) return found.error();
    if (!found.value()) return unknown_user_sign_in(username, password);
    const storage::UserRecord& user = *found.value();
    const auto t = now();

    // During the wait the password is not even checked: a guesser learns nothing from trying. The first
    // refusal of a wait is audited; the rest are counted into one row (UserStore).
    if (const auto until = parse_utc(user.locked_until); until && *until > t) {
        (void)m_users.record_refused_while_waiting(
            username, true, "user " + quoted(username) + ": refused while waiting until " + user.locked_until,
            actor(username));
        return Error{locked_message(*until, t), "", {}};
    }
    if (!storage::verify_password(user.password_hash, password)) {
        auto after = m_users.record_failed_sign_in(username, "wrong password", lock_rule(t), actor(username));
        if (!after) return after.error();
        std::string message = wrong_credentials;
        if (const auto until = parse_utc(after.value().locked_until); until && *until > t) {
            message += "; " + locked_message(*until, t);
        }
        return Error{message, "", {}};
    }
    // An account changed with the sqlite3 shell (roles raised, a password hash replaced, a user inserted)
    // signs in no more: only what InfusionDoc recorded counts. Said only to someone with its password.
    if (!user.matches_audit) return refuse(username, "sign in as " + quoted(username), changed_outside(username));
    // Only someone who knows the password learns that the account is disabled.
    if (user.disabled) {
        return with_refusal_row(m_audit,
                                Error::of(core::ErrorKind::refused,
                                          "the account " + quoted(username) + " is disabled; ask an administrator"),
                                "sign-in-failed", std::nullopt,
                                "user " + quoted(username) + ": the account is disabled", actor(username));
    }
    std::optional<std::string> rehashed;
    if (storage::needs_rehash(user.password_hash, m_cost)) {
        // A failed re-hash (no memory) keeps the old hash, which still verifies: signing in matters more.
        if (auto fresh = storage::hash_password(password, m_cost)) rehashed = std::move(fresh.value());
    }
    if (auto recorded = m_users.record_sign_in(username, rehashed, actor(username)); !recorded) {
        // Every sign-in is recorded, also one that only reads: a read-only file (an archived copy) is
        // read through a writable copy of it, whose own log then records who read it.
        std::string message =
            "the sign-in could not be written to the audit log, so it was refused: " + recorded.error().message;
        if (recorded.error().kind == core::ErrorKind::refused) {
            message += ". To read an archived read-only file, make a writable copy of it and open the copy";
        }
        return Error{message, recorded.error().file, {}};
    }
    Session session = session_of(user);
    session.password_set_by = password_to_replace(user);
    return session;
}

std::string Accounts::password_to_replace(const storage::UserRecord& user) {
    // Her own password, or one from before accounts were sealed (no row says who set it): hers to keep.
    if (user.password_set_by.empty() || user.password_set_by == user.username) return {};
    if (m_is_demo && m_is_demo()) return {};
    return user.password_set_by;
}

core::Result<Session> Accounts::unknown_user_sign_in(const std::string& username, std::string_view password) {
    // Stored like a user's failures (by the name's SHA-256 only), so the wait is the same for a name that
    // exists and one that does not, in the window and from one command-line run to the next.
    const auto t = now();
    auto throttle = m_users.unknown_name_throttle(username);
    if (!throttle) return throttle.error();
    if (const auto until = parse_utc(throttle.value().locked_until); until && *until > t) {
        (void)m_users.record_refused_while_waiting(
            username, false,
            masked_username(username) + ": refused while waiting until " + throttle.value().locked_until,
            actor("(unknown)"));
        return Error{locked_message(*until, t), "", {}};
    }
    spend_dummy_verify(password);
    auto after =
        m_users.record_unknown_name_failure(username, masked_username(username), lock_rule(t), actor("(unknown)"));
    if (!after) return after.error();
    std::string message = wrong_credentials;
    if (const auto until = parse_utc(after.value().locked_until); until && *until > t) {
        message += "; " + locked_message(*until, t);
    }
    return Error{message, "", {}};
}

void Accounts::spend_dummy_verify(std::string_view password) {
    if (!m_dummy_hash) {
        // The first time, making the dummy hash is itself the same Argon2id work as a verify.
        if (auto made = storage::hash_password("infusiondoc dummy password", m_cost)) m_dummy_hash = made.value();
        return;
    }
    (void)storage::verify_password(*m_dummy_hash, password);
}

}  // namespace infusion::app
