#pragma once
// Internal to storage/: the SQLite implementation of UserStore over the database's one connection.
#include "storage/user_store.hpp"

#include "storage/sqlite_write.hpp"

namespace infusion::storage::detail {

// Writes one audit row for the attempts refused during the last wait of `name` (after the first,
// which had its own) and resets the count; nothing when none were refused. Inside the caller's
// transaction. sqlite_sign_in_throttle.cpp.
void report_refused_burst(Connection& db, bool known, const std::string& name, const std::string& label,
                          const Actor& actor);

// Every account as stored, by username (the seal check and the accounts' first sealing read them).
[[nodiscard]] std::vector<UserRecord> read_all_users(Connection& db);

class SqliteUserStore final : public UserStore, private SqliteStore {
public:
    SqliteUserStore(Connection& db, std::string file, bool read_only) : SqliteStore(db, std::move(file), read_only) {}

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
};

}  // namespace infusion::storage::detail
