#pragma once
// The users who sign in, behind an interface like VisitStore (visit_store.hpp), so a PostgreSQL backend
// can join and pass the same contract tests. Every write is one transaction together with its audit
// row; no audit detail ever contains a password or a password hash.
#include "core/result.hpp"
#include "storage/records.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace infusion::storage {

// Given the number of consecutive failed sign-ins after this one, the UTC instant before which the
// next sign-in is refused ("" for none). The policy lives in app/; the store applies it inside the
// transaction that counts the failure, so two attempts at once cannot both read the old count.
using LockRule = std::function<std::string(int failed_attempts)>;

// The throttle of a name that is no user: the same counting and waiting as a user's.
struct NameThrottle {
    int failed_attempts = 0;
    std::string locked_until;  // UTC; "" when not waiting
};

class UserStore {
public:
    virtual ~UserStore() = default;

    // A new user. Refused when the username is taken or, with only_if_no_users, when anyone exists.
    // Audited as "user-add".
    [[nodiscard]] virtual core::Result<UserRecord> create(const NewUser& user, const Actor& actor) = 0;
    // Replaces the roles. Audited as "user-roles" with the old and new roles.
    [[nodiscard]] virtual core::Status set_roles(const std::string& username, const std::vector<std::string>& roles,
                                                 const Actor& actor) = 0;
    // A new password hash; clears failed attempts and any lock. Audited as "user-passwd" (no hash in it).
    [[nodiscard]] virtual core::Status set_password_hash(const std::string& username, const std::string& hash,
                                                         const Actor& actor) = 0;
    // Audited as "user-disable" or "user-enable".
    [[nodiscard]] virtual core::Status set_disabled(const std::string& username, bool disabled, const Actor& actor) = 0;

    // Empty when there is no such user.
    [[nodiscard]] virtual core::Result<std::optional<UserRecord>> find(const std::string& username) = 0;
    // Every user, by username.
    [[nodiscard]] virtual core::Result<std::vector<UserRecord>> list() = 0;
    [[nodiscard]] virtual core::Result<std::int64_t> count() = 0;
    // Whether the audit log records any account (a user-add or account-sealed row): a database whose
    // users table is empty although accounts were recorded had them deleted outside the program.
    [[nodiscard]] virtual core::Result<bool> accounts_recorded() = 0;

    // A failed sign-in of an existing user: failed_attempts + 1 and locked_until = lock(new count).
    // Audited as "sign-in-failed" with `reason` (e.g. "wrong password"). Returns the updated row.
    [[nodiscard]] virtual core::Result<UserRecord> record_failed_sign_in(const std::string& username,
                                                                         const std::string& reason,
                                                                         const LockRule& lock, const Actor& actor) = 0;
    // A successful sign-in: clears failed attempts and the lock, stores `new_hash` when the password was
    // re-hashed with current parameters. Audited as "sign-in".
    [[nodiscard]] virtual core::Status record_sign_in(const std::string& username,
                                                      const std::optional<std::string>& new_hash,
                                                      const Actor& actor) = 0;

    // ---- names that are no user: kept only as the SHA-256 of the name, never in clear ----
    [[nodiscard]] virtual core::Result<NameThrottle> unknown_name_throttle(const std::string& name) = 0;
    // A failed sign-in with a name that is no user, counted like a user's. Audited as "sign-in-failed"
    // with `described` (the app's masked description of the name). Returns the updated throttle.
    [[nodiscard]] virtual core::Result<NameThrottle> record_unknown_name_failure(const std::string& name,
                                                                                 const std::string& described,
                                                                                 const LockRule& lock,
                                                                                 const Actor& actor) = 0;

    // An attempt refused during a wait (`known`: a user's name, else a name that is no user). The
    // first refusal of a wait is audited as "sign-in-failed" with `detail`; the others are only
    // counted, and the next failed or successful sign-in of the name writes one row with the count, so
    // a burst of attempts is not thousands of rows.
    [[nodiscard]] virtual core::Status record_refused_while_waiting(const std::string& name, bool known,
                                                                    const std::string& detail, const Actor& actor) = 0;
};

}  // namespace infusion::storage
