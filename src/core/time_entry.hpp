#pragma once
// What a nurse types into a time field, read for the visit's day (docs/visit-screen.md, "Times"):
// "9:40", "09:40", "0940", "2026-03-02 09:40" (or with a 'T'), and "now". Pure: the caller supplies the
// visit's day, and places the local reading in the visit's zone with resolve().
#include "core/result.hpp"
#include "core/wall_time.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace infusion::core {

enum class TimeEntryKind { empty, now, reading };

struct TimeEntry {
    TimeEntryKind kind = TimeEntryKind::empty;
    WallTime reading;         // kind == reading: a local reading (no UTC offset), to the minute
    bool date_typed = false;  // a date was written; without one the reading is on the given day
};

// Reads `text` (surrounding spaces ignored, "now" in any case). A time alone is on `day`. An entry that
// is not a time is an error whose message says why and how to write it ("25:10: the hour must be
// 0 to 23"); it never guesses.
[[nodiscard]] Result<TimeEntry> read_time_entry(std::string_view text, std::chrono::year_month_day day);

// True when `documented` is later than `now` by more than `skew`: a stop, start or note that has not
// happened yet, which the screen refuses at entry. `skew` is how far a documented time may run ahead of
// this computer's clock (two clocks never agree to the second): the clinic's
// CodingRules::clock_skew_seconds, the allowance signing checks with too (coding-rules.md 7a [ed. 2]),
// so a time the screen takes is never one signing refuses.
[[nodiscard]] bool later_than_now(Instant documented, Instant now, std::chrono::seconds skew);

// The zone's abbreviation at `instant` ("EST", "CEST"), or its UTC offset ("UTC-05:00") where tzdata has
// only a numeric one; empty for an unknown zone. Shown beside every time, so no time is read in the
// wrong zone.
[[nodiscard]] std::string zone_label(Instant instant, std::string_view zone_name);

// An instant as a clinic reading with its zone: "2026-03-02 09:10 EST" (stamps: signed, noted, countersigned).
[[nodiscard]] std::string format_stamp(Instant instant, std::string_view zone_name);
// The same for a stamp stored as UTC text ("2026-03-02T16:02:40Z"); text that does not read as one is
// returned unchanged (never hidden).
[[nodiscard]] std::string format_stamp(std::string_view utc_text, std::string_view zone_name);

}  // namespace infusion::core
