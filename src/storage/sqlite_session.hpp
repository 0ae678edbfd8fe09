#pragma once
// Internal to storage/: the shared statements (sql_session.hpp) on a SQLite connection, through its
// cache of prepared statements.
#include "storage/sql_session.hpp"
#include "storage/sqlite_support.hpp"

namespace infusion::storage::detail {

// A row of a stepping statement.
class SqliteRow final : public SqlRow {
public:
    explicit SqliteRow(SQLite::Statement& s) : m_s(s) {}
    [[nodiscard]] int columns() const override;
    [[nodiscard]] SqlValueView view(int column) const override;
    [[nodiscard]] bool is_null(int column) const override;
    [[nodiscard]] std::int64_t integer(int column) const override;
    [[nodiscard]] double real(int column) const override;
    [[nodiscard]] std::string text(int column) const override;

private:
    SQLite::Statement& m_s;
};

class SqliteSession final : public SqlSession {
public:
    explicit SqliteSession(Connection& db) : m_db(db) {}
    std::int64_t exec(const std::string& sql, const std::vector<SqlValue>& params) override;
    void query(const std::string& sql, const std::vector<SqlValue>& params,
               const std::function<void(const SqlRow&)>& row) override;
    [[nodiscard]] const char* like_ignoring_case() const override { return "LIKE"; }
    [[nodiscard]] const char* byte_order() const override { return ""; }
    [[nodiscard]] const char* table_exists_sql() const override {
        return "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?";
    }
    [[nodiscard]] std::string folded_for_search(const std::string& column) const override {
        return std::string(search_fold_function) + "(" + column + ")";
    }
    [[nodiscard]] std::string index_hint(const char* index) const override {
        return std::string(" INDEXED BY ") + index;
    }
    [[nodiscard]] const char* join_in_order() const override { return "CROSS JOIN"; }

private:
    Connection& m_db;
};

// Binds `params` to ?1, ?2 ... of `s`.
void bind_values(SQLite::Statement& s, const std::vector<SqlValue>& params);

}  // namespace infusion::storage::detail
