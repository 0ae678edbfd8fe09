#pragma once
// HL7 v2 encoding pieces (v2.5.1 chapter 2): escaping data, timestamps, and a segment built by field
// number so each value lands at the position the standard gives it.
#include "core/wall_time.hpp"

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace infusion::exporting::hl7 {

// Escapes data for a field: | ^ ~ \ & as \F\ \S\ \R\ \E\ \T\ (chapter 2, special characters), and CR,
// LF and every other control character as \Xhh\ (hexadecimal data) so data can never end a segment or
// be cut by a receiver; the characters survive the trip. Other UTF-8 passes through (MSH-18).
[[nodiscard]] std::string escape(std::string_view text);

// DTM "YYYYMMDDHHMMSS", with "+HHMM"/"-HHMM" when the wall time carries its UTC offset.
[[nodiscard]] std::string timestamp(const core::WallTime& time);
// DTM in UTC, "YYYYMMDDHHMMSS+0000", from an ISO 8601 text; one without an offset is taken as UTC
// (BatchHeader::created_at is UTC by contract). Throws ExportError when it is not ISO 8601.
[[nodiscard]] std::string utc_timestamp(std::string_view iso, std::string_view what);
// DT "YYYYMMDD".
[[nodiscard]] std::string date(std::chrono::year_month_day day);

// One segment: fields set by their HL7 number, written with | between them and CR at the end; empty
// trailing fields are omitted (a receiver reads a missing field as empty). Values are written
// as given, so data must go through escape() and only our own ^ and ~ separate components/repetitions.
class Segment {
public:
    explicit Segment(std::string id) : m_id(std::move(id)) {}
    Segment& set(int field, std::string value);
    [[nodiscard]] std::string text() const;

private:
    std::string m_id;
    std::map<int, std::string> m_fields;
};

}  // namespace infusion::exporting::hl7
