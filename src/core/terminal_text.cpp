#include "core/terminal_text.hpp"

#include <cstdio>

namespace infusion::core {
namespace {

bool is_c0_or_del(unsigned char c) { return c < 0x20 || c == 0x7F; }
// U+0080..U+009F are encoded C2 80 .. C2 9F.
bool is_c1_at(std::string_view text, std::size_t i) {
    return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
           static_cast<unsigned char>(text[i + 1]) >= 0x80 && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

}  // namespace

bool has_control_character(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_c0_or_del(static_cast<unsigned char>(text[i])) || is_c1_at(text, i)) return true;
    }
    return false;
}

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    char buffer[8];
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n' || c == '\t') {
            out += static_cast<char>(c);
        } else if (is_c0_or_del(c)) {
            std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
            out += buffer;
        } else if (is_c1_at(text, i)) {
            std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned char>(text[i + 1]));
            out += buffer;
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace infusion::core
