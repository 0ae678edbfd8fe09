#pragma once
// Internal to storage/: the PostgreSQL implementation of DatabaseFacts (database_facts.hpp).
#include "storage/database_facts.hpp"
#include "storage/postgres/pg_store_context.hpp"

namespace infusion::storage::pg {

class PgDatabaseFacts final : public DatabaseFacts {
public:
    explicit PgDatabaseFacts(PgStoreContext context) : m_ctx(std::move(context)) {}

    core::Result<std::optional<std::string>> get(const std::string& name) override;
    core::Result<bool> ever_recorded(const std::string& name) override;
    core::Status record(const std::string& name, const std::string& value, bool only_on_new_database,
                        const Actor& actor) override;

private:
    PgStoreContext m_ctx;
};

}  // namespace infusion::storage::pg
