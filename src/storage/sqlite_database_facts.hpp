#pragma once
// Internal to storage/: the SQLite implementation of DatabaseFacts over the database's one connection.
#include "storage/database_facts.hpp"
#include "storage/sqlite_write.hpp"

namespace infusion::storage::detail {

class SqliteDatabaseFacts final : public DatabaseFacts, private SqliteStore {
public:
    SqliteDatabaseFacts(Connection& db, std::string file, bool read_only)
        : SqliteStore(db, std::move(file), read_only) {}

    core::Result<std::optional<std::string>> get(const std::string& name) override;
    core::Result<bool> ever_recorded(const std::string& name) override;
    core::Status record(const std::string& name, const std::string& value, bool only_on_new_database,
                        const Actor& actor) override;
};

}  // namespace infusion::storage::detail
