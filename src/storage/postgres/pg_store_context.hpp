#pragma once
// Internal to storage/: what every PostgreSQL store shares: the database's one connection, the name
// messages give it, and whether it was opened for reading only.
#include "storage/postgres/pg_connection.hpp"

#include <optional>
#include <string>

namespace infusion::storage::pg {

struct PgStoreContext {
    PgConnection& conn;
    std::string where;  // "database 'clinic' on db.example.org": no password, ever
    bool read_only = false;

    // The refusal of a write on a database opened read-only; nothing when writing is allowed.
    [[nodiscard]] std::optional<core::Error> refuse_if_read_only(const std::string& what) const {
        if (!read_only) return std::nullopt;
        return core::Error{
            what + ": the database is open read-only; nothing was saved", where, {}, core::ErrorKind::refused};
    }
};

}  // namespace infusion::storage::pg
