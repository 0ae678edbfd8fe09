#pragma once
// Internal to storage/: the shared statements (storage/sql_session.hpp) on a PostgreSQL connection. The
// SQL's `?` placeholders become $1, $2 ... (once per statement text); values go as text, separately from
// the SQL, reals with 17 significant digits so they arrive bit for bit.
#include "storage/postgres/pg_connection.hpp"
#include "storage/sql_session.hpp"

#include <unordered_map>

namespace infusion::storage::pg {

class PgSession final : public detail::SqlSession {
public:
    // `in_pages`: query() reads through a cursor a page at a time (fetch_in_pages), inside the caller's
    // transaction, for results too large to hold whole (an export's lines under its seal).
    enum class Reading { whole, in_pages };
    explicit PgSession(PgConnection& conn, Reading reading = Reading::whole) : m_conn(conn), m_reading(reading) {}
    std::int64_t exec(const std::string& sql, const std::vector<detail::SqlValue>& params) override;
    void query(const std::string& sql, const std::vector<detail::SqlValue>& params,
               const std::function<void(const detail::SqlRow&)>& row) override;
    [[nodiscard]] const char* like_ignoring_case() const override { return "ILIKE"; }
    [[nodiscard]] const char* byte_order() const override { return " COLLATE \"C\""; }
    [[nodiscard]] std::string folded_for_search(const std::string& column) const override;
    [[nodiscard]] const char* table_exists_sql() const override {
        return "SELECT CASE WHEN to_regclass(?) IS NULL THEN 0 ELSE 1 END";
    }
    [[nodiscard]] std::string index_hint(const char*) const override { return {}; }
    [[nodiscard]] const char* join_in_order() const override { return "JOIN"; }

private:
    const std::string& numbered(const std::string& sql);
    PgConnection& m_conn;
    Reading m_reading;
    std::unordered_map<std::string, std::string> m_numbered;
};

}  // namespace infusion::storage::pg
