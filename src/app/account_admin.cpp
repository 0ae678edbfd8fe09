// Accounts, part 2: what administrators do, and require() for every use case that checks a role.
#include "app/account_rules.hpp"
#include "app/accounts.hpp"

#include <algorithm>
#include <optional>

namespace infusion::app {
namespace {

using core::Error;

std::string quoted(const std::string& username) { return "'" + username + "'"; }

std::vector<std::string> role_names(const std::vector<Role>& roles) {
    std::vector<std::string> out;
    for (Role r : normalised(roles)) out.emplace_back(to_string(r));
    return out;
}

// A stored hash no password matches (not an Argon2id string): an account being repaired cannot sign in
// until an administrator sets its password.
constexpr const char* cleared_password_hash = "!cleared: roles set again after a change outside InfusionDoc";

constexpr const char* no_roles = "a user needs at least one role: nurse, biller, supervisor or admin";

// Why an enabled administrator's account cannot sign in now, or nothing when it can: changed outside
// InfusionDoc (nobody may act as it), or its password cleared by the repair of such a change (users.md)
// and not set since. A lockout after failed sign-ins ends by itself, so it does not count.
std::optional<std::string> cannot_sign_in(const storage::UserRecord& u) {
    if (!u.matches_audit) return "it was changed outside InfusionDoc";
    if (u.password_hash.empty() || u.password_hash.front() == '!') return "its password was cleared and not set since";
    return std::nullopt;
}

}  // namespace

core::Status Accounts::require(const Session& who, Role role, const std::string& what) {
    return require(who, std::span<const Role>(&role, 1), what);
}

core::Status Accounts::require(const Session& who, std::span<const Role> roles, const std::string& what) {
    const auto holds_one = [&](const Session& s) {
        return std::any_of(roles.begin(), roles.end(), [&](Role r) { return s.has(r); });
    };
    std::string needs = "it needs the ";
    for (std::size_t i = 0; i < roles.size(); ++i) {
        if (i > 0) needs += i + 1 == roles.size() ? " or " : ", ";
        needs += to_string(roles[i]);
    }
    needs += " role";
    if (!holds_one(who)) {
        return refuse(who.username, what,
                      needs + " and " + (who.username.empty() ? "nobody" : who.username) + " has " +
                          (who.roles.empty() ? std::string("no role") : roles_to_string(who.roles)));
    }
    // The session was made at sign-in; what counts is the account as it is now.
    auto stored = m_users.find(who.username);
    if (!stored) return stored.error();
    if (!stored.value()) return refuse(who.username, what, "there is no user " + quoted(who.username));
    if (stored.value()->disabled)
        return refuse(who.username, what, "the account " + quoted(who.username) + " is disabled");
    if (!stored.value()->matches_audit) return refuse(who.username, what, changed_outside(who.username));
    if (!holds_one(session_of(*stored.value())))
        return refuse(who.username, what, needs + ", removed since signing in");
    // A password an administrator chose is known to two people: nothing is done under it (users.md).
    if (const std::string setter = password_to_replace(*stored.value()); !setter.empty())
        return refuse(who.username, what, password_to_replace_message(who.username, setter));
    return core::Done{};
}

core::Error Accounts::refuse(const std::string& who, const std::string& what, const std::string& why,
                             std::optional<storage::VisitId> visit) {
    std::string message = what + ": refused, " + why;
    auto logged =
        m_audit.record("refused", visit, what + ": " + why, actor(who.empty() ? std::string("(nobody)") : who));
    if (!logged) message += " (the refusal could not be written to the audit log: " + logged.error().message + ")";
    return Error::of(core::ErrorKind::refused, message);
}

// Refuses a change that would leave no enabled administrator who can sign in: nobody could manage users any
// more. An administrator account that cannot sign in does not count: disabling the last one that can was
// allowed, and the command line has no way back (found from outside).
core::Status Accounts::keeps_an_admin(const Session& who, const std::string& what, const std::string& username,
                                      bool disabling, const std::vector<Role>& new_roles) {
    auto all = m_users.list();
    if (!all) return all.error();
    bool target_is_admin = false;
    int other_admins = 0;
    std::string unusable;  // the other administrators that cannot sign in, and why
    for (const auto& u : all.value()) {
        if (u.disabled || !session_of(u).has(Role::admin)) continue;
        if (u.username == username) {
            target_is_admin = true;
        } else if (const auto why = cannot_sign_in(u)) {
            unusable += "; " + quoted(u.username) + " cannot sign in: " + *why;
        } else {
            ++other_admins;
        }
    }
    const bool stays_admin =
        !disabling && std::find(new_roles.begin(), new_roles.end(), Role::admin) != new_roles.end();
    if (target_is_admin && !stays_admin && other_admins == 0) {
        // A refusal like any other: on the audit log (users.md), not only on the screen.
        return refuse(who.username, what,
                      quoted(username) + " is the last enabled administrator who can sign in" + unusable +
                          ": give another user the admin role (and a password) first, or nobody could manage users");
    }
    return core::Done{};
}

core::Status Accounts::add_user(const Session& admin, const std::string& username, const std::string& display_name,
                                const std::vector<Role>& roles, std::string_view password) {
    if (auto allowed = may_add_user(admin, username); !allowed) return allowed;
    if (auto problem = username_problem(username)) return Error{*problem, "", {}};
    if (auto problem = display_name_problem(display_name)) return Error{*problem, "", {}};
    if (roles.empty()) return Error{no_roles, "", {}};
    auto hash = new_hash(username, password);
    if (!hash) return hash.error();
    storage::NewUser user{username, display_name.empty() ? username : display_name, role_names(roles),
                          std::move(hash.value()), false};
    auto created = m_users.create(user, actor(admin.username));
    if (!created) return created.error();
    return core::Done{};
}

core::Status Accounts::set_roles(const Session& admin, const std::string& username, const std::vector<Role>& roles) {
    const std::string what = "change the roles of " + quoted(username);
    if (auto allowed = require(admin, Role::admin, what); !allowed) {
        return allowed;
    }
    if (roles.empty()) return Error{no_roles, "", {}};
    const auto wanted = normalised(roles);
    if (auto kept = keeps_an_admin(admin, what, username, false, wanted); !kept) return kept;
    if (admin.username == username) {
        // Separation of duties: whoever manages accounts does not widen her own. She may give up a role;
        // a role she lacks comes from another administrator, so two people are on record for it.
        auto stored = m_users.find(username);
        if (!stored) return stored.error();
        if (!stored.value()) return refuse(admin.username, what, "there is no user " + quoted(username));
        const Session now = session_of(*stored.value());
        std::vector<Role> added;
        for (Role r : wanted) {
            if (!now.has(r)) added.push_back(r);
        }
        if (!added.empty()) {
            // Every role asked for is named: naming the first alone read as if the others were fine.
            return refuse(admin.username, what,
                          "an administrator cannot add a role to their own account (" + roles_to_string(added) +
                              "): another administrator must, or use a separate account for that work");
        }
    }
    if (changed_outside_program(username)) {
        // The repair of an account changed with the sqlite3 shell: the roles are the administrator's,
        // stated here, and the password hash (which may be the intruder's) is replaced by one nothing
        // matches, before the account is sealed again. Its password is set next (users.md). Last of the
        // checks, so a refused change clears nothing; cleared first, so a stop between the two writes
        // leaves an account nobody signs in as, never the intruder's hash under a seal.
        if (auto cleared =
                m_users.set_password_hash(username, std::string(cleared_password_hash), actor(admin.username));
            !cleared) {
            return cleared;
        }
    }
    return m_users.set_roles(username, role_names(wanted), actor(admin.username));
}

core::Status Accounts::disable(const Session& admin, const std::string& username) {
    const std::string what = "disable user " + quoted(username);
    if (auto allowed = require(admin, Role::admin, what); !allowed) return allowed;
    if (auto kept = keeps_an_admin(admin, what, username, true, {}); !kept) return kept;
    return m_users.set_disabled(username, true, actor(admin.username));
}

core::Status Accounts::enable(const Session& admin, const std::string& username) {
    const std::string what = "enable user " + quoted(username);
    if (auto allowed = require(admin, Role::admin, what); !allowed) return allowed;
    if (changed_outside_program(username)) {
        return refuse(admin.username, what,
                      quoted(username) + " was changed outside InfusionDoc: set its roles first ('users set-roles " +
                          username + " --roles ...'), then its password");
    }
    return m_users.set_disabled(username, false, actor(admin.username));
}

core::Status Accounts::may_add_user(const Session& admin, const std::string& username) {
    return require(admin, Role::admin, "add user " + quoted(username));
}

namespace {
std::string password_change(const std::string& username) { return "change the password of " + quoted(username); }
}  // namespace

core::Status Accounts::may_set_password(const Session& who, const std::string& username) {
    if (who.username == username) return core::Done{};
    return require(who, Role::admin, password_change(username));
}

core::Status Accounts::set_password(const Session& who, const std::string& username, std::string_view new_password) {
    const std::string what = password_change(username);
    if (who.username != username) {
        if (auto allowed = may_set_password(who, username); !allowed) return allowed;
        if (changed_outside_program(username)) {
            // A new password would seal whatever was changed with it: roles added with the sqlite3 shell
            // became an administrator's own (found from outside).
            return refuse(who.username, what,
                          quoted(username) +
                              " was changed outside InfusionDoc: set its roles first ('users set-roles " + username +
                              " --roles ...'), which records them and clears its password, then its password");
        }
    } else {
        // Their own password: only while the account exists and is enabled.
        auto stored = m_users.find(username);
        if (!stored) return stored.error();
        if (!stored.value()) return refuse(who.username, what, "there is no user " + quoted(username));
        if (stored.value()->disabled)
            return refuse(who.username, what, "the account " + quoted(username) + " is disabled");
        // Replacing a password an administrator set: the same one again would still be known to her.
        if (!password_to_replace(*stored.value()).empty() &&
            storage::verify_password(stored.value()->password_hash, new_password)) {
            return Error{"choose a password other than the one the administrator set", "", {}};
        }
    }
    auto hash = new_hash(username, new_password);
    if (!hash) return hash.error();
    return m_users.set_password_hash(username, hash.value(), actor(who.username));
}

std::string Accounts::password_set_by_other(const std::string& username) {
    auto stored = m_users.find(username);
    return stored && stored.value() ? password_to_replace(*stored.value()) : std::string{};
}

bool Accounts::changed_outside_program(const std::string& username) {
    auto stored = m_users.find(username);
    return stored && stored.value() && !stored.value()->matches_audit;
}

core::Result<std::vector<storage::UserRecord>> Accounts::list(const Session& admin) {
    if (auto allowed = require(admin, Role::admin, "list users"); !allowed) return allowed.error();
    auto all = m_users.list();
    if (!all) return all.error();
    for (auto& u : all.value()) storage::wipe(u.password_hash);  // hashes stay in storage
    return all;
}

}  // namespace infusion::app
