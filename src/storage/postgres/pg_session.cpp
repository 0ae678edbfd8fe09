#include "storage/postgres/pg_session.hpp"

#include "core/search_fold.hpp"

#include <charconv>
#include <cstdio>

namespace infusion::storage::pg {
namespace {

// Type OIDs (pg_type.oid) of the columns the schema uses.
constexpr unsigned bool_oid = 16, int8_oid = 20, int2_oid = 21, int4_oid = 23, float4_oid = 700, float8_oid = 701;

class PgRow final : public detail::SqlRow {
public:
    PgRow(const PgResult& r, int row) : m_r(r), m_row(row) {}
    [[nodiscard]] int columns() const override { return m_r.columns(); }
    [[nodiscard]] detail::SqlValueView view(int column) const override {
        if (is_null(column)) return std::monostate{};
        switch (m_r.type(column)) {
            case int8_oid:
            case int4_oid:
            case int2_oid: return integer(column);
            case float4_oid:
            case float8_oid: return real(column);
            case bool_oid: return std::int64_t{m_r.flag(m_row, column) ? 1 : 0};
            default: return m_r.view(m_row, column);
        }
    }
    [[nodiscard]] bool is_null(int column) const override { return m_r.is_null(m_row, column); }
    [[nodiscard]] std::int64_t integer(int column) const override {
        if (m_r.type(column) == bool_oid) return m_r.flag(m_row, column) ? 1 : 0;
        return m_r.int64(m_row, column);
    }
    [[nodiscard]] double real(int column) const override {
        if (is_null(column)) return 0;
        const std::string text = m_r.text(m_row, column);
        double out = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
        if (ec != std::errc{} || ptr != text.data() + text.size()) {
            throw PgError("", "the server sent '" + text + "' where a number belongs");
        }
        return out;
    }
    [[nodiscard]] std::string text(int column) const override { return m_r.text(m_row, column); }

private:
    const PgResult& m_r;
    int m_row;
};

std::vector<Param> params_of(const std::vector<detail::SqlValue>& values) {
    std::vector<Param> out;
    out.reserve(values.size());
    for (const auto& v : values) {
        std::visit(
            [&](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, std::monostate>) {
                    out.emplace_back(std::nullopt);
                } else if constexpr (std::is_same_v<T, std::int64_t>) {
                    out.emplace_back(std::to_string(x));
                } else if constexpr (std::is_same_v<T, double>) {
                    char buffer[40];
                    std::snprintf(buffer, sizeof buffer, "%.17g", x);
                    out.emplace_back(std::string(buffer));
                } else {
                    out.emplace_back(x);
                }
            },
            v);
    }
    return out;
}

}  // namespace

const std::string& PgSession::numbered(const std::string& sql) {
    auto& slot = m_numbered[sql];
    if (slot.empty()) {
        // The shared SQL has no '?' inside a literal; every one is a placeholder.
        int n = 0;
        bool in_literal = false;
        for (char c : sql) {
            if (c == '\'') in_literal = !in_literal;
            if (c == '?' && !in_literal) {
                slot += "$" + std::to_string(++n);
            } else {
                slot += c;
            }
        }
    }
    return slot;
}

std::int64_t PgSession::exec(const std::string& sql, const std::vector<detail::SqlValue>& params) {
    return m_conn.exec(numbered(sql), params_of(params)).affected();
}

void PgSession::query(const std::string& sql, const std::vector<detail::SqlValue>& params,
                      const std::function<void(const detail::SqlRow&)>& row) {
    if (m_reading == Reading::in_pages) {
        (void)fetch_in_pages(m_conn, numbered(sql), params_of(params), [&](const PgResult& r, int i) {
            row(PgRow(r, i));
            return true;
        });
        return;
    }
    const auto result = m_conn.exec(numbered(sql), params_of(params));
    for (int i = 0; i < result.rows(); ++i) row(PgRow(result, i));
}

std::string PgSession::folded_for_search(const std::string& column) const {
    // translate() maps one character to one: each accented letter to its base letter (none is a quote).
    static const std::string letters = [] {
        std::string from;
        std::string to;
        for (const auto& [letter, base] : core::accented_letters()) {
            from += letter;
            to += base;
        }
        return "'" + from + "', '" + to + "'";
    }();
    return "translate(" + column + ", " + letters + ")";
}

}  // namespace infusion::storage::pg
