#include "storage/keyset_list.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace infusion::storage::detail {

KeysetList& KeysetList::where(const std::string& condition) {
    m_sql += " AND " + condition;
    return *this;
}

KeysetList& KeysetList::bind(std::string name, Value value) {
    m_binds.emplace_back(std::move(name), std::move(value));
    return *this;
}

KeysetList& KeysetList::key(std::vector<std::string> columns, Order order) {
    m_key = std::move(columns);
    m_order = order;
    return *this;
}

KeysetList& KeysetList::after(const std::optional<std::vector<Value>>& after) {
    m_after = after;
    return *this;
}

KeysetList& KeysetList::limit(int requested, int most) {
    m_limit = std::clamp(requested, 1, most);
    return *this;
}

std::string KeysetList::sql() const {
    if (m_key.empty()) throw std::logic_error("a keyset list needs its key");
    if (m_after && m_after->size() != m_key.size()) throw std::logic_error("a keyset cursor must match its key");
    const char* direction = m_order == Order::newest_first ? " DESC" : "";
    std::string columns;
    std::string placeholders;
    std::string order;
    for (std::size_t i = 0; i < m_key.size(); ++i) {
        const std::string sep = i == 0 ? "" : ", ";
        columns += sep + m_key[i];
        placeholders += sep + ":keyset_after_" + std::to_string(i);
        order += sep + m_key[i] + direction;
    }
    std::string out = m_sql;
    // A row value comparison: SQLite seeks the key's index to the cursor and reads on from there.
    if (m_after)
        out += " AND (" + columns + ") " + (m_order == Order::newest_first ? "<" : ">") + " (" + placeholders + ")";
    return out + " ORDER BY " + order + " LIMIT :keyset_limit";
}

void KeysetList::bind_all(SQLite::Statement& s) const {
    const auto bind_value = [&s](const std::string& name, const Value& value) {
        std::visit([&](const auto& v) { s.bind(name, v); }, value);
    };
    for (const auto& [name, value] : m_binds) bind_value(name, value);
    if (m_after) {
        for (std::size_t i = 0; i < m_after->size(); ++i)
            bind_value(":keyset_after_" + std::to_string(i), (*m_after)[i]);
    }
    s.bind(":keyset_limit", m_limit + 1);  // one more tells whether another page exists
}

std::pair<std::string, std::vector<SqlValue>> KeysetList::positional() const {
    std::vector<std::pair<std::string, SqlValue>> named;
    for (const auto& [name, value] : m_binds) {
        named.emplace_back(name, std::visit([](const auto& v) { return SqlValue(v); }, value));
    }
    if (m_after) {
        for (std::size_t i = 0; i < m_after->size(); ++i) {
            named.emplace_back(":keyset_after_" + std::to_string(i),
                               std::visit([](const auto& v) { return SqlValue(v); }, (*m_after)[i]));
        }
    }
    named.emplace_back(":keyset_limit", std::int64_t{m_limit + 1});
    // Each :name outside a quoted literal becomes ?, its value appended in the order it appears.
    const std::string text = sql();
    std::string out;
    std::vector<SqlValue> values;
    bool in_literal = false;
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '\'') in_literal = !in_literal;
        if (c != ':' || in_literal) {
            out += c;
            ++i;
            continue;
        }
        std::size_t end = i + 1;
        while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
        const std::string name = text.substr(i, end - i);
        const auto found = std::find_if(named.begin(), named.end(), [&](const auto& n) { return n.first == name; });
        if (found == named.end()) throw std::logic_error("keyset list: nothing bound to " + name);
        out += '?';
        values.push_back(found->second);
        i = end;
    }
    return {out, values};
}

std::optional<std::vector<KeysetList::Value>> visit_key(const std::optional<PageCursor>& cursor) {
    if (!cursor) return std::nullopt;
    return std::vector<KeysetList::Value>{cursor->date, std::int64_t{cursor->id}};
}

}  // namespace infusion::storage::detail
