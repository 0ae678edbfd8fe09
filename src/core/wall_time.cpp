#include "core/wall_time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace infusion::core {
namespace {

const date::time_zone* find_zone(std::string_view name) {
    if (name.empty()) return nullptr;
    // Files of the zone folder that are no IANA zone of their own: "localtime" and "posixrules" are each
    // machine's own zone (a visit would code differently on another workstation; found from outside), and
    // right/ zones count leap seconds. They are unknown zones here, so the visit says so.
    if (name == "localtime" || name == "posixrules" || name.starts_with("right/")) return nullptr;
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        // date throws std::runtime_error for an unknown name; an unknown zone is a value here.
        return nullptr;
    }
}

date::local_seconds to_date_local(LocalSeconds t) { return date::local_seconds{t.time_since_epoch()}; }

const date::time_zone* zone_of(const void* p) { return static_cast<const date::time_zone*>(p); }

// The offset period of this thread's last lookup. A visit's readings fall within hours of each other,
// mostly in one period, and tzdata's search for each of them (a binary search that also copies the
// period's abbreviation) was a tenth of derive()'s time. A pure cache: the same answers as tzdata.
struct Period {
    const date::time_zone* zone = nullptr;
    date::sys_seconds begin{};
    date::sys_seconds end{};
    std::chrono::seconds offset{};
};
thread_local Period last_period;

const Period& period_at(const date::time_zone* zone, date::sys_seconds instant) {
    Period& p = last_period;
    if (p.zone != zone || instant < p.begin || instant >= p.end) {
        const date::sys_info info = zone->get_info(instant);
        p = Period{zone, info.begin, info.end, info.offset};
    }
    return p;
}

// No zone's offset changes by 48 hours at once (the largest change on record is a day), so a local time
// whose instant under a period's offset lies 48 hours or more inside that period occurs exactly once.
constexpr std::chrono::hours unique_margin{48};

}  // namespace

Zone Zone::find(std::string_view zone_name) {
    Zone out;
    out.m_zone = find_zone(zone_name);
    return out;
}

std::string_view Zone::name() const { return m_zone == nullptr ? std::string_view{} : zone_of(m_zone)->name(); }

std::optional<WallTime> wall_time_at(Instant instant, std::string_view zone_name) {
    return wall_time_at(instant, Zone::find(zone_name));
}

std::optional<std::chrono::year_month_day> local_date_at(Instant instant, Zone zone) {
    const auto wall = wall_time_at(instant, zone);
    if (!wall) return std::nullopt;
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(wall->local)};
}

std::optional<WallTime> wall_time_at(Instant instant, Zone zone_ref) {
    const date::time_zone* zone = zone_of(zone_ref.m_zone);
    if (zone == nullptr) return std::nullopt;
    const Period& period = period_at(zone, date::sys_seconds{instant.time_since_epoch()});
    WallTime out;
    out.local = LocalSeconds{instant.time_since_epoch() + period.offset};
    out.utc_offset = std::chrono::duration_cast<std::chrono::minutes>(period.offset);
    return out;
}

bool in_supported_years(std::chrono::year_month_day date) {
    const int year = static_cast<int>(date.year());
    return year >= earliest_supported_year && year <= latest_supported_year;
}

bool in_supported_years(const WallTime& time) {
    return in_supported_years(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(time.local)});
}

bool is_known_zone(std::string_view zone_name) { return find_zone(zone_name) != nullptr; }

ResolvedTime resolve(const WallTime& time, std::string_view zone_name) {
    if (time.utc_offset) return resolve(time, Zone{});  // an instant needs no zone (and no tzdata search)
    return resolve(time, Zone::find(zone_name));
}

ResolvedTime resolve(const WallTime& time, Zone zone_ref) {
    ResolvedTime out;
    if (time.utc_offset) {
        // An offset reading is already an instant: local - offset.
        out.instant = Instant{time.local.time_since_epoch() - *time.utc_offset};
        out.offset = time.utc_offset;
        return out;
    }
    const date::time_zone* zone = zone_of(zone_ref.m_zone);
    if (zone == nullptr) {
        out.status = TimeResolution::unknown_zone;
        return out;
    }
    const auto local = time.local.time_since_epoch();
    if (const Period& p = last_period; p.zone == zone) {
        const date::sys_seconds at{local - p.offset};
        if (at - p.begin >= unique_margin && p.end - at > unique_margin) {
            out.instant = Instant{at.time_since_epoch()};
            out.offset = std::chrono::duration_cast<std::chrono::minutes>(p.offset);
            return out;
        }
    }
    const date::local_info info = zone->get_info(to_date_local(time.local));
    switch (info.result) {
        case date::local_info::unique:
            last_period = Period{zone, info.first.begin, info.first.end, info.first.offset};
            out.instant = Instant{local - info.first.offset};
            out.offset = std::chrono::duration_cast<std::chrono::minutes>(info.first.offset);
            return out;
        case date::local_info::ambiguous:
            out.status = TimeResolution::ambiguous;
            out.first = Instant{local - info.first.offset};
            out.second = Instant{local - info.second.offset};
            return out;
        case date::local_info::nonexistent:
        default:
            out.status = TimeResolution::nonexistent;
            out.first = info.first.end;
            out.second = info.second.begin;
            return out;
    }
}

std::string format_offset(std::chrono::minutes offset) {
    const long total = offset.count();
    const long magnitude = std::labs(total);
    return date::format("%H:%M", std::chrono::minutes{magnitude}).insert(0, total < 0 ? "-" : "+");
}

std::string format_local(const WallTime& time) {
    return date::format("%Y-%m-%d %H:%M", std::chrono::floor<std::chrono::minutes>(to_date_local(time.local)));
}

std::string format_iso(const WallTime& time) {
    std::string out = date::format("%Y-%m-%dT%H:%M:%S", to_date_local(time.local));
    if (const long long ns = time.fraction.count(); ns > 0 && ns < 1'000'000'000LL) {
        char digits[16];
        std::snprintf(digits, sizeof digits, ".%09lld", ns);
        std::string fraction = digits;
        while (fraction.back() == '0') fraction.pop_back();  // 0.600000000 -> .6
        out += fraction;
    }
    if (time.utc_offset) out += format_offset(*time.utc_offset);
    return out;
}

namespace {

std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
    if (pos + count > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

std::optional<std::chrono::year_month_day> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
    if (!y || !m || !d) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                           std::chrono::day{static_cast<unsigned>(*d)}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::optional<WallTime> parse_iso(std::string_view text) {
    if (text.size() < 19 || text[10] != 'T' || text[13] != ':' || text[16] != ':') return std::nullopt;
    const auto date = parse_date(text.substr(0, 10));
    const auto h = digits(text, 11, 2), mi = digits(text, 14, 2), se = digits(text, 17, 2);
    if (!date || !h || !mi || !se || *h > 23 || *mi > 59 || *se > 60) return std::nullopt;
    WallTime out;
    out.local = LocalSeconds{std::chrono::local_days{*date}.time_since_epoch()} + std::chrono::hours{*h} +
                std::chrono::minutes{*mi} + std::chrono::seconds{*se};
    std::string_view rest = text.substr(19);
    if (!rest.empty() && rest[0] == '.') {
        std::size_t n = 1;
        long long ns = 0;
        for (; n < rest.size() && rest[n] >= '0' && rest[n] <= '9'; ++n) {
            if (n > 9) return std::nullopt;  // finer than a nanosecond is not a reading
            ns = ns * 10 + (rest[n] - '0');
        }
        if (n == 1) return std::nullopt;
        for (std::size_t pad = n; pad <= 9; ++pad) ns *= 10;
        out.fraction = std::chrono::nanoseconds{ns};
        rest = rest.substr(n);
    }
    if (rest.empty()) return out;
    if (rest == "Z") {
        out.utc_offset = std::chrono::minutes{0};
        return out;
    }
    if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':') return std::nullopt;
    // An offset is hours and minutes of a day (RFC 3339: 00-23, 00-59). "+99:70" is not one, and written
    // back it would read "+100:10", which nothing reads (found by the time fuzzer).
    const auto oh = digits(rest, 1, 2), om = digits(rest, 4, 2);
    if (!oh || !om || *oh > 23 || *om > 59) return std::nullopt;
    const int minutes = *oh * 60 + *om;
    out.utc_offset = std::chrono::minutes{rest[0] == '-' ? -minutes : minutes};
    return out;
}

namespace {

// Writes `value` as exactly `width` digits at `out` (value in [0, 10^width)).
void put_digits(char* out, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

// "YYYY-MM-DD" into out[0..10), for years 0 to 9999; false for any other year.
bool put_date(char* out, std::chrono::year_month_day date) {
    const int year = static_cast<int>(date.year());
    if (year < 0 || year > 9999) return false;
    put_digits(out, static_cast<unsigned>(year), 4);
    out[4] = '-';
    put_digits(out + 5, static_cast<unsigned>(date.month()), 2);
    out[7] = '-';
    put_digits(out + 8, static_cast<unsigned>(date.day()), 2);
    return true;
}

}  // namespace

// Both hand-formatted: date::format builds a stream and a locale per call, which was 15 % of an export
// and a twentieth of a signature's processor time (issue 15). Years outside 0-9999 are written as they
// were before (no clinic time is there; parse_iso refuses them).
std::string format_date(std::chrono::year_month_day date) {
    char buffer[10];
    if (!put_date(buffer, date)) {
        char whole[24];  // as it always was written
        std::snprintf(whole, sizeof whole, "%04d-%02u-%02u", static_cast<int>(date.year()),
                      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
        return whole;
    }
    return std::string(buffer, sizeof buffer);
}

std::string format_utc(Instant instant) {
    const auto day = std::chrono::floor<std::chrono::days>(instant);
    char buffer[20];
    if (!put_date(buffer, std::chrono::year_month_day(day))) return date::format("%Y-%m-%dT%H:%M:%SZ", instant);
    const auto seconds = static_cast<unsigned>((instant - day).count());  // 0 .. 86399
    buffer[10] = 'T';
    put_digits(buffer + 11, seconds / 3600, 2);
    buffer[13] = ':';
    put_digits(buffer + 14, seconds / 60 % 60, 2);
    buffer[16] = ':';
    put_digits(buffer + 17, seconds % 60, 2);
    buffer[19] = 'Z';
    return std::string(buffer, sizeof buffer);
}

}  // namespace infusion::core
