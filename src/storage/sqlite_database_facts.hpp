#pragma once
// Internal to storage/: the SQLite implementation of DatabaseFacts over the database's one connection.
#include "storage/database_facts.hpp"
#include "storage/sqlite_support.hpp"

namespace infusion::storage::detail {

class SqliteDatabaseFacts final : public DatabaseFacts {
public:
    SqliteDatabaseFacts(Connection& db, std::string file, bool read_only)
        : m_db(db), m_file(std::move(file)), m_read_only(read_only) {}

    core::Result<std::optional<std::string>> get(const std::string& name) override;
    core::Status record(const std::string& name, const std::string& value, bool only_on_new_database,
                        const Actor& actor) override;

private:
    Connection& m_db;
    std::string m_file;
    bool m_read_only;
};

}  // namespace infusion::storage::detail
