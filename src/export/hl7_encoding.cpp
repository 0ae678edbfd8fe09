#include "export/hl7_encoding.hpp"

#include "export/charge_fields.hpp"
#include "export/export_error.hpp"

namespace infusion::exporting::hl7 {
namespace {

std::string padded(long long value, std::size_t width) {
    std::string text = integer_text(value);
    if (text.size() < width) text.insert(0, width - text.size(), '0');
    return text;
}

std::string digits(core::LocalSeconds time) {
    const auto day = std::chrono::floor<std::chrono::days>(time);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss clock{time - day};
    return date(ymd) + padded(clock.hours().count(), 2) + padded(clock.minutes().count(), 2) +
           padded(clock.seconds().count(), 2);
}

std::string offset_text(std::chrono::minutes offset) {
    const long long total = offset.count();
    const long long magnitude = total < 0 ? -total : total;
    return (total < 0 ? "-" : "+") + padded(magnitude / 60, 2) + padded(magnitude % 60, 2);
}

}  // namespace

std::string escape(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '|': out += "\\F\\"; break;
            case '^': out += "\\S\\"; break;
            case '~': out += "\\R\\"; break;
            case '\\': out += "\\E\\"; break;
            case '&': out += "\\T\\"; break;
            default: {
                const auto byte = static_cast<unsigned char>(c);
                if (byte < 0x20 || byte == 0x7F) {
                    out += "\\X";
                    out += hex[byte >> 4U];
                    out += hex[byte & 0x0FU];
                    out += '\\';
                } else {
                    out += c;
                }
            }
        }
    }
    return out;
}

std::string timestamp(const core::WallTime& time) {
    std::string text = digits(time.local);
    if (time.utc_offset) text += offset_text(*time.utc_offset);
    return text;
}

std::string utc_timestamp(std::string_view iso, std::string_view what) {
    const auto parsed = core::parse_iso(iso);
    if (!parsed) throw ExportError(std::string(what) + " \"" + std::string(iso) + "\" is not an ISO 8601 date-time");
    // Local reading minus its offset is the UTC reading.
    const auto utc = parsed->local - parsed->utc_offset.value_or(std::chrono::minutes{0});
    return digits(utc) + "+0000";
}

std::string date(std::chrono::year_month_day day) {
    return padded(static_cast<int>(day.year()), 4) + padded(static_cast<unsigned>(day.month()), 2) +
           padded(static_cast<unsigned>(day.day()), 2);
}

Segment& Segment::set(int field, std::string value) {
    m_fields[field] = std::move(value);
    return *this;
}

std::string Segment::text() const {
    int last = 0;
    for (const auto& [number, value] : m_fields)
        if (!value.empty()) last = number;
    std::string out = m_id;
    // MSH-1 is the field separator itself, written by the '|' after "MSH".
    for (int number = m_id == "MSH" ? 2 : 1; number <= last; ++number) {
        out += '|';
        if (const auto found = m_fields.find(number); found != m_fields.end()) out += found->second;
    }
    out += '\r';
    return out;
}

}  // namespace infusion::exporting::hl7
