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
// An instant with the fraction of a second a reading carried (coding-rules.md 2 [ed. 2]: the union is
// measured on exact instants and truncated to whole minutes once).
using PreciseInstant = std::chrono::sys_time<std::chrono::nanoseconds>;

struct WallTime {
    LocalSeconds local{};
    std::optional<std::chrono::minutes> utc_offset;  // set: the reading is an instant
    std::chrono::nanoseconds fraction{0};            // the sub-second part of the reading, [0, 1 s)

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

// An IANA zone looked up once (tzdata search is not free): resolve many readings with it.
class Zone {
public:
    Zone() = default;
    [[nodiscard]] static Zone find(std::string_view zone_name);
    [[nodiscard]] bool known() const { return m_zone != nullptr; }
    // The zone's IANA name as tzdata spells it ("" when unknown).
    [[nodiscard]] std::string_view name() const;

private:
    friend ResolvedTime resolve(const WallTime& time, Zone zone);
    friend std::optional<WallTime> wall_time_at(Instant instant, Zone zone);
    const void* m_zone = nullptr;  // a date::time_zone (kept out of this header)
};

// The years a documented time may fall in. Times are measured on nanosecond instants (PreciseInstant),
// which hold the years 1677 to 2262 only, so a reading outside these years (a mistyped "4052") is
// refused where it is read and reported where it is placed, never overflowed.
inline constexpr int earliest_supported_year = 1900;
inline constexpr int latest_supported_year = 2199;
[[nodiscard]] bool in_supported_years(const WallTime& time);
[[nodiscard]] bool in_supported_years(std::chrono::year_month_day date);

// Places a wall time on the UTC line using the IANA zone `zone_name` (e.g. "America/New_York").
[[nodiscard]] ResolvedTime resolve(const WallTime& time, std::string_view zone_name);
[[nodiscard]] ResolvedTime resolve(const WallTime& time, Zone zone);
// The exact instant of a resolved reading: its whole-second instant plus the reading's fraction.
[[nodiscard]] inline PreciseInstant precise(Instant instant, const WallTime& time) {
    return PreciseInstant{instant} + time.fraction;
}
// The local calendar date of `instant` in `zone` (the date of service is a local date, [ed. 2]).
[[nodiscard]] std::optional<std::chrono::year_month_day> local_date_at(Instant instant, Zone zone);

// The wall time of `instant` in `zone_name`, carrying its UTC offset (so it is never ambiguous):
// what a "now" button records. Empty for an unknown zone.
[[nodiscard]] std::optional<WallTime> wall_time_at(Instant instant, std::string_view zone_name);
[[nodiscard]] std::optional<WallTime> wall_time_at(Instant instant, Zone zone);

// True when the IANA zone name is known to the system's tzdata.
[[nodiscard]] bool is_known_zone(std::string_view zone_name);

// "2026-03-02 09:10" (local reading, minutes) and "2026-03-02T09:10:00-05:00" forms; format_iso
// writes a fraction of a second only when the reading has one ("09:10:00.6"), so whole-second
// readings keep their form.
[[nodiscard]] std::string format_local(const WallTime& time);
[[nodiscard]] std::string format_iso(const WallTime& time);
[[nodiscard]] std::string format_offset(std::chrono::minutes offset);  // "-05:00"
// Reads format_iso()'s form back: "YYYY-MM-DDTHH:MM:SS", an optional ".fraction" (up to 9 digits),
// then an optional "+HH:MM", "-HH:MM" (hours 00-23, minutes 00-59) or "Z".
[[nodiscard]] std::optional<WallTime> parse_iso(std::string_view text);

// Calendar dates as "YYYY-MM-DD".
[[nodiscard]] std::string format_date(std::chrono::year_month_day date);
[[nodiscard]] std::optional<std::chrono::year_month_day> parse_date(std::string_view text);
// An instant as "YYYY-MM-DDTHH:MM:SSZ".
[[nodiscard]] std::string format_utc(Instant instant);

}  // namespace infusion::core
