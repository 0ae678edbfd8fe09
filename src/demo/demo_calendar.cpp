// The calendar of the demo visits (see demo_calendar.hpp).
//
// Sections:
//   1. Readings: local clock readings and how the zone places them
//   2. Daylight-saving change days
//   3. Visits per day
//   4. Clock
#include "demo/demo_calendar.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace infusion::demo::detail {
namespace {

using std::chrono::days;
using std::chrono::local_days;
using std::chrono::minutes;

}  // namespace

// ---- 1. Readings --------------------------------------------------------------------------------
core::LocalSeconds reading(local_days date, int minute) { return core::LocalSeconds{date} + minutes{minute}; }

core::ResolvedTime resolve_local(core::LocalSeconds local, const std::string& zone) {
    core::WallTime t;
    t.local = local;
    return core::resolve(t, zone);
}

namespace {

std::optional<minutes> offset_at(core::LocalSeconds local, const std::string& zone) {
    const auto r = resolve_local(local, zone);
    if (r.status != core::TimeResolution::ok) return std::nullopt;
    return r.offset;
}

// The first local reading in (from, to] that the zone cannot place (a gap or a repeated hour): in
// 15-minute steps, then minute by minute. core::resolve is the program's own judge of such readings.
std::optional<core::LocalSeconds> first_unplaceable(core::LocalSeconds from, core::LocalSeconds to,
                                                    const std::string& zone) {
    for (auto t = from + minutes{15}; t <= to; t += minutes{15}) {
        if (resolve_local(t, zone).status == core::TimeResolution::ok) continue;
        for (auto fine = t - minutes{14}; fine < t; fine += minutes{1}) {
            if (resolve_local(fine, zone).status != core::TimeResolution::ok) return fine;
        }
        return t;
    }
    return std::nullopt;
}

// ---- 2. Daylight-saving change days -------------------------------------------------------------
// Marks the days of the range on which the zone changes its UTC offset (for America/New_York the
// second Sunday of March and the first Sunday of November), with when the change happens.
void mark_dst_days(std::vector<Day>& range, const std::string& zone) {
    const auto noon = [](local_days d) { return reading(d, 12 * 60); };
    std::optional<minutes> previous = offset_at(noon(range.front().date - days{1}), zone);
    for (std::size_t i = 0; i < range.size(); ++i) {
        const std::optional<minutes> current = offset_at(noon(range[i].date), zone);
        if (previous && current && *previous != *current) {
            const auto found = first_unplaceable(noon(range[i].date - days{1}), noon(range[i].date), zone);
            if (found) {
                const local_days date = std::chrono::floor<days>(*found);
                const auto into_day = std::chrono::duration_cast<minutes>(*found - core::LocalSeconds{date});
                // Readings before the change run on the old offset: elapsed time = reading - midnight.
                const minutes elapsed = into_day + *previous - std::min(*previous, *current);
                // A change late the evening before belongs to that day, when it is in the range. A change
                // near midnight leaves no night to speak of: such a day stays an ordinary day.
                const bool evening_before = date < range[i].date;
                if ((!evening_before || i > 0) && elapsed >= minutes{60} && elapsed <= minutes{22 * 60}) {
                    range[evening_before ? i - 1 : i].dst =
                        DstChange{static_cast<int>(elapsed.count()), *previous, *current};
                }
            }
        }
        if (current) previous = current;
    }
}

// ---- 3. Visits per day --------------------------------------------------------------------------
// A working-day clinic: weekdays full, a Saturday morning list, closed Sundays and on the fixed-date
// US holidays. Weights, not counts: visits are spread evenly over the total weight.
double regular_weight(local_days date) {
    const std::chrono::year_month_day ymd{date};
    const auto md = std::chrono::month_day{ymd.month(), ymd.day()};
    if (md == std::chrono::January / 1 || md == std::chrono::July / 4 || md == std::chrono::December / 25) return 0.0;
    const std::chrono::weekday wd{date};
    if (wd == std::chrono::Sunday) return 0.0;
    if (wd == std::chrono::Saturday) return 0.15;
    return 1.0;
}

// Visit k lands on the day whose cumulative weight passes (k + 0.5) * total / visits.
void assign_counts(std::vector<Day>& range, std::uint64_t visits, double last_share) {
    std::vector<double> weights(range.size());
    double regular_total = 0.0;
    for (std::size_t i = 0; i < range.size(); ++i) {
        weights[i] = regular_weight(range[i].date);
        if (i + 1 == range.size()) weights[i] *= std::clamp(last_share, 0.0, 1.0);
        regular_total += weights[i];
    }
    if (regular_total <= 0.0) {  // e.g. a range that is one Sunday: use it anyway
        std::fill(weights.begin(), weights.end(), 1.0);
        regular_total = static_cast<double>(range.size());
    }
    // A change day gets a few night visits (about 2-6 at typical volumes), whatever its weekday.
    const double per_visit = regular_total / static_cast<double>(visits);
    const double dst_weight = std::clamp(2.5 * per_visit, 0.3, 1.0);
    double total = 0.0;
    for (std::size_t i = 0; i < range.size(); ++i) {
        if (range[i].dst) weights[i] = dst_weight;
        total += weights[i];
    }
    const double step = total / static_cast<double>(visits);
    const auto visits_before = [&](double position) -> std::uint64_t {
        const double k = std::ceil(position / step - 0.5);
        if (k <= 0.0) return 0;
        if (k >= static_cast<double>(visits)) return visits;
        return static_cast<std::uint64_t>(k);
    };
    double cumulative = 0.0;
    std::uint64_t assigned = 0;
    for (std::size_t i = 0; i < range.size(); ++i) {
        cumulative += weights[i];
        const std::uint64_t upto = i + 1 == range.size() ? visits : std::max(assigned, visits_before(cumulative));
        range[i].count = upto - assigned;
        assigned = upto;
    }
}

}  // namespace

std::vector<Day> plan_days(local_days first, local_days last, const std::string& zone, std::uint64_t visits,
                           double last_share) {
    std::vector<Day> range;
    for (local_days d = first; d <= last; d += days{1}) range.push_back(Day{d, 0, std::nullopt});
    mark_dst_days(range, zone);
    assign_counts(range, visits, last_share);
    return range;
}

// ---- 4. Clock -----------------------------------------------------------------------------------
core::WallTime Clock::at(int minute) const {
    core::WallTime t;
    if (dst == nullptr) {
        t.local = reading(date, minute);
        return t;
    }
    const bool after = minute >= dst->transition_minute;
    t.local = reading(date, minute) + (after ? dst->after - dst->before : minutes{0});
    if (write_offsets && resolve_local(t.local, *zone).status != core::TimeResolution::ok) {
        t.utc_offset = after ? dst->after : dst->before;
    }
    return t;
}

}  // namespace infusion::demo::detail
