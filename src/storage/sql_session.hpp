#pragma once
// Internal to storage/: statements on either backend's connection, for the logic both backends share (a
// visit's rows, its seal, its review flags, the visit store's and the review store's writes and reads:
// visit_rows.cpp, visit_writes.cpp, review_writes.cpp, review_reads.cpp). The SQL is written once with `?` placeholders
// in the dialect both servers accept; SqliteSession (sqlite_session.hpp) runs it through the connection's statement
// cache, PgSession (postgres/pg_session.hpp) numbers the placeholders $1, $2 ... and sends the values separately.
//
// Values are the four types both schemas store (column for column, pg_schema_sql.cpp): NULL, whole
// numbers, reals and text. A row reports each column's type as its backend stored it, so a seal hashes
// the same content the same way on both.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace infusion::storage::detail {

using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;
// The same, its text not copied: valid only until the query moves to its next row. What a seal reads,
// since it hashes every column at once (a copy per column was a fifth of a seal's time; issue 15).
using SqlValueView = std::variant<std::monostate, std::int64_t, double, std::string_view>;

// NULL for an empty optional.
template <typename T>
[[nodiscard]] SqlValue sql_value(const std::optional<T>& value) {
    if (!value) return std::monostate{};
    if constexpr (std::is_same_v<T, bool>) {
        return std::int64_t{*value ? 1 : 0};
    } else if constexpr (std::is_integral_v<T>) {
        return static_cast<std::int64_t>(*value);
    } else {
        return *value;
    }
}

// One row of a result, read by column index (0 first).
class SqlRow {
public:
    virtual ~SqlRow() = default;
    [[nodiscard]] virtual int columns() const = 0;
    // The column as stored: NULL, an integer, a real or text; `view` without copying the text (valid
    // until the next row), `value` with a copy.
    [[nodiscard]] virtual SqlValueView view(int column) const = 0;
    [[nodiscard]] SqlValue value(int column) const {
        return std::visit(
            [](const auto& v) -> SqlValue {
                if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string_view>) {
                    return std::string(v);
                } else {
                    return v;
                }
            },
            view(column));
    }
    [[nodiscard]] virtual bool is_null(int column) const = 0;
    [[nodiscard]] virtual std::int64_t integer(int column) const = 0;  // 0 for NULL
    [[nodiscard]] virtual double real(int column) const = 0;           // 0 for NULL
    [[nodiscard]] virtual std::string text(int column) const = 0;      // "" for NULL

    [[nodiscard]] std::optional<std::string> opt_text(int column) const {
        if (is_null(column)) return std::nullopt;
        return text(column);
    }
    [[nodiscard]] std::optional<int> opt_int(int column) const {
        if (is_null(column)) return std::nullopt;
        return static_cast<int>(integer(column));
    }
    [[nodiscard]] std::optional<double> opt_real(int column) const {
        if (is_null(column)) return std::nullopt;
        return real(column);
    }
    [[nodiscard]] std::optional<bool> opt_flag(int column) const {
        if (is_null(column)) return std::nullopt;
        return integer(column) != 0;
    }
};

// The statements of one connection, inside whatever transaction its caller opened. Failures throw the
// backend's exception, which the store turns into a core::Error at its boundary.
class SqlSession {
public:
    virtual ~SqlSession() = default;
    // Runs one statement; returns the rows it changed.
    virtual std::int64_t exec(const std::string& sql, const std::vector<SqlValue>& params) = 0;
    // Runs one query, calling `row` for each row in order.
    virtual void query(const std::string& sql, const std::vector<SqlValue>& params,
                       const std::function<void(const SqlRow&)>& row) = 0;

    // Where the dialects differ: a case-insensitive LIKE (SQLite's LIKE folds ASCII; PostgreSQL's ILIKE),
    // and a text order by bytes (SQLite's default; PostgreSQL's "C" collation), so both sort alike.
    [[nodiscard]] virtual const char* like_ignoring_case() const = 0;
    [[nodiscard]] virtual const char* byte_order() const = 0;
    // `column` as core::search_fold() folds text, case apart (SQLite: a function of ours registered on every
    // connection; PostgreSQL: translate() with core::accented_letters()): compared with LIKE (ILIKE) against a
    // folded pattern, "Novak" finds "Novák".
    [[nodiscard]] virtual std::string folded_for_search(const std::string& column) const = 0;
    // A query of one row and column, 1 when the table named by its one parameter exists, else 0: a check reads
    // a table only where it is (on PostgreSQL a failed query ends the check's transaction).
    [[nodiscard]] virtual const char* table_exists_sql() const = 0;
    // Planner hints, where SQLite needs them (it keeps no statistics; sqlite_review_store.hpp): the index to
    // read a table through (" INDEXED BY name") and a join that keeps its left side the outer loop ("CROSS
    // JOIN ... ON"). PostgreSQL plans from its statistics: no hint ("") and a plain "JOIN".
    [[nodiscard]] virtual std::string index_hint(const char* index) const = 0;
    [[nodiscard]] virtual const char* join_in_order() const = 0;

    // The first column of the first row, if any (a count, an id RETURNING).
    [[nodiscard]] std::optional<SqlValue> value(const std::string& sql, const std::vector<SqlValue>& params) {
        std::optional<SqlValue> out;
        query(sql, params, [&](const SqlRow& r) {
            if (!out) out = r.value(0);
        });
        return out;
    }
};

}  // namespace infusion::storage::detail
