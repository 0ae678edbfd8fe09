#include "core/wall_time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cstdlib>
#include <stdexcept>

namespace infusion::core {
namespace {

const date::time_zone* find_zone(std::string_view name) {
    if (name.empty()) return nullptr;
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        // date throws std::runtime_error for an unknown name; an unknown zone is a value here.
        return nullptr;
    }
}

date::local_seconds to_date_local(LocalSeconds t) { return date::local_seconds{t.time_since_epoch()}; }

}  // namespace

bool is_known_zone(std::string_view zone_name) { return find_zone(zone_name) != nullptr; }

ResolvedTime resolve(const WallTime& time, std::string_view zone_name) {
    ResolvedTime out;
    if (time.utc_offset) {
        // An offset reading is already an instant: local - offset.
        out.instant = Instant{time.local.time_since_epoch() - *time.utc_offset};
        out.offset = time.utc_offset;
        return out;
    }
    const date::time_zone* zone = find_zone(zone_name);
    if (zone == nullptr) {
        out.status = TimeResolution::unknown_zone;
        return out;
    }
    const date::local_info info = zone->get_info(to_date_local(time.local));
    const auto local = time.local.time_since_epoch();
    switch (info.result) {
        case date::local_info::unique:
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
    if (time.utc_offset) out += format_offset(*time.utc_offset);
    return out;
}

}  // namespace infusion::core
