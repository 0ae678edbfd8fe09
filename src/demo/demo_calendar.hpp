#pragma once
// The calendar of the demo visits (see demo_visits.hpp): which days get how many visits, the days on
// which the time zone changes its UTC offset, and the clock readings a nurse writes on them.
#include "core/wall_time.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace infusion::demo::detail {

struct DstChange {
    int transition_minute = 0;      // elapsed minutes from local midnight to the change
    std::chrono::minutes before{};  // UTC offset before the change
    std::chrono::minutes after{};
};

struct Day {
    std::chrono::local_days date;
    std::uint64_t count = 0;
    std::optional<DstChange> dst;  // set: the day's visits are night visits around the change
};

// The reading `minute` minutes after midnight on `date`, as the wall clock would show it without a change.
core::LocalSeconds reading(std::chrono::local_days date, int minute);
// core::resolve on a reading without an offset: the program's own judge of gaps and repeated hours.
core::ResolvedTime resolve_local(core::LocalSeconds local, const std::string& zone);

// Every day from first to last (first <= last), with its share of `visits` (> 0) visits: working days
// full, a Saturday morning list, Sundays and fixed-date holidays closed, a few night visits on each day
// the zone changes its offset.
// `last_share` (0 to 1) scales the last day's part: the share of its list the clinic has reached.
std::vector<Day> plan_days(std::chrono::local_days first, std::chrono::local_days last, const std::string& zone,
                           std::uint64_t visits, double last_share = 1.0);

// Turns minutes after local midnight into what the nurse writes. On a change day the minutes are
// elapsed time, so a visit crossing the change reads like the wall clock: 01:40 EST then 03:30 EDT.
struct Clock {
    std::chrono::local_days date;
    const DstChange* dst = nullptr;
    const std::string* zone = nullptr;
    bool write_offsets = false;  // in the repeated hour, write the offset (else the visit is held)

    [[nodiscard]] core::WallTime at(int minute) const;
};

}  // namespace infusion::demo::detail
