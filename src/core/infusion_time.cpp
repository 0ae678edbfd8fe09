#include "core/infusion_time.hpp"

#include "core/field_path.hpp"

#include <algorithm>

namespace infusion::core {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

Problem error(std::string code, std::string field, std::string message) {
    return Problem{Severity::error, std::move(code), std::move(field), std::move(message)};
}

// Resolves one documented time, adding a problem when it cannot be placed. `what` names it for people.
std::optional<Instant> place(const WallTime& time, std::string_view zone, const std::string& field,
                             const std::string& what, std::vector<Problem>& problems) {
    const ResolvedTime r = resolve(time, zone);
    switch (r.status) {
        case TimeResolution::ok: return r.instant;
        case TimeResolution::ambiguous: {
            const auto offset_of = [&](Instant instant) {
                return format_offset(
                    std::chrono::duration_cast<minutes>(time.local.time_since_epoch() - instant.time_since_epoch()));
            };
            problems.push_back(error("time.ambiguous", field,
                                     what + " " + format_local(time) + " occurs twice in " + std::string(zone) +
                                         " (clocks were turned back): say which was meant, UTC" + offset_of(r.first) +
                                         " (the first) or UTC" + offset_of(r.second) + " (the second)"));
            return std::nullopt;
        }
        case TimeResolution::nonexistent:
            problems.push_back(error("time.nonexistent", field,
                                     what + " " + format_local(time) + " does not exist in " + std::string(zone) +
                                         " (clocks were turned forward over it): correct the time"));
            return std::nullopt;
        case TimeResolution::unknown_zone:
            // Reported once by validate() as visit.time-zone-unknown; nothing can be placed.
            return std::nullopt;
    }
    return std::nullopt;
}

std::chrono::year_month_day local_date(const WallTime& time) {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(time.local)};
}

// Removes `cut` from `interval`, returning the 0, 1 or 2 pieces left.
std::vector<Interval> subtract(const Interval& interval, const Interval& cut) {
    if (cut.stop <= interval.start || cut.start >= interval.stop) return {interval};
    std::vector<Interval> out;
    if (cut.start > interval.start) out.push_back({interval.start, cut.start});
    if (cut.stop < interval.stop) out.push_back({cut.stop, interval.stop});
    return out;
}

}  // namespace

seconds union_length(std::vector<Interval> intervals) {
    std::sort(intervals.begin(), intervals.end(),
              [](const Interval& a, const Interval& b) { return a.start < b.start; });
    seconds total{0};
    std::optional<Interval> current;
    for (const auto& iv : intervals) {
        if (current && iv.start <= current->stop) {
            current->stop = std::max(current->stop, iv.stop);
            continue;
        }
        if (current) total += current->stop - current->start;
        current = iv;
    }
    if (current) total += current->stop - current->start;
    return total;
}

InfusionTime compute_infusion_time(const Visit& visit, std::string_view zone, const CodingRules& rules) {
    InfusionTime out;
    bool complete = !visit.pump_setups.empty();
    std::optional<WallTime> earliest_start_wall;

    for (std::size_t i = 0; i < visit.pump_setups.size(); ++i) {
        const PumpSetup& setup = visit.pump_setups[i];
        const std::string base = path::setup(i);
        const std::string name = path::setup_name(i);
        auto& problems = out.problems;

        std::optional<Instant> start, stop, set_up_at;
        if (setup.set_up_at)
            set_up_at = place(*setup.set_up_at, zone, base + ".set_up_at", "The set-up time of " + name, problems);
        if (!setup.start) {
            problems.push_back(error("time.start-missing", base + ".start",
                                     "No infusion start time for " + name + ": document when the infusion started"));
        } else {
            start = place(*setup.start, zone, base + ".start", "The start of " + name, problems);
        }
        if (!setup.stop) {
            // Never fill a missing stop with "now" (coding-rules.md 5).
            problems.push_back(
                error("time.stop-missing", base + ".stop",
                      "No stop time for " + name + ": the infusion is still running or its stop was not documented"));
        } else {
            stop = place(*setup.stop, zone, base + ".stop", "The stop of " + name, problems);
        }
        if (start && stop && *stop <= *start) {
            problems.push_back(error("time.stop-not-after-start", base + ".stop",
                                     "The stop of " + name + " (" + format_local(*setup.stop) +
                                         ") is at or before its start (" + format_local(*setup.start) + ")"));
            stop.reset();
        }
        if (set_up_at && start && *set_up_at > *start) {
            problems.push_back(Problem{Severity::warning, "time.set-up-after-start", base + ".set_up_at",
                                       "The set-up time of " + name + " is after its infusion start"});
        }
        if (start && (!earliest_start_wall || *start < *out.first_start)) {
            out.first_start = start;
            earliest_start_wall = setup.start;
        }
        if (!start || !stop) {
            complete = false;
            continue;
        }
        if (!out.last_stop || *stop > *out.last_stop) out.last_stop = stop;

        // Pauses longer than the threshold are cut out of this set-up's interval (coding-rules.md 9).
        std::vector<Interval> pieces{{*start, *stop}};
        for (std::size_t p = 0; p < setup.pauses.size(); ++p) {
            const Pause& pause = setup.pauses[p];
            const std::string pbase = path::pause(i, p);
            if (!pause.start || !pause.stop) {
                problems.push_back(
                    error("time.pause-incomplete", pbase, "A pause in " + name + " needs both its start and its end"));
                complete = false;
                continue;
            }
            auto ps = place(*pause.start, zone, pbase + ".start", "The start of a pause in " + name, problems);
            auto pe = place(*pause.stop, zone, pbase + ".stop", "The end of a pause in " + name, problems);
            if (!ps || !pe) {
                complete = false;
                continue;
            }
            if (*pe <= *ps || *ps < *start || *pe > *stop) {
                problems.push_back(
                    error("time.pause-outside-infusion", pbase,
                          "A pause in " + name + " must end after it starts and lie within the infusion"));
                complete = false;
                continue;
            }
            if (*pe - *ps <= minutes{rules.pause_threshold_minutes}) continue;
            std::vector<Interval> next;
            for (const auto& piece : pieces) {
                auto rest = subtract(piece, Interval{*ps, *pe});
                next.insert(next.end(), rest.begin(), rest.end());
            }
            pieces = std::move(next);
        }
        out.intervals.insert(out.intervals.end(), pieces.begin(), pieces.end());
    }
    if (earliest_start_wall) out.date_of_service = local_date(*earliest_start_wall);
    if (!complete) return out;

    seconds length{0};
    if (rules.overlap == OverlapRule::union_of_intervals) {
        length = union_length(out.intervals);
    } else {
        for (const auto& iv : out.intervals) length += iv.stop - iv.start;
    }
    // "round" is to the nearest minute with a half minute rounding up. std::chrono::round rounds a half
    // to even, so 15 min 30 s became 16 (96369) but 90 min 30 s stayed 90 (no 96370) and 30 s became 0:
    // the same 30 seconds crossed one band edge and not the next. Half up treats every edge alike.
    const auto whole = rules.seconds == SecondsRule::drop ? std::chrono::floor<minutes>(length)
                                                          : std::chrono::floor<minutes>(length + seconds{30});
    out.minutes = static_cast<int>(std::min<long long>(whole.count(), 1'000'000'000LL));
    if (*out.minutes <= 0) {
        out.problems.push_back(error("time.zero", "pump_setups",
                                     "The documented infusion time is 0 minutes: check the start and stop times"));
    }
    return out;
}

}  // namespace infusion::core
