#pragma once
// cat(): a string built from pieces in one allocation. derive() runs once per visit (and per row of a
// list); its reasons and messages written as `a + b + c` chains made a temporary string per `+`, which
// was most of its time. Pieces are strings, string views, C strings, single chars and integers.
#include <array>
#include <charconv>
#include <concepts>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace infusion::core {
namespace text_detail {

// An integer's decimal digits (or one char), held until they are appended.
class Small {
public:
    explicit Small(char c) : m_size(1) { m_buffer[0] = c; }
    explicit Small(long long value) {
        m_size = static_cast<std::size_t>(std::to_chars(m_buffer.data(), m_buffer.data() + m_buffer.size(), value).ptr -
                                          m_buffer.data());
    }
    explicit Small(unsigned long long value) {
        m_size = static_cast<std::size_t>(std::to_chars(m_buffer.data(), m_buffer.data() + m_buffer.size(), value).ptr -
                                          m_buffer.data());
    }
    [[nodiscard]] std::string_view view() const { return {m_buffer.data(), m_size}; }

private:
    std::array<char, 24> m_buffer{};
    std::size_t m_size = 0;
};

template <class T>
auto piece(const T& value) {
    if constexpr (std::is_same_v<T, char>) {
        return Small(value);
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
        return Small(static_cast<long long>(value));
    } else if constexpr (std::is_integral_v<T>) {
        return Small(static_cast<unsigned long long>(value));
    } else {
        return std::string_view(value);
    }
}

inline std::string_view view(std::string_view s) { return s; }
inline std::string_view view(const Small& s) { return s.view(); }

}  // namespace text_detail

// Appends the pieces to `out` (one growth at most).
template <class... Pieces>
void append(std::string& out, const Pieces&... pieces) {
    const std::tuple parts{text_detail::piece(pieces)...};
    std::apply(
        [&out](const auto&... p) {
            out.reserve(out.size() + (std::size_t{0} + ... + text_detail::view(p).size()));
            (out.append(text_detail::view(p)), ...);
        },
        parts);
}

template <class... Pieces>
[[nodiscard]] std::string cat(const Pieces&... pieces) {
    std::string out;
    append(out, pieces...);
    return out;
}

}  // namespace infusion::core
