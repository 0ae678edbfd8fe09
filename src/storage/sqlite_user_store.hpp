#pragma once
// Internal to storage/: the SQLite implementation of UserStore over the database's one connection.
#include "storage/user_store.hpp"

#include "storage/sqlite_support.hpp"

namespace infusion::storage::detail {

class SqliteUserStore final : public UserStore {
public:
    SqliteUserStore(Connection& db, std::string file, bool read_only)
        : m_db(db), m_file(std::move(file)), m_read_only(read_only) {}

    core::Result<UserRecord> create(const NewUser& user, const Actor& actor) override;
    core::Status set_roles(const std::string& username, const std::vector<std::string>& roles,
                           const Actor& actor) override;
    core::Status set_password_hash(const std::string& username, const std::string& hash, const Actor& actor) override;
    core::Status set_disabled(const std::string& username, bool disabled, const Actor& actor) override;
    core::Result<std::optional<UserRecord>> find(const std::string& username) override;
    core::Result<std::vector<UserRecord>> list() override;
    core::Result<std::int64_t> count() override;
    core::Result<UserRecord> record_failed_sign_in(const std::string& username, const std::string& reason,
                                                   const LockRule& lock, const Actor& actor) override;
    core::Status record_sign_in(const std::string& username, const std::optional<std::string>& new_hash,
                                const Actor& actor) override;

private:
    [[nodiscard]] std::optional<core::Error> refuse_if_read_only(const std::string& what) const;
    [[nodiscard]] core::Error no_such_user(const std::string& username) const;

    Connection& m_db;
    std::string m_file;
    bool m_read_only;
};

}  // namespace infusion::storage::detail
