#include "core/terminal_text.hpp"

#include <cstdio>

namespace infusion::core {
namespace {

// The second and later bytes of a UTF-8 character.
bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

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
        } else if (c == 0x7F) {
            // As "\u007f", not "\x7f": JSON passes DEL through raw, so a JSON report put through this
            // function must get an escape JSON reads (its C0 controls are JSON's own "\u001b" already).
            out += "\\u007f";
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

std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string continued(std::string_view text, std::string_view indent) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        out += c;
        if (c == '\n') out.append(indent);
    }
    return out;
}

std::string pad_column(std::string_view text, std::size_t width) {
    std::size_t characters = 0;
    for (const char c : text) {
        if (!continuation(c)) ++characters;
    }
    std::string out(text);
    out.append(characters + 1 < width ? width - characters : 1, ' ');
    return out;
}

std::string fit_column(std::string_view text, std::size_t width) {
    std::string out;
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size() && characters + 1 < width;) {
        std::size_t end = i + 1;
        while (end < text.size() && continuation(text[end])) ++end;
        out.append(text.substr(i, end - i));
        ++characters;
        i = end;
    }
    out.append(width - characters, ' ');
    return out;
}

}  // namespace infusion::core
