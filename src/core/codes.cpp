#include "core/codes.hpp"

#include <cctype>
#include <vector>

namespace infusion::core {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
// Claims carry ICD-10-CM codes in capitals; a lower-case code is refused rather than silently changed.
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_code_char(char c) { return is_digit(c) || is_upper(c); }

std::string pad(std::string_view segment, std::size_t width) {
    return std::string(width - segment.size(), '0') + std::string(segment);
}

}  // namespace

std::optional<std::string> normalize_ndc(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '-') {
            parts.push_back(text.substr(begin, i - begin));
            begin = i + 1;
        }
    }
    for (auto part : parts) {
        if (part.empty()) return std::nullopt;
        for (char c : part) {
            if (!is_digit(c)) return std::nullopt;
        }
    }
    if (parts.size() == 1) {
        if (text.size() != 11) return std::nullopt;
        return std::string(text.substr(0, 5)) + "-" + std::string(text.substr(5, 4)) + "-" +
               std::string(text.substr(9, 2));
    }
    if (parts.size() != 3) return std::nullopt;
    const auto a = parts[0].size(), b = parts[1].size(), c = parts[2].size();
    const bool form_442 = a == 4 && b == 4 && c == 2;
    const bool form_532 = a == 5 && b == 3 && c == 2;
    const bool form_541 = a == 5 && b == 4 && c == 1;
    const bool form_542 = a == 5 && b == 4 && c == 2;
    if (!(form_442 || form_532 || form_541 || form_542)) return std::nullopt;
    return pad(parts[0], 5) + "-" + pad(parts[1], 4) + "-" + pad(parts[2], 2);
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

bool is_blank(std::string_view text) {
    for (char c : text) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f') return false;
    }
    return true;
}

}  // namespace infusion::core
