#pragma once
// Use cases for signing in and managing users. The window's sign-in screen and the command line call
// these; other use cases call require() before acting. Every refusal of a permission is audited.
//
// Sign-in behaves alike for unknown and known usernames: the same "wrong username or password", the
// same Argon2id work (a verify against a dummy hash) and the same waiting after repeated failures.
#include "app/clock.hpp"
#include "app/roles.hpp"
#include "core/result.hpp"
#include "storage/password_hash.hpp"
#include "storage/user_store.hpp"
#include "storage/visit_store.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace infusion::app {

inline constexpr const char* accounts_gone_message =
    "this database has no users, but its audit log records accounts: they were deleted outside InfusionDoc. "
    "Nobody can sign in or act until an administrator restores the database from its last backup "
    "(`infusiondoc db check --full` on the copy first; docs/storage.md)";

class Accounts {
public:
    // `cost` is HashCost::interactive in the program; tests pass test_only_minimal explicitly.
    Accounts(storage::UserStore& users, storage::AuditLog& audit, Clock clock = utc_now,
             storage::HashCost cost = storage::HashCost::interactive);

    // False only when the database has no user yet (the window then offers to create the first
    // administrator, and the command line lets the login name act). An unreadable database counts as
    // having users, so nobody can become the first administrator of a database that merely failed to
    // answer; so does one whose users were deleted outside the program (accounts_gone()): emptying the
    // users table with the sqlite3 shell let anyone act, and sign, under any name (found from outside).
    [[nodiscard]] bool has_users();
    // The users table is empty although the audit log records accounts: deleted outside the program.
    // Nobody can sign in until the database is restored; accounts_gone_message says so.
    [[nodiscard]] bool accounts_gone();
    // The first administrator, signed in. Refused once any user exists. `roles` must hold admin; any other
    // role is given here, at creation, because no administrator may later add a role to her own account.
    [[nodiscard]] core::Result<Session> create_first_admin(const std::string& username, const std::string& display_name,
                                                           std::string_view password,
                                                           const std::vector<Role>& roles = {Role::admin});
    // Refused for a wrong password or unknown username (one message for both), a disabled user, or
    // during the wait after repeated failures (the message says until when). Audited either way.
    // A sign-in that cannot be written to the audit log is refused.
    [[nodiscard]] core::Result<Session> sign_in(const std::string& username, std::string_view password);

    // Administrator actions: each needs the admin role (refusals audited as "refused").
    [[nodiscard]] core::Status add_user(const Session& admin, const std::string& username,
                                        const std::string& display_name, const std::vector<Role>& roles,
                                        std::string_view password);
    // An administrator may remove roles from her own account (never the last admin), but not add one:
    // another administrator must (refused and audited).
    [[nodiscard]] core::Status set_roles(const Session& admin, const std::string& username,
                                         const std::vector<Role>& roles);
    [[nodiscard]] core::Status disable(const Session& admin, const std::string& username);
    [[nodiscard]] core::Status enable(const Session& admin, const std::string& username);
    // An administrator for anyone; anyone else for themself only.
    [[nodiscard]] core::Status set_password(const Session& who, const std::string& username,
                                            std::string_view new_password);
    // The role checks of add_user and set_password alone (refused and audited as they refuse), for a caller to
    // make before it asks for the new password: a supervisor was asked for a password file first and refused only
    // after giving one (found from outside).
    [[nodiscard]] core::Status may_add_user(const Session& admin, const std::string& username);
    [[nodiscard]] core::Status may_set_password(const Session& who, const std::string& username);
    // True when the stored account differs from its last audit row (changed with the sqlite3 shell).
    // Its repair: set_roles (which also clears its password), then set_password; set_password and enable
    // are refused before that, so they cannot seal what was changed.
    [[nodiscard]] bool changed_outside_program(const std::string& username);
    // The administrator who set `username`'s password when the person must replace it with her own at her
    // next sign-in (users.md, "A password an administrator sets"); "" when it is her own, or unreadable.
    [[nodiscard]] std::string password_set_by_other(const std::string& username);
    // Every user, password hashes left out.
    [[nodiscard]] core::Result<std::vector<storage::UserRecord>> list(const Session& admin);

    // Done when `who` holds `role` now (the stored user is re-read: a role removed or an account
    // disabled since sign-in counts). Otherwise audits "refused" with `what` and says why.
    // `what` names the action: "add user 'rn.new'", "export billing".
    [[nodiscard]] core::Status require(const Session& who, Role role, const std::string& what);
    // The same for an action any of `roles` may take; a refusal names them all ("the admin or
    // supervisor role").
    [[nodiscard]] core::Status require(const Session& who, std::span<const Role> roles, const std::string& what);
    // A refusal of `what` to `who` because of `why`: written once to the audit log as `refused` and
    // returned as an error of kind refused. The message says when the audit row could not be written.
    [[nodiscard]] core::Error refuse(const std::string& who, const std::string& what, const std::string& why,
                                     std::optional<storage::VisitId> visit = std::nullopt);
    // Whether this is a demo database (asked only when an administrator set someone's password): its
    // accounts' passwords are published (users.md, "Demo accounts"), so nobody is made to replace them.
    void set_demo_check(std::function<bool()> is_demo) { m_is_demo = std::move(is_demo); }

private:
    [[nodiscard]] storage::Actor actor(const std::string& user) const { return storage::Actor{user, m_clock()}; }
    [[nodiscard]] std::chrono::sys_seconds now() const;
    // Waits counted from `t`, the instant the attempt began (not after the ~0.1 s of Argon2id).
    [[nodiscard]] static storage::LockRule lock_rule(std::chrono::sys_seconds t);
    [[nodiscard]] core::Result<Session> unknown_user_sign_in(const std::string& username, std::string_view password);
    void spend_dummy_verify(std::string_view password);
    [[nodiscard]] core::Status keeps_an_admin(const Session& who, const std::string& what, const std::string& username,
                                              bool disabling, const std::vector<Role>& new_roles);
    [[nodiscard]] core::Result<std::string> new_hash(const std::string& username, std::string_view password) const;
    // The administrator who set `user`'s password, when `user` must choose her own before acting; "" else.
    [[nodiscard]] std::string password_to_replace(const storage::UserRecord& user);

    storage::UserStore& m_users;
    storage::AuditLog& m_audit;
    Clock m_clock;
    storage::HashCost m_cost;
    std::optional<std::string> m_dummy_hash;
    std::function<bool()> m_is_demo;
};

// Overwrites a password the caller holds once it has been used (libsodium's sodium_memzero).
inline void wipe(std::string& secret) { storage::wipe(secret); }

// A session from a stored row (roles this program does not know are left out).
[[nodiscard]] Session session_of(const storage::UserRecord& user);

}  // namespace infusion::app
