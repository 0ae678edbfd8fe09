#include "core/codes.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace infusion::core {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }  // ASCII digits only, as isdigit in the "C" locale
// Claims carry ICD-10-CM codes in capitals; a lower-case code is refused rather than silently changed.
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_code_char(char c) { return is_digit(c) || is_upper(c); }

}  // namespace

// Hand-split: no vector of parts and one string built in place (derive() normalises every NDC it reads).
std::optional<std::string> normalize_ndc(std::string_view text) {
    text = trim_blanks(text);  // " 44206-0451-01 " from a paste is that NDC (found from outside: it held the claim)
    // Already 5-4-2 with dashes (how the catalog and most scans spell it): the text itself.
    if (text.size() == 13 && text[5] == '-' && text[10] == '-') {
        bool digits = true;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (i != 5 && i != 10 && !is_digit(text[i])) digits = false;
        }
        if (digits) return std::string(text);
    }
    std::array<std::string_view, 3> parts;
    std::size_t count = 0;
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '-') {
            if (count == parts.size()) return std::nullopt;  // more than three segments
            parts[count++] = text.substr(begin, i - begin);
            begin = i + 1;
        }
    }
    for (std::size_t n = 0; n < count; ++n) {
        if (parts[n].empty()) return std::nullopt;
        for (char c : parts[n]) {
            if (!is_digit(c)) return std::nullopt;
        }
    }
    constexpr std::array<std::size_t, 3> widths{5, 4, 2};
    if (count == 1) {
        if (text.size() != 11) return std::nullopt;
        parts = {text.substr(0, 5), text.substr(5, 4), text.substr(9, 2)};
    } else if (count == 3) {
        const auto a = parts[0].size(), b = parts[1].size(), c = parts[2].size();
        const bool form_442 = a == 4 && b == 4 && c == 2;
        const bool form_532 = a == 5 && b == 3 && c == 2;
        const bool form_541 = a == 5 && b == 4 && c == 1;
        const bool form_542 = a == 5 && b == 4 && c == 2;
        if (!(form_442 || form_532 || form_541 || form_542)) return std::nullopt;
    } else {
        return std::nullopt;
    }
    std::string out;
    out.reserve(13);
    for (std::size_t n = 0; n < 3; ++n) {
        if (n > 0) out += '-';
        out.append(widths[n] - parts[n].size(), '0');  // zero-padded to 5-4-2
        out += parts[n];
    }
    return out;
}

bool looks_like_icd10cm(std::string_view code) {
    if (code.size() < 3 || code.size() > 8) return false;
    if (!is_upper(code[0]) || !is_digit(code[1]) || !is_code_char(code[2])) return false;
    if (code.size() == 3) return true;
    if (code[3] != '.' || code.size() == 4) return false;
    for (std::size_t i = 4; i < code.size(); ++i) {
        if (!is_code_char(code[i])) return false;
    }
    return true;
}

std::string dotted_icd10cm(std::string_view code) {
    if (code.size() < 4 || code.size() > 7) return std::string(code);
    if (!is_upper(code[0]) || !is_digit(code[1])) return std::string(code);
    for (std::size_t i = 2; i < code.size(); ++i) {
        if (!is_code_char(code[i])) return std::string(code);
    }
    return std::string(code.substr(0, 3)) + "." + std::string(code.substr(3));
}

std::string stored_icd10cm(std::string_view typed) {
    std::string code(trim_blanks(typed));
    for (char& c : code) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return dotted_icd10cm(code);
}

std::pair<char32_t, std::size_t> first_code_point(std::string_view text) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = b(0);
    if (c < 0x80) return {c, 1};
    const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (n == 0 || text.size() < n) return {0, 0};
    char32_t cp = c & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
        if ((b(k) & 0xC0) != 0x80) return {0, 0};
        cp = (cp << 6) | (b(k) & 0x3F);
    }
    return {cp, n};
}

namespace {

// Unicode's White_Space characters and the invisible ones a paste from another program brings along
// (zero-width space and joiners, word joiner, byte-order mark): none of them is a name or an id.
bool is_blank_code_point(char32_t c) {
    switch (c) {
        case 0x20:
        case 0x85:
        case 0xA0:
        case 0x1680:
        case 0x180E:
        case 0x2028:
        case 0x2029:
        case 0x202F:
        case 0x205F:
        case 0x2060:
        case 0x3000:
        case 0xFEFF: return true;
        default: return (c >= 0x09 && c <= 0x0D) || (c >= 0x2000 && c <= 0x200D);
    }
}

}  // namespace

namespace {
bool visible_ascii(char c) { return c > 0x20 && c < 0x7F; }
}  // namespace

std::string_view trim_blanks(std::string_view text) {
    // Most values begin and end with a visible ASCII character: nothing to decode (derive() asks this
    // of every id, name, NDC, diagnosis and site of a visit).
    if (!text.empty() && visible_ascii(text.front()) && visible_ascii(text.back())) return text;
    while (!text.empty()) {
        const auto [cp, n] = first_code_point(text);
        if (n == 0 || !is_blank_code_point(cp)) break;
        text.remove_prefix(n);
    }
    while (!text.empty()) {
        // Step back to the start of the last code point (continuation bytes are 10xxxxxx).
        std::size_t start = text.size() - 1;
        while (start > 0 && text.size() - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
            --start;
        const auto [cp, n] = first_code_point(text.substr(start));
        if (n == 0 || start + n != text.size() || !is_blank_code_point(cp)) break;
        text.remove_suffix(n);
    }
    return text;
}

bool is_blank(std::string_view text) {
    if (!text.empty() && visible_ascii(text.front())) return false;
    return trim_blanks(text).empty();
}

}  // namespace infusion::core
