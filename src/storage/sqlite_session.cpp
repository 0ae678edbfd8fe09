#include "storage/sqlite_session.hpp"

#include <sqlite3.h>

namespace infusion::storage::detail {

int SqliteRow::columns() const { return m_s.getColumnCount(); }

SqlValueView SqliteRow::view(int column) const {
    const SQLite::Column c = m_s.getColumn(column);
    switch (c.getType()) {
        case SQLITE_INTEGER: return static_cast<std::int64_t>(c.getInt64());
        case SQLITE_FLOAT: return c.getDouble();
        case SQLITE_NULL: return std::monostate{};
        default: {
            const char* text = c.getText("");  // before getBytes, as SQLite asks
            return std::string_view(text, static_cast<std::size_t>(c.getBytes()));
        }
    }
}

bool SqliteRow::is_null(int column) const { return m_s.getColumn(column).isNull(); }
std::int64_t SqliteRow::integer(int column) const { return m_s.getColumn(column).getInt64(); }
double SqliteRow::real(int column) const { return m_s.getColumn(column).getDouble(); }
std::string SqliteRow::text(int column) const { return m_s.getColumn(column).getString(); }

void bind_values(SQLite::Statement& s, const std::vector<SqlValue>& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::monostate>) {
                    s.bind(index);
                } else {
                    s.bind(index, v);
                }
            },
            params[i]);
    }
}

std::int64_t SqliteSession::exec(const std::string& sql, const std::vector<SqlValue>& params) {
    auto use = m_db.prepare(sql);
    bind_values(*use, params);
    return (*use).exec();
}

void SqliteSession::query(const std::string& sql, const std::vector<SqlValue>& params,
                          const std::function<void(const SqlRow&)>& row) {
    auto use = m_db.prepare(sql);
    SQLite::Statement& s = *use;
    bind_values(s, params);
    const SqliteRow current(s);
    while (s.executeStep()) row(current);
}

}  // namespace infusion::storage::detail
