// Fuzz target: the time parsers (core/time_entry, core/wall_time). What a nurse types into a time field
// and the ISO 8601 and date texts of visit files and exports. Properties: nothing crashes; whatever
// reads as a time writes back (format_local, format_iso, format_date) to text that reads as the same
// time; a local reading placed in a zone (resolve) maps back to the same wall-clock reading.
#include "core/time_entry.hpp"
#include "core/wall_time.hpp"
#include "fuzz_input.hpp"

#include <array>

using namespace infusion;

namespace {

// Zones with DST gaps and overlaps, a half-hour offset, a 30-minute DST shift (Lord Howe) and none.
constexpr std::array<const char*, 6> zone_names{"America/New_York", "Europe/Berlin",   "Australia/Lord_Howe",
                                                "Asia/Kolkata",     "Pacific/Chatham", "UTC"};

const core::Zone& zone(std::size_t index) {
    static const std::array<core::Zone, zone_names.size()> zones = [] {
        std::array<core::Zone, zone_names.size()> out;
        for (std::size_t i = 0; i < zone_names.size(); ++i) out[i] = core::Zone::find(zone_names[i]);
        return out;
    }();
    return zones[index];
}

void check_placed(const core::WallTime& reading, std::size_t zone_index, const std::string& text) {
    const core::ResolvedTime placed = core::resolve(reading, zone(zone_index));
    const auto back = [&](core::Instant instant) {
        const auto wall = core::wall_time_at(instant, zone(zone_index));
        fuzz::require(wall.has_value(), "wall_time_at refused a known zone", zone_names[zone_index]);
        return wall->local;
    };
    switch (placed.status) {
        case core::TimeResolution::ok:
            fuzz::require(back(placed.instant) == reading.local, "resolve() then wall_time_at() moved the reading",
                          text);
            break;
        case core::TimeResolution::ambiguous:
            fuzz::require(placed.first < placed.second, "an ambiguous reading's instants are not in order", text);
            fuzz::require(back(placed.first) == reading.local && back(placed.second) == reading.local,
                          "an ambiguous reading's instants do not both show the reading", text);
            break;
        case core::TimeResolution::nonexistent:
            fuzz::require(placed.first <= placed.second, "a gap's bounds are not in order", text);
            break;
        case core::TimeResolution::unknown_zone: fuzz::fail("a known zone was unknown", zone_names[zone_index]);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::Input input(data, size);
    const std::size_t zone_index = input.pick(zone_names.size());
    const std::string text(input.rest());
    const std::chrono::year_month_day day{std::chrono::year{2026}, std::chrono::March, std::chrono::day{8}};

    // The time field: a reading writes back (format_local) to text that reads as the same reading.
    if (const auto entry = core::read_time_entry(text, day)) {
        if (entry.value().kind == core::TimeEntryKind::reading) {
            const core::WallTime& reading = entry.value().reading;
            fuzz::require(!reading.utc_offset && reading.fraction.count() == 0,
                          "a typed time carries more than a reading", text);
            const std::string written = core::format_local(reading);
            const auto again = core::read_time_entry(written, day);
            fuzz::require(
                again.ok() && again.value().kind == core::TimeEntryKind::reading && again.value().reading == reading,
                "format_local() of a typed time does not read back", text + " -> " + written);
            check_placed(reading, zone_index, text);
        }
    } else {
        fuzz::require(!entry.error().message.empty(), "a refused time without a message", text);
    }

    // ISO 8601 as visit files, stored stamps and export lines carry it.
    if (const auto iso = core::parse_iso(text)) {
        const std::string written = core::format_iso(*iso);
        const auto again = core::parse_iso(written);
        fuzz::require(again.has_value() && *again == *iso, "format_iso() does not read back", text + " -> " + written);
        if (iso->utc_offset) {
            const core::ResolvedTime placed = core::resolve(*iso, "UTC");
            fuzz::require(placed.status == core::TimeResolution::ok, "an offset reading did not resolve", text);
            (void)core::format_stamp(text, zone_names[zone_index]);
        } else {
            check_placed(*iso, zone_index, text);
        }
    }

    if (const auto date = core::parse_date(text)) {
        const std::string written = core::format_date(*date);
        fuzz::require(written == text, "format_date() does not give the text back", text + " -> " + written);
    }
    return 0;
}
