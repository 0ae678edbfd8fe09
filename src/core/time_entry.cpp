#include "core/time_entry.hpp"

#include <date/tz.h>

#include <cctype>
#include <cstdio>

namespace infusion::core {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.remove_suffix(1);
    return text;
}

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
    }
    return true;
}

int number(std::string_view digits) {
    int n = 0;
    for (char c : digits) n = n * 10 + (c - '0');
    return n;
}

// How to write a time, with the visit's own day in the example (a fixed date there read as a date to type).
Error unreadable(std::string_view text, std::chrono::year_month_day day) {
    return Error{
        "\"" + std::string(text) + "\" is not a time: write 09:40, 9:40, 0940, " + format_date(day) + " 09:40 or now",
        {},
        {}};
}

// "HH:MM", "H:MM", "HHMM" -> hours and minutes, checked.
Result<std::chrono::minutes> clock_reading(std::string_view text, std::string_view whole,
                                           std::chrono::year_month_day day) {
    std::string_view h;
    std::string_view m;
    if (const auto colon = text.find(':'); colon != std::string_view::npos) {
        h = text.substr(0, colon);
        m = text.substr(colon + 1);
    } else if (text.size() == 4) {
        h = text.substr(0, 2);
        m = text.substr(2);
    } else {
        return unreadable(whole, day);
    }
    if (h.empty() || h.size() > 2 || m.size() != 2 || !all_digits(h) || !all_digits(m)) return unreadable(whole, day);
    const int hours = number(h);
    const int minutes = number(m);
    if (hours > 23) return Error{std::string(whole) + ": the hour must be 0 to 23", {}, {}};
    if (minutes > 59) return Error{std::string(whole) + ": the minutes must be 00 to 59", {}, {}};
    return std::chrono::minutes{hours * 60 + minutes};
}

}  // namespace

Result<TimeEntry> read_time_entry(std::string_view raw, std::chrono::year_month_day day) {
    const std::string_view text = trim(raw);
    TimeEntry entry;
    if (text.empty()) return entry;
    if (text.size() == 3 && std::tolower(static_cast<unsigned char>(text[0])) == 'n' &&
        std::tolower(static_cast<unsigned char>(text[1])) == 'o' &&
        std::tolower(static_cast<unsigned char>(text[2])) == 'w') {
        entry.kind = TimeEntryKind::now;
        return entry;
    }
    std::chrono::year_month_day date = day;
    std::string_view clock = text;
    // A date first: "YYYY-MM-DD HH:MM" or "YYYY-MM-DDTHH:MM[:SS]".
    if (text.size() > 10 && (text[10] == ' ' || text[10] == 'T')) {
        const auto read_date = parse_date(text.substr(0, 10));
        if (!read_date) {
            return Error{"\"" + std::string(text.substr(0, 10)) + "\" is not a date: write it as YYYY-MM-DD", {}, {}};
        }
        date = *read_date;
        entry.date_typed = true;
        clock = trim(text.substr(11));
        if (clock.size() == 8 && clock[5] == ':' && all_digits(clock.substr(6))) {
            if (clock.substr(6) != "00") return Error{std::string(text) + ": give the time to the minute", {}, {}};
            clock = clock.substr(0, 5);
        }
    }
    if (!date.ok()) return unreadable(text, day);
    if (!in_supported_years(date)) {
        return Error{std::string(text) + ": the year must be " + std::to_string(earliest_supported_year) + " to " +
                         std::to_string(latest_supported_year),
                     {},
                     {}};
    }
    auto minutes = clock_reading(clock, text, day);
    if (!minutes) return minutes.error();
    entry.kind = TimeEntryKind::reading;
    entry.reading.local = LocalSeconds{std::chrono::local_days{date}.time_since_epoch()} + minutes.value();
    return entry;
}

bool later_than_now(Instant documented, Instant now, std::chrono::seconds skew) { return documented > now + skew; }

std::string zone_label(Instant instant, std::string_view zone_name) {
    const date::time_zone* zone = nullptr;
    try {
        zone = date::locate_zone(zone_name);
    } catch (const std::exception&) {
        return {};  // unknown zone: date throws; the caller shows the time without a label
    }
    const date::sys_info info = zone->get_info(date::sys_seconds{instant.time_since_epoch()});
    // tzdata writes "+03" where a zone has no letters: the offset says more.
    if (!info.abbrev.empty() && std::isalpha(static_cast<unsigned char>(info.abbrev.front())) != 0) {
        return info.abbrev;
    }
    return "UTC" + format_offset(std::chrono::duration_cast<std::chrono::minutes>(info.offset));
}

std::string format_stamp(Instant instant, std::string_view zone_name) {
    const auto local = wall_time_at(instant, zone_name);
    if (!local) return format_utc(instant);
    return format_local(*local) + " " + zone_label(instant, zone_name);
}

std::string format_stamp(std::string_view utc_text, std::string_view zone_name) {
    const auto read = parse_iso(utc_text);
    if (!read || !read->utc_offset) return std::string(utc_text);
    const ResolvedTime placed = resolve(*read, "UTC");
    if (placed.status != TimeResolution::ok) return std::string(utc_text);
    return format_stamp(placed.instant, zone_name);
}

}  // namespace infusion::core
