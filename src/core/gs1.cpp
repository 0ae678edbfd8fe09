// GS1 element strings. Sections: 1. characters and positions  2. fields  3. the two forms  4. NDC
#include "core/gs1.hpp"

#include <algorithm>
#include <array>

namespace infusion::core {
namespace {

// ---- 1. characters and positions ---------------------------------------------------------------
constexpr char group_separator = '\x1d';
constexpr std::string_view gs_picture = "\xe2\x90\x9d";  // U+241D SYMBOL FOR GROUP SEPARATOR
constexpr std::size_t max_variable = 20;                 // AIs 10 and 21: X..20

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// GS1 AI encodable character set 82 (General Specifications figure 7.11-1): what a lot or serial may
// hold. Anything else is a misread or a keyboard-layout problem, never a lot number.
bool is_cset82(char c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c)) return true;
    return std::string_view("!\"%&'()*+,-./:;<=>?_").find(c) != std::string_view::npos;
}

// 1-based character (not byte) position of byte `offset`, for messages a person counts along.
std::size_t char_pos(std::string_view text, std::size_t offset) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++n;
    }
    return n + 1;
}

std::string shown(char c) {
    if (c == group_separator) return "GS";
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20U || u >= 0x7FU) {
        static constexpr std::array<char, 16> hex{'0', '1', '2', '3', '4', '5', '6', '7',
                                                  '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
        return std::string("byte 0x") + hex[u >> 4U] + hex[u & 0xFU];
    }
    return std::string("'") + c + "'";
}

class Reader {
public:
    Reader(std::string_view text, std::string_view substitute) : m_text(text), m_substitute(substitute) {}

    [[nodiscard]] bool at_end() const { return m_at >= m_text.size(); }
    [[nodiscard]] std::size_t offset() const { return m_at; }
    [[nodiscard]] char peek() const { return m_text[m_at]; }
    void advance(std::size_t n = 1) { m_at += n; }
    // Length of the separator at the current place, 0 when there is none.
    [[nodiscard]] std::size_t separator() const {
        const auto rest = m_text.substr(m_at);
        if (!rest.empty() && rest.front() == group_separator) return 1;
        if (rest.starts_with(gs_picture)) return gs_picture.size();
        if (!m_substitute.empty() && rest.starts_with(m_substitute)) return m_substitute.size();
        return 0;
    }
    [[nodiscard]] Error error(std::size_t offset, const std::string& what) const {
        Error e;
        const auto pos = char_pos(m_text, offset);
        e.message = "scan: character " + std::to_string(pos) + ": " + what;
        e.pos = SourcePos{1, static_cast<int>(pos)};
        return e;
    }

private:
    std::string_view m_text;
    std::string_view m_substitute;
    std::size_t m_at = 0;
};

// ---- 2. fields -----------------------------------------------------------------------------------
struct Field {
    const char* ai;
    const char* name;
    std::size_t fixed;  // 0: variable, up to max_variable
};
constexpr std::array<Field, 4> known_fields{
    {{"01", "GTIN", 14}, {"17", "expiry date", 6}, {"10", "lot", 0}, {"21", "serial number", 0}}};

const Field* find_field(std::string_view ai) {
    for (const auto& f : known_fields) {
        if (ai == f.ai) return &f;
    }
    return nullptr;
}

int two_digits(std::string_view s, std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

// Stores one field's value; the value's own checks (digits, check digit, date) say where they failed.
std::optional<Error> store(VialScan& out, const Field& field, std::string_view value, std::size_t value_offset,
                           const Reader& in, std::array<bool, 4>& seen) {
    const auto index = static_cast<std::size_t>(&field - known_fields.data());
    if (seen[index]) {
        return in.error(value_offset, std::string("(") + field.ai + ") " + field.name + " appears twice");
    }
    seen[index] = true;
    if (field.fixed != 0) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (!is_digit(value[i])) {
                return in.error(value_offset + i, std::string("(") + field.ai + ") " + field.name + " takes " +
                                                      std::to_string(field.fixed) + " digits; found " +
                                                      shown(value[i]));
            }
        }
        if (value.size() != field.fixed) {
            return in.error(value_offset, std::string("(") + field.ai + ") " + field.name + " takes " +
                                              std::to_string(field.fixed) + " digits; found " +
                                              std::to_string(value.size()));
        }
    } else {
        if (value.empty()) {
            return in.error(value_offset, std::string("(") + field.ai + ") " + field.name + " is empty");
        }
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (!is_cset82(value[i])) {
                return in.error(value_offset + i, std::string("(") + field.ai + ") " + field.name + ": " +
                                                      shown(value[i]) + " is not a character GS1 allows");
            }
        }
        if (value.size() > max_variable) {
            return in.error(value_offset, std::string("(") + field.ai + ") " + field.name + " is " +
                                              std::to_string(value.size()) +
                                              " characters long, at most 20 are allowed (is a GS separator "
                                              "missing after it?)");
        }
    }
    const std::string text(value);
    if (std::string_view(field.ai) == "01") {
        if (!gtin_check_digit_ok(text)) {
            return in.error(value_offset + 13, "(01) GTIN " + text + ": check digit is " + text.substr(13) +
                                                   ", expected " + gs1_check_digit(text.substr(0, 13)) +
                                                   " (a misread or mistyped number)");
        }
        out.gtin = text;
    } else if (std::string_view(field.ai) == "17") {
        const int yy = two_digits(text, 0), mm = two_digits(text, 2), dd = two_digits(text, 4);
        if (mm < 1 || mm > 12) return in.error(value_offset + 2, "(17) expiry " + text + ": month must be 01-12");
        // Years are read as 20YY: a vial expiring before 2000 or after 2099 is not at a chair today.
        const std::chrono::year_month ym{std::chrono::year{2000 + yy}, std::chrono::month{static_cast<unsigned>(mm)}};
        std::chrono::year_month_day date{ym / std::chrono::last};  // day 00: the end of the month
        if (dd != 0) {
            date = ym / std::chrono::day{static_cast<unsigned>(dd)};
            if (!date.ok()) return in.error(value_offset + 4, "(17) expiry " + text + ": no such day in that month");
        }
        out.expiry = date;
    } else if (std::string_view(field.ai) == "10") {
        out.lot = text;
    } else {
        out.serial = text;
    }
    return std::nullopt;
}

// ---- 3. the two forms ----------------------------------------------------------------------------
// Raw: AI, value; a fixed-length value ends by its length, a variable one at a separator or the end.
std::optional<Error> read_raw(Reader& in, VialScan& out, std::array<bool, 4>& seen) {
    while (!in.at_end()) {
        if (const auto sep = in.separator(); sep != 0) {  // a separator after a fixed field is harmless
            in.advance(sep);
            continue;
        }
        const auto ai_offset = in.offset();
        std::string ai;
        while (ai.size() < 2 && !in.at_end() && in.separator() == 0) {
            if (!is_digit(in.peek())) {
                return in.error(in.offset(),
                                "expected an application identifier (two digits), found " + shown(in.peek()));
            }
            ai += in.peek();
            in.advance();
        }
        if (ai.size() < 2) return in.error(ai_offset, "the scan ends inside an application identifier");
        const Field* field = find_field(ai);
        if (field == nullptr) {
            return in.error(ai_offset, "application identifier (" + ai +
                                           ") is not read here (only 01 GTIN, 17 expiry, 10 lot, 21 serial)");
        }
        const auto value_offset = in.offset();
        std::string value;
        if (field->fixed != 0) {
            while (value.size() < field->fixed && !in.at_end() && in.separator() == 0) {
                value += in.peek();
                in.advance();
            }
        } else {
            while (!in.at_end() && in.separator() == 0) {
                value += in.peek();
                in.advance();
            }
        }
        if (auto e = store(out, *field, value, value_offset, in, seen)) return e;
    }
    return std::nullopt;
}

// Human-readable: "(AI)value" repeated; a value runs to the next "(" or the end.
std::optional<Error> read_bracketed(Reader& in, VialScan& out, std::array<bool, 4>& seen) {
    while (!in.at_end()) {
        if (const auto sep = in.separator(); sep != 0) {
            in.advance(sep);
            continue;
        }
        if (in.peek() != '(')
            return in.error(in.offset(), "expected '(' before an application identifier, found " + shown(in.peek()));
        in.advance();
        const auto ai_offset = in.offset();
        std::string ai;
        while (!in.at_end() && in.peek() != ')') {
            ai += in.peek();
            in.advance();
        }
        if (in.at_end()) return in.error(ai_offset, "'(' without its ')'");
        in.advance();  // ')'
        const Field* field = find_field(ai);
        if (field == nullptr) {
            return in.error(ai_offset, "application identifier (" + ai +
                                           ") is not read here (only 01 GTIN, 17 expiry, 10 lot, 21 serial)");
        }
        const auto value_offset = in.offset();
        std::string value;
        while (!in.at_end() && in.peek() != '(' && in.separator() == 0) {
            value += in.peek();
            in.advance();
        }
        if (auto e = store(out, *field, value, value_offset, in, seen)) return e;
    }
    return std::nullopt;
}

}  // namespace

Result<VialScan> parse_gs1(std::string_view text, std::string_view gs_substitute) {
    // A wedge scanner ends with Enter; some add spaces. Neither is part of the data.
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
    Reader in(text, gs_substitute);
    if (text.find_first_not_of(' ') == std::string_view::npos) return in.error(0, "nothing was scanned");
    while (!in.at_end() && in.peek() == ' ') in.advance();
    // AIM symbology identifiers (ISO/IEC 15424) of the GS1 forms: a ]d1 is plain Data Matrix, not GS1.
    if (!in.at_end() && in.peek() == ']') {
        const auto id = text.substr(in.offset(), 3);
        if (id != "]d2" && id != "]C1" && id != "]Q3" && id != "]e0") {
            return in.error(in.offset(), "symbology identifier '" + std::string(id) +
                                             "' is not a GS1 barcode (expected ]d2, ]C1, ]Q3 or ]e0)");
        }
        in.advance(3);
    }
    VialScan out;
    std::array<bool, 4> seen{};
    const bool bracketed = !in.at_end() && in.peek() == '(';
    if (auto e = bracketed ? read_bracketed(in, out, seen) : read_raw(in, out, seen)) return *e;
    if (out.gtin.empty()) return in.error(0, "no (01) GTIN in the scan: this is not a product barcode");
    return out;
}

char gs1_check_digit(std::string_view digits) {
    int sum = 0;
    int weight = 3;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        sum += (*it - '0') * weight;
        weight = weight == 3 ? 1 : 3;
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

bool gtin_check_digit_ok(std::string_view gtin14) {
    if (gtin14.size() != 14) return false;
    for (char c : gtin14) {
        if (!is_digit(c)) return false;
    }
    return gs1_check_digit(gtin14.substr(0, 13)) == gtin14[13];
}

// ---- 4. NDC --------------------------------------------------------------------------------------
std::optional<std::string> ndc10_from_gtin(std::string_view gtin14) {
    if (!gtin_check_digit_ok(gtin14) || gtin14.substr(1, 2) != "03") return std::nullopt;
    return std::string(gtin14.substr(3, 10));
}

std::vector<Ndc10Layout> ndc10_forms(std::string_view ndc11) {
    std::string digits;
    for (char c : ndc11) {
        if (is_digit(c)) digits += c;
    }
    std::vector<Ndc10Layout> out;
    if (digits.size() != 11) return out;
    // The padding zero sits first in the labeller (4-4-2), first in the product (5-3-2) or first in
    // the package code (5-4-1); removing it gives the 10 digits on the label and inside the GTIN.
    if (digits[0] == '0') out.push_back({digits.substr(1), "4-4-2"});
    if (digits[5] == '0') out.push_back({digits.substr(0, 5) + digits.substr(6), "5-3-2"});
    if (digits[9] == '0') out.push_back({digits.substr(0, 9) + digits.substr(10), "5-4-1"});
    return out;
}

bool looks_like_gs1_scan(std::string_view text) {
    for (const std::string_view id : {"]d2", "]C1", "]Q3", "]e0", "(01)"}) {
        if (text.substr(0, id.size()) == id) return true;
    }
    if (text.find('\x1d') != std::string_view::npos || text.find("\xE2\x90\x9D") != std::string_view::npos) return true;
    if (text.size() < 18 || text.substr(0, 2) != "01") return false;
    return std::all_of(text.begin() + 2, text.begin() + 16, [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace infusion::core
