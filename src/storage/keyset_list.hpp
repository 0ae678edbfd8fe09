#pragma once
// Internal to storage/: every list the program pages through (visits, the worklist, the review queue,
// the nurses' corrections, the audit log, export batches) is built here, the same way.
//
// Keyset pagination: a page is "the rows after the previous page's last key, in key order, LIMIT n+1";
// the extra row says whether another page follows. Unlike OFFSET, page 1,000 costs what page 1 costs
// (an index seek on the key), and rows added meanwhile never shift a page. The key's last column is
// unique (an id), so no two rows share a key. Conditions are fixed SQL fragments written in storage/;
// every value from a caller is a bound parameter.
#include "core/wall_time.hpp"
#include "storage/records.hpp"
#include "storage/sql_session.hpp"
#include "storage/sqlite_support.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace infusion::storage::detail {

class KeysetList {
public:
    using Value = std::variant<std::int64_t, std::string>;
    enum class Order { newest_first, oldest_first };

    // "SELECT … FROM … WHERE <condition>": the columns `read_page`'s reader expects.
    explicit KeysetList(std::string select) : m_sql(std::move(select)) {}

    // Adds " AND condition" (a fixed fragment; its values bound with `bind`).
    KeysetList& where(const std::string& condition);
    KeysetList& bind(std::string name, Value value);
    // The sort key (its last column unique) and its direction.
    KeysetList& key(std::vector<std::string> columns, Order order = Order::newest_first);
    // Only rows after `after` (the previous page's last key, one value per key column).
    KeysetList& after(const std::optional<std::vector<Value>>& after);
    // At most `requested` rows a page, clamped to 1..most.
    KeysetList& limit(int requested, int most);

    [[nodiscard]] std::string sql() const;

    // Runs the query on `db`, appending up to the limit's rows made by `read(statement)` to `rows`.
    // True when another page follows: its cursor is the key of rows.back().
    template <typename Row, typename Read>
    bool read_page(Connection& db, std::vector<Row>& rows, Read&& read) const {
        auto use = db.prepare(sql());
        SQLite::Statement& s = *use;
        bind_all(s);
        while (s.executeStep()) {
            if (static_cast<int>(rows.size()) == m_limit) return true;
            rows.push_back(read(s));
        }
        return false;
    }

    // The same on either backend (sql_session.hpp): the named values become positional `?` ones.
    template <typename Row, typename Read>
    bool read_page(SqlSession& db, std::vector<Row>& rows, Read&& read) const {
        const auto [sql, values] = positional();
        bool more = false;
        db.query(sql, values, [&](const SqlRow& r) {
            if (static_cast<int>(rows.size()) == m_limit) {
                more = true;
            } else {
                rows.push_back(read(r));
            }
        });
        return more;
    }

private:
    void bind_all(SQLite::Statement& s) const;
    [[nodiscard]] std::pair<std::string, std::vector<SqlValue>> positional() const;

    std::string m_sql;
    std::vector<std::pair<std::string, Value>> m_binds;
    std::vector<std::string> m_key;
    Order m_order = Order::newest_first;
    std::optional<std::vector<Value>> m_after;
    int m_limit = 50;
};

// The visit lists' key (date of service, id) as a cursor and back.
[[nodiscard]] std::optional<std::vector<KeysetList::Value>> visit_key(const std::optional<PageCursor>& cursor);
template <typename Row>
[[nodiscard]] PageCursor visit_cursor(const Row& row) {
    return PageCursor{row.date_of_service ? core::format_date(*row.date_of_service) : "", row.id};
}

}  // namespace infusion::storage::detail
