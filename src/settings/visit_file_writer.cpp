// write_visit(): a visit as a format-1 file, keys in the documented order so people can read it.
// Written by hand (not through toml++'s serializer, which sorts keys) and read back in the tests.
#include "settings/visit_file.hpp"

#include <cstdio>
#include <iomanip>
#include <sstream>

namespace infusion::settings {
namespace {

// A character written escaped although TOML allows it raw, with the length of its UTF-8 sequence at `at`; {0, 0}
// for any other. The C1 controls (U+0080..U+009F: U+0085 breaks a line in some editors), the characters that break
// or reorder a line (U+061C, U+200E, U+200F, U+2028..U+202E, U+2066..U+2069) and the byte-order mark U+FEFF: written
// raw, a file or `visits show --format toml` on a terminal broke a line or showed the rest of it reversed (found from
// outside; core::terminal_safe escapes the same in text for people). TOML reads "\u2028" back as the character.
struct Escaped {
    char32_t c = 0;
    std::size_t length = 0;
};

Escaped escaped_at(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[at + k]); };
    const std::size_t left = text.size() - at;
    if (left >= 2 && byte(0) == 0xC2 && byte(1) >= 0x80 && byte(1) <= 0x9F) return {byte(1), 2};  // C1
    if (left >= 2 && byte(0) == 0xD8 && byte(1) == 0x9C) return {0x061C, 2};
    if (left < 3 || (byte(2) & 0xC0U) != 0x80U) return {};
    if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return {0xFEFF, 3};
    if (byte(0) != 0xE2 || (byte(1) != 0x80 && byte(1) != 0x81)) return {};
    const char32_t c = 0x2000U + ((byte(1) & 0x3FU) << 6U) + (byte(2) & 0x3FU);
    const bool reorders = c == 0x200E || c == 0x200F || (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    return reorders ? Escaped{c, 3} : Escaped{};
}

std::string toml_string(std::string_view text) {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto u = static_cast<unsigned char>(c);
        if (const Escaped e = escaped_at(text, i); e.length != 0) {
            char buffer[16];
            std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned>(e.c));
            out += buffer;
            i += e.length - 1;
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (u < 0x20 || u == 0x7F) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned>(u));
                    out += buffer;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string number(double value) {
    std::ostringstream out;
    out << std::setprecision(17) << value;
    std::string s = out.str();
    // TOML floats need a dot or an exponent; keep 8 -> 8.0 so it reads back as a float.
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

std::string date(const std::chrono::year_month_day& d) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return buffer;
}

class Writer {
public:
    void line(const std::string& key, const std::string& value, int indent = 0) {
        m_out << std::string(static_cast<std::size_t>(indent), ' ') << key << " = " << value << "\n";
    }
    void text(const std::string& key, const std::string& value, int indent = 0) {
        if (!value.empty()) line(key, toml_string(value), indent);
    }
    void time(const std::string& key, const std::optional<core::WallTime>& value, int indent = 0) {
        if (value) line(key, core::format_iso(*value), indent);
    }
    void flag(const std::string& key, const std::optional<bool>& value, int indent = 0) {
        if (value) line(key, *value ? "true" : "false", indent);
    }
    void raw(const std::string& text) { m_out << text; }
    [[nodiscard]] std::string str() const { return m_out.str(); }

private:
    std::ostringstream m_out;
};

}  // namespace

std::string write_visit(const core::Visit& v) {
    Writer w;
    w.line("format", toml_string(visit_format_1));
    w.raw("\n[patient]\n");
    w.line("id", toml_string(v.patient.id));
    w.text("name", v.patient.name);
    if (v.patient.birth_date) w.line("birth_date", date(*v.patient.birth_date));
    w.text("allergies", v.patient.allergies);

    w.raw("\n[visit]\n");
    w.line("clinician", toml_string(v.clinician));
    if (v.setting) w.line("setting", toml_string(core::to_string(*v.setting)));
    w.text("time_zone", v.time_zone);
    std::string diagnoses = "[";
    for (std::size_t i = 0; i < v.diagnoses.size(); ++i) diagnoses += (i ? ", " : "") + toml_string(v.diagnoses[i]);
    w.line("diagnoses", diagnoses + "]");

    for (const auto& s : v.substances) {
        w.raw("\n[[substances]]\n");
        w.line("name", toml_string(s.name));
        if (s.dose) w.line("dose", number(*s.dose));
        if (s.unit) w.line("unit", toml_string(core::to_string(*s.unit)));
        w.text("ndc", s.ndc);
        w.text("lot", s.lot);
        if (s.wasted) w.line("wasted", number(*s.wasted));
        for (const auto& vial : s.vials) {
            w.raw("\n  [[substances.vials]]\n");
            w.text("gtin", vial.gtin, 2);
            w.text("lot", vial.lot, 2);
            if (vial.expiry) w.line("expiry", date(*vial.expiry), 2);
            w.text("serial", vial.serial, 2);
        }
    }
    for (const auto& p : v.pump_setups) {
        w.raw("\n[[pump_setups]]\n");
        w.text("pump", p.pump);
        w.time("set_up_at", p.set_up_at);
        w.time("start", p.start);
        w.time("stop", p.stop);
        for (const auto& site : p.sites) {
            w.raw("\n  [[pump_setups.sites]]\n");
            w.text("location", site.location, 2);
            w.text("needle", site.needle, 2);
            w.flag("prepped", site.prepped, 2);
            if (site.aspiration) w.line("aspiration", toml_string(core::to_string(*site.aspiration)), 2);
            w.flag("secured", site.secured, 2);
        }
        for (const auto& pause : p.pauses) {
            w.raw("\n  [[pump_setups.pauses]]\n");
            w.time("start", pause.start, 2);
            w.time("stop", pause.stop, 2);
            w.text("reason", pause.reason, 2);
        }
    }
    for (const auto& n : v.notes) {
        w.raw("\n[[notes]]\n");
        w.time("at", n.at);
        if (n.kind != core::NoteKind::general) w.line("kind", toml_string(core::to_string(n.kind)));
        w.line("text", toml_string(n.text));
    }
    return w.str();
}

}  // namespace infusion::settings
