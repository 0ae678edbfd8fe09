#pragma once
// A documented time: the wall-clock reading a nurse wrote, with the UTC offset when it was given.
//
// A TOML offset date-time is an instant; a local date-time is read in the visit's time zone. A local
// time in a spring-forward gap or a fall-back repeated hour cannot be placed and is never guessed
// (coding-rules.md section 2): resolve() says which, so the caller can ask the nurse.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace infusion::core {

using LocalSeconds = std::chrono::time_point<std::chrono::local_t, std::chrono::seconds>;
using Instant = std::chrono::sys_seconds;

struct WallTime {
    LocalSeconds local{};
    std::optional<std::chrono::minutes> utc_offset;  // set: the reading is an instant

    bool operator==(const WallTime&) const = default;
};

enum class TimeResolution { ok, nonexistent, ambiguous, unknown_zone };

struct ResolvedTime {
    TimeResolution status = TimeResolution::ok;
    Instant instant{};                           // valid when status == ok
    std::optional<std::chrono::minutes> offset;  // offset used, when ok
    // For an ambiguous reading, the two instants it may mean (earlier, later); for a gap, the
    // instants just before and after the gap. Lets a UI offer the choice.
    Instant first{};
    Instant second{};
};

// Places a wall time on the UTC line using the IANA zone `zone_name` (e.g. "America/New_York").
[[nodiscard]] ResolvedTime resolve(const WallTime& time, std::string_view zone_name);

// The wall time of `instant` in `zone_name`, carrying its UTC offset (so it is never ambiguous):
// what a "now" button records. Empty for an unknown zone.
[[nodiscard]] std::optional<WallTime> wall_time_at(Instant instant, std::string_view zone_name);

// True when the IANA zone name is known to the system's tzdata.
[[nodiscard]] bool is_known_zone(std::string_view zone_name);

// "2026-03-02 09:10" (local reading, minutes) and "2026-03-02T09:10:00-05:00" forms.
[[nodiscard]] std::string format_local(const WallTime& time);
[[nodiscard]] std::string format_iso(const WallTime& time);
[[nodiscard]] std::string format_offset(std::chrono::minutes offset);  // "-05:00"
// Reads format_iso()'s form back: "YYYY-MM-DDTHH:MM:SS" with an optional "+HH:MM", "-HH:MM" or "Z".
[[nodiscard]] std::optional<WallTime> parse_iso(std::string_view text);

// Calendar dates as "YYYY-MM-DD".
[[nodiscard]] std::string format_date(std::chrono::year_month_day date);
[[nodiscard]] std::optional<std::chrono::year_month_day> parse_date(std::string_view text);
// An instant as "YYYY-MM-DDTHH:MM:SSZ".
[[nodiscard]] std::string format_utc(Instant instant);

}  // namespace infusion::core
