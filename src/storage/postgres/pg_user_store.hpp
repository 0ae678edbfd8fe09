#pragma once
// Internal to storage/: the PostgreSQL implementation of UserStore. Each write is one transaction that
// first takes the audit chain's lock (pg_write.hpp), so a failed-sign-in count read and raised by two
// workstations at once counts twice, and "the first administrator" is created once.
#include "storage/postgres/pg_store_context.hpp"
#include "storage/user_store.hpp"

namespace infusion::storage::pg {

// The users table's rows as stored (matches_audit not yet worked out): for the store and db check.
[[nodiscard]] std::optional<UserRecord> read_user(PgConnection& conn, const std::string& username);
[[nodiscard]] std::vector<UserRecord> read_all_users(PgConnection& conn);

class PgUserStore final : public UserStore {
public:
    explicit PgUserStore(PgStoreContext context) : m_ctx(std::move(context)) {}

    core::Result<UserRecord> create(const NewUser& user, const Actor& actor) override;
    core::Status set_roles(const std::string& username, const std::vector<std::string>& roles,
                           const Actor& actor) override;
    core::Status set_password_hash(const std::string& username, const std::string& hash, const Actor& actor) override;
    core::Status set_disabled(const std::string& username, bool disabled, const Actor& actor) override;
    core::Result<std::optional<UserRecord>> find(const std::string& username) override;
    core::Result<std::vector<UserRecord>> list() override;
    core::Result<std::int64_t> count() override;
    core::Result<bool> accounts_recorded() override;
    core::Result<UserRecord> record_failed_sign_in(const std::string& username, const std::string& reason,
                                                   const LockRule& lock, const Actor& actor) override;
    core::Status record_sign_in(const std::string& username, const std::optional<std::string>& new_hash,
                                const Actor& actor) override;
    core::Result<NameThrottle> unknown_name_throttle(const std::string& name) override;
    core::Result<NameThrottle> record_unknown_name_failure(const std::string& name, const std::string& described,
                                                           const LockRule& lock, const Actor& actor) override;
    core::Status record_refused_while_waiting(const std::string& name, bool known, const std::string& detail,
                                              const Actor& actor) override;

private:
    [[nodiscard]] core::Error no_such_user(const std::string& username) const;

    PgStoreContext m_ctx;
};

}  // namespace infusion::storage::pg
