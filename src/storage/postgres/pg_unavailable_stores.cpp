#include "storage/postgres/pg_unavailable_stores.hpp"

namespace infusion::storage::pg {

core::Error not_yet(const std::string& what, const std::string& where) {
    return core::Error{what + " are not stored on PostgreSQL yet (" + where +
                           "); use a SQLite file (--db) until they are (docs/storage.md)",
                       {},
                       {},
                       core::ErrorKind::invalid};
}

}  // namespace infusion::storage::pg
