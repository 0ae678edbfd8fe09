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

// The code point that begins at byte `i` and its length in bytes; length 0 when the text ends inside it. A byte
// that begins none (a stray continuation) is itself, length 1. The one UTF-8 decoding of this file.
struct CodePoint {
    char32_t value = 0;
    std::size_t length = 0;
};
CodePoint code_point_at(std::string_view text, std::size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (i + length > text.size()) return {};
    char32_t c = length == 4 ? lead & 0x07U : length == 3 ? lead & 0x0FU : length == 2 ? lead & 0x1FU : lead;
    for (std::size_t k = 1; k < length; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3FU);
    return {c, length};
}

// A character that breaks or reorders a terminal's line: the line and paragraph separators (U+2028, U+2029: many
// viewers and log tools break the line there), the direction embeddings and overrides (U+202A..U+202E: U+202E
// showed the rest of an import's report line reversed), the isolates (U+2066..U+2069) and the marks (U+200E,
// U+200F) and the Arabic letter mark (U+061C). Found from outside: they reached the terminal raw on a `patient:` line.
// With them the byte-order mark U+FEFF, which shows as nothing (raw in `visits show`, found from outside).
bool reorders_a_line(char32_t c) {
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
           c == 0xFEFF;
}

}  // namespace

bool has_control_character(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_c0_or_del(static_cast<unsigned char>(text[i])) || is_c1_at(text, i)) return true;
    }
    return false;
}

namespace {

// Unicode's format characters that render as nothing, the fillers that render as blank, and the
// full-width forms of ASCII.
bool invisible_or_lookalike(char32_t c) {
    return c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5 ||
           c == 0x180E || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x206F) || c == 0x3164 || c == 0xFEFF || c == 0xFFA0 || (c >= 0xFFF0 && c <= 0xFFFB) ||
           (c >= 0xFF01 && c <= 0xFF5E) || c == 0x3000 || (c >= 0xE0000 && c <= 0xE007F);
}

}  // namespace

namespace {

// The first code point of `text` (beyond ASCII) for which `wanted` holds; empty when none does. Ids and names
// are ASCII nearly always: one pass the compiler can vectorise, before any decoding (derive() checks every
// visit's id, name and clinician, issue 15).
template <typename Wanted>
std::optional<char32_t> first_code_point(std::string_view text, Wanted wanted) {
    unsigned char high = 0;
    for (const char c : text) high |= static_cast<unsigned char>(c);
    if (high < 0x80) return std::nullopt;
    for (std::size_t i = 0; i < text.size();) {
        const CodePoint c = code_point_at(text, i);
        if (c.length == 0) return std::nullopt;  // cut short: not ours to judge
        if (c.length > 1 && wanted(c.value)) return c.value;
        i += c.length;
    }
    return std::nullopt;
}

}  // namespace

std::optional<char32_t> invisible_or_lookalike(std::string_view text) {
    return first_code_point(text, [](char32_t c) { return invisible_or_lookalike(c); });
}

std::optional<char32_t> not_in_a_name(std::string_view text) {
    // What an id refuses but the full-width letters (CJK names use them) and the joiners (U+200C, U+200D:
    // Persian and Indic names need them); and the line and paragraph separators.
    return first_code_point(text, [](char32_t c) {
        const bool joiner = c == 0x200C || c == 0x200D;
        const bool full_width = (c >= 0xFF01 && c <= 0xFF5E) || c == 0x3000;
        return !joiner && !full_width && (invisible_or_lookalike(c) || c == 0x2028 || c == 0x2029);
    });
}

std::string code_point_name(char32_t c) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
    return buffer;
}

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    char buffer[16];
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
        } else if (const CodePoint cp = c >= 0xC0 ? code_point_at(text, i) : CodePoint{};
                   (cp.length == 2 || cp.length == 3) && reorders_a_line(cp.value)) {
            std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(cp.value));
            out += buffer;
            i += cp.length - 1;
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

std::string terminal_line(std::string_view text) { return one_line(terminal_safe(text)); }

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
