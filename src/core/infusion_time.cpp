#include "core/infusion_time.hpp"

#include "core/field_path.hpp"

#include <algorithm>
#include <numeric>

namespace infusion::core {
namespace {

using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;

Problem error(std::string code, std::string field, std::string message) {
    return Problem{Severity::error, std::move(code), std::move(field), std::move(message)};
}

// Whether `zone` had the UTC offset `offset` at `instant`, the day before or the day after (true for an
// unknown zone: nothing to compare, and validate() reports visit.time-zone-unknown).
bool offset_of_zone_around(minutes offset, Instant instant, Zone zone) {
    for (const auto at : {instant, instant - std::chrono::days{1}, instant + std::chrono::days{1}}) {
        const auto there = wall_time_at(at, zone);
        if (!there) return true;
        if (there->utc_offset == offset) return true;
    }
    return false;
}

// Resolves one documented time, adding a problem when it cannot be placed. `describe()` gives the field
// and the words naming the time for people; called only for a problem, so a clean visit builds no text.
template <class Describe>
std::optional<PreciseInstant> place(const WallTime& time, Zone zone, std::string_view zone_name,
                                    const Describe& describe, std::vector<Problem>& problems) {
    if (!in_supported_years(time)) {
        auto [field, what] = describe();
        problems.push_back(error("time.out-of-range", std::move(field),
                                 what + " " + format_local(time) + " is not between the years " +
                                     std::to_string(earliest_supported_year) + " and " +
                                     std::to_string(latest_supported_year) + ": correct the date"));
        return std::nullopt;
    }
    const ResolvedTime r = resolve(time, zone);
    switch (r.status) {
        case TimeResolution::ok: {
            // An offset no clock on Earth shows (TOML takes up to +-23:59) is a broken reading, not an
            // instant: "09:10+23:59" was measured as if it were one (found from outside). Held.
            if (time.utc_offset && (*time.utc_offset < minutes{-12 * 60} || *time.utc_offset > minutes{14 * 60})) {
                auto [field, what] = describe();
                problems.push_back(error("time.offset-impossible", std::move(field),
                                         what + " " + format_iso(time) + " is written at UTC" +
                                             format_offset(*time.utc_offset) +
                                             ", which no time zone uses (they run from UTC-12:00 to UTC+14:00): "
                                             "correct the offset"));
                return std::nullopt;
            }
            // An offset the visit's zone did not have around then (a day either side, for clock change days)
            // nor UTC's is still an instant, and is measured as one (a file may be written in another
            // zone's time), but it is said: "09:10+13:45" to "10:25-00:00" in a New York visit measured
            // 900 minutes with nothing to point at the offsets (found from outside).
            if (time.utc_offset && *time.utc_offset != minutes{0} &&
                !offset_of_zone_around(*time.utc_offset, r.instant, zone)) {
                if (const auto there = wall_time_at(r.instant, zone)) {
                    auto [field, what] = describe();
                    problems.push_back(Problem{Severity::warning, "time.offset-not-zone", std::move(field),
                                               what + " " + format_iso(time) + " is written at UTC" +
                                                   format_offset(*time.utc_offset) + ", but " + std::string(zone_name) +
                                                   " was at UTC" + format_offset(*there->utc_offset) + " then (" +
                                                   format_iso(*there) + "): check the offset"});
                }
            }
            return precise(r.instant, time);
        }
        case TimeResolution::ambiguous: {
            const auto offset_of = [&](Instant instant) {
                return format_offset(
                    std::chrono::duration_cast<minutes>(time.local.time_since_epoch() - instant.time_since_epoch()));
            };
            auto [field, what] = describe();
            problems.push_back(error("time.ambiguous", std::move(field),
                                     what + " " + format_local(time) + " occurs twice in " + std::string(zone_name) +
                                         " (clocks were turned back): say which was meant, UTC" + offset_of(r.first) +
                                         " (the first) or UTC" + offset_of(r.second) + " (the second)"));
            return std::nullopt;
        }
        case TimeResolution::nonexistent: {
            auto [field, what] = describe();
            problems.push_back(error("time.nonexistent", std::move(field),
                                     what + " " + format_local(time) + " does not exist in " + std::string(zone_name) +
                                         " (clocks were turned forward over it): correct the time"));
            return std::nullopt;
        }
        case TimeResolution::unknown_zone:
            // Reported once by validate() as visit.time-zone-unknown; nothing can be placed.
            return std::nullopt;
    }
    return std::nullopt;
}

Instant whole(PreciseInstant t) { return std::chrono::floor<seconds>(t); }

// Removes `cut` from `interval`, returning the 0, 1 or 2 pieces left.
void subtract(const PreciseInterval& interval, const PreciseInterval& cut, std::vector<PreciseInterval>& out) {
    if (cut.stop <= interval.start || cut.start >= interval.stop) {
        out.push_back(interval);
        return;
    }
    if (cut.start > interval.start) out.push_back({interval.start, cut.start});
    if (cut.stop < interval.stop) out.push_back({cut.stop, interval.stop});
}

std::string hours_text(int minutes_value) {
    return minutes_value % 60 == 0 ? std::to_string(minutes_value / 60) + " h" : std::to_string(minutes_value) + " min";
}

}  // namespace

namespace {

// Sorts and merges overlapping intervals in place: derive() runs this for every visit, and a second
// list was one more allocation.
template <class Intervals>
void merge_in_place(Intervals& intervals) {
    std::sort(intervals.begin(), intervals.end(),
              [](const PreciseInterval& a, const PreciseInterval& b) { return a.start < b.start; });
    std::size_t kept = 0;
    for (std::size_t k = 0; k < intervals.size(); ++k) {
        if (kept > 0 && intervals[k].start <= intervals[kept - 1].stop) {
            intervals[kept - 1].stop = std::max(intervals[kept - 1].stop, intervals[k].stop);
        } else {
            intervals[kept++] = intervals[k];
        }
    }
    intervals.resize(kept);
}

}  // namespace

std::vector<PreciseInterval> union_of(std::vector<PreciseInterval> intervals) {
    merge_in_place(intervals);
    return intervals;
}

seconds union_length(std::vector<Interval> intervals) {
    std::vector<PreciseInterval> precise_intervals;
    precise_intervals.reserve(intervals.size());
    for (const auto& iv : intervals) precise_intervals.push_back({iv.start, iv.stop});
    nanoseconds total{0};
    for (const auto& iv : union_of(std::move(precise_intervals))) total += iv.stop - iv.start;
    return std::chrono::floor<seconds>(total);
}

std::optional<PreciseInstant> instant_after(std::span<const PreciseInterval> running, nanoseconds elapsed) {
    for (const auto& iv : running) {
        const nanoseconds length = iv.stop - iv.start;
        if (elapsed < length) return iv.start + elapsed;
        elapsed -= length;
    }
    return std::nullopt;
}

namespace {

// A reading for a message beside another: on the visit's clock, so "11:00Z" next to a local "10:00" reads
// as the 06:00 it is, with what was written after it; a local reading as written.
std::string shown(const WallTime& reading, PreciseInstant at, Zone zone) {
    if (!reading.utc_offset) return format_local(reading);
    const auto local = wall_time_at(std::chrono::floor<seconds>(at), zone);
    if (!local) return format_iso(reading);
    return format_local(*local) + ", written " + format_iso(reading);
}

}  // namespace

InfusionTime compute_infusion_time(const Visit& visit, std::string_view zone_name, const CodingRules& rules) {
    return compute_infusion_time(visit, Zone::find(zone_name), zone_name, rules);
}

InfusionTime compute_infusion_time(const Visit& visit, Zone zone, std::string_view zone_name, const CodingRules& rules,
                                   std::pmr::memory_resource* memory) {
    InfusionTime out(memory);
    bool complete = !visit.pump_setups.empty();
    std::optional<PreciseInstant> earliest;
    std::optional<WallTime> earliest_wall;
    std::pmr::vector<PreciseInterval> pieces_all(memory);
    out.setup_times.resize(visit.pump_setups.size());
    out.infused.assign(visit.pump_setups.size(), false);
    out.intervals.reserve(visit.pump_setups.size());
    pieces_all.reserve(visit.pump_setups.size());
    const nanoseconds max_length = minutes{rules.max_infusion_minutes};
    bool too_long = false;  // said once per set-up; T is then not said again

    for (std::size_t i = 0; i < visit.pump_setups.size(); ++i) {
        const PumpSetup& setup = visit.pump_setups[i];
        // Field paths and names are spelled only when a problem needs them.
        const auto base = [i] { return path::setup(i); };
        const auto name = [i] { return path::setup_name(i); };
        auto& problems = out.problems;

        std::optional<PreciseInstant> start, stop, set_up_at;
        if (setup.set_up_at) {
            set_up_at = place(
                *setup.set_up_at, zone, zone_name,
                [&] {
                    return std::pair{base() + ".set_up_at", "The set-up time of " + name()};
                },
                problems);
        }
        if (!setup.start) {
            problems.push_back(error("time.start-missing", base() + ".start",
                                     "No infusion start time for " + name() + ": document when the infusion started"));
        } else {
            start = place(
                *setup.start, zone, zone_name,
                [&] {
                    return std::pair{base() + ".start", "The start of " + name()};
                },
                problems);
        }
        if (!setup.stop) {
            // Never fill a missing stop with "now" (coding-rules.md 5).
            problems.push_back(
                error("time.stop-missing", base() + ".stop",
                      "No stop time for " + name() + ": the infusion is still running or its stop was not documented"));
        } else {
            stop = place(
                *setup.stop, zone, zone_name,
                [&] {
                    return std::pair{base() + ".stop", "The stop of " + name()};
                },
                problems);
        }
        if (start && stop && *stop <= *start) {
            problems.push_back(error("time.stop-not-after-start", base() + ".stop",
                                     "The stop of " + name() + " (" + shown(*setup.stop, *stop, zone) +
                                         ") is at or before its start (" + shown(*setup.start, *start, zone) + ")"));
            stop.reset();
        }
        // Compared by adding to the earlier instant: the difference of two nanosecond instants of the
        // supported years (1900 to 2199) can overflow (found from outside, UBSan).
        if (start && stop && *stop > *start + max_length) {
            // [ed. 2] implausible documentation is an error, not a warning.
            problems.push_back(error("time.infusion-implausible", base() + ".stop",
                                     "The infusion of " + name() + " runs from " + shown(*setup.start, *start, zone) +
                                         " to " + shown(*setup.stop, *stop, zone) + ", longer than " +
                                         hours_text(rules.max_infusion_minutes) +
                                         " (time.max_infusion_minutes): check the dates"));
            too_long = true;
            stop.reset();  // not measured: its length is no infusion time, and may not even fit nanoseconds
        }
        if (set_up_at && start && *set_up_at > *start) {
            problems.push_back(Problem{Severity::warning, "time.set-up-after-start", base() + ".set_up_at",
                                       "The set-up time of " + name() + " is after its infusion start"});
        } else if (set_up_at && start && *start > *set_up_at + max_length) {
            // It orders the set-ups and dates a facility 96371: a set-up days before its pump ran is
            // more likely a wrong date than a needle left in place that long.
            problems.push_back(Problem{Severity::warning, "time.set-up-long-before-start", base() + ".set_up_at",
                                       "The set-up time of " + name() + " (" + format_local(*setup.set_up_at) +
                                           ") is more than " + hours_text(rules.max_infusion_minutes) +
                                           " before its infusion start (" + format_local(*setup.start) +
                                           "): check the date"});
        }
        // A pump infuses only once it is set up: a set-up time after the start (warned above) is not
        // trusted to make this set-up later than another, which could bill 96371 for sites it had first.
        if (set_up_at && start) {
            out.setup_times[i] = whole(std::min(*set_up_at, *start));
        } else if (set_up_at) {
            out.setup_times[i] = whole(*set_up_at);
        } else if (start) {
            out.setup_times[i] = whole(*start);
        }
        if (start && (!earliest || *start < *earliest)) {
            earliest = start;
            earliest_wall = setup.start;
        }
        if (!start || !stop) {
            // While it runs (no stop yet), a pause before its start or ending before it begins is said at once:
            // "1:10:00 of it paused" from a pause at 07:00 of an infusion begun at 08:00 waited for the stop
            // to be refused (found from outside).
            for (std::size_t p = 0; start && !setup.stop && p < setup.pauses.size(); ++p) {
                const Pause& pause = setup.pauses[p];
                if (!pause.start) continue;
                const auto pbase = [i, p] { return path::pause(i, p); };
                const auto ps = place(
                    *pause.start, zone, zone_name,
                    [&] {
                        return std::pair{pbase() + ".start", "The start of a pause in " + name()};
                    },
                    problems);
                const auto pe = pause.stop
                                    ? place(
                                          *pause.stop, zone, zone_name,
                                          [&] {
                                              return std::pair{pbase() + ".stop", "The end of a pause in " + name()};
                                          },
                                          problems)
                                    : std::nullopt;
                if ((ps && *ps < *start) || (ps && pe && *pe <= *ps)) {
                    problems.push_back(
                        error("time.pause-outside-infusion", pbase(),
                              "A pause in " + name() + " must end after it starts and lie within the infusion"));
                }
            }
            complete = false;
            continue;
        }
        if (!out.last_stop || whole(*stop) > *out.last_stop) out.last_stop = whole(*stop);

        // [ed. 2] Every documented pause is cut out of this set-up's interval (CMS Transmittal 902: actual
        // infusion time); one pump's pause does not shorten the union while another pump runs.
        if (setup.pauses.empty()) {  // most set-ups: the interval as it is, no list of pieces
            out.intervals.push_back(Interval{whole(*start), whole(*stop)});
            pieces_all.push_back({*start, *stop});
            out.infused[i] = true;
            continue;
        }
        std::vector<PreciseInterval> pieces{{*start, *stop}};
        for (std::size_t p = 0; p < setup.pauses.size(); ++p) {
            const Pause& pause = setup.pauses[p];
            const auto pbase = [i, p] { return path::pause(i, p); };
            if (!pause.start || !pause.stop) {
                problems.push_back(error("time.pause-incomplete", pbase(),
                                         "A pause in " + name() + " needs both its start and its end"));
                complete = false;
                continue;
            }
            auto ps = place(
                *pause.start, zone, zone_name,
                [&] {
                    return std::pair{pbase() + ".start", "The start of a pause in " + name()};
                },
                problems);
            auto pe = place(
                *pause.stop, zone, zone_name,
                [&] {
                    return std::pair{pbase() + ".stop", "The end of a pause in " + name()};
                },
                problems);
            if (!ps || !pe) {
                complete = false;
                continue;
            }
            if (*pe <= *ps || *ps < *start || *pe > *stop) {
                problems.push_back(
                    error("time.pause-outside-infusion", pbase(),
                          "A pause in " + name() + " must end after it starts and lie within the infusion"));
                complete = false;
                continue;
            }
            if (*pe - *ps <= minutes{rules.pause_threshold_minutes}) continue;
            std::vector<PreciseInterval> next;
            for (const auto& piece : pieces) subtract(piece, PreciseInterval{*ps, *pe}, next);
            pieces = std::move(next);
        }
        for (const auto& piece : pieces) {
            out.intervals.push_back(Interval{whole(piece.start), whole(piece.stop)});
            pieces_all.push_back(piece);
        }
        out.infused[i] = !pieces.empty();
    }

    // [ed. 2] Set-ups in time order: set-up time, else start; the file's order only breaks ties.
    out.order.resize(visit.pump_setups.size());
    std::iota(out.order.begin(), out.order.end(), std::size_t{0});
    const auto earlier = [&](std::size_t a, std::size_t b) {
        const auto& ta = out.setup_times[a];
        const auto& tb = out.setup_times[b];
        if (ta && tb) return *ta < *tb;
        return ta.has_value() && !tb.has_value();
    };
    // An insertion sort: stable like std::stable_sort, without the buffer that one allocates on every
    // derive() (a visit has a few set-ups, usually already in order).
    for (std::size_t k = 1; k < out.order.size(); ++k) {
        const std::size_t moving = out.order[k];
        std::size_t at = k;
        for (; at > 0 && earlier(moving, out.order[at - 1]); --at) out.order[at] = out.order[at - 1];
        out.order[at] = moving;
    }

    if (earliest) {
        out.first_start = whole(*earliest);
        // [ed. 2] The local date in the visit's zone of the first start (a reading written with another
        // offset is moved into the visit's zone first); the reading's own date when the zone is unknown.
        out.date_of_service = local_date_at(*out.first_start, zone);
        if (!out.date_of_service) {
            out.date_of_service =
                std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(earliest_wall->local)};
        }
    }
    if (!complete) return out;

    nanoseconds length{0};
    if (rules.overlap != OverlapRule::union_of_intervals) {
        for (const auto& iv : pieces_all) length += iv.stop - iv.start;
    }
    merge_in_place(pieces_all);
    out.running = std::move(pieces_all);  // the same memory: taken over, not copied
    if (rules.overlap == OverlapRule::union_of_intervals) {
        for (const auto& iv : out.running) length += iv.stop - iv.start;
    }
    // [ed. 2] The elapsed time is truncated once, never each timestamp: 15 min 59.6 s is 15.
    // "round" is to the nearest minute with a half minute rounding up (std::chrono::round would round a
    // half to even, so the same 30 seconds would cross one band edge and not the next).
    const auto whole_minutes = rules.seconds == SecondsRule::drop ? std::chrono::floor<minutes>(length)
                                                                  : std::chrono::floor<minutes>(length + seconds{30});
    out.minutes = static_cast<int>(std::min<long long>(whole_minutes.count(), 1'000'000'000LL));
    if (*out.minutes <= 0) {
        out.problems.push_back(error("time.zero", "pump_setups",
                                     "The documented infusion time is 0 minutes: check the start and stop times"));
    } else if (*out.minutes > rules.max_infusion_minutes && !too_long) {
        out.problems.push_back(error("time.infusion-implausible", "pump_setups",
                                     "The documented infusion time is " + std::to_string(*out.minutes) +
                                         " min, longer than " + hours_text(rules.max_infusion_minutes) +
                                         " (time.max_infusion_minutes): check the dates"));
    } else if (out.first_start && out.last_stop &&
               *out.last_stop > *out.first_start + minutes{rules.max_infusion_minutes}) {
        // One visit is one encounter: set-ups days apart (a mistyped date, found from outside: a set-up of
        // 2025-01-10 and one of 2026-11-27 billed as one visit) put lines on dates no other visit of the
        // patient is compared with, and bill what no encounter was.
        out.problems.push_back(error("time.infusion-implausible", "pump_setups",
                                     "The set-ups run from the first start (" + format_local(*earliest_wall) +
                                         ") to the last stop more than " + hours_text(rules.max_infusion_minutes) +
                                         " later (time.max_infusion_minutes): one visit is one encounter, check "
                                         "the dates"));
    }
    return out;
}

}  // namespace infusion::core
