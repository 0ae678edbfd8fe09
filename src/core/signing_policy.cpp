#include "core/signing_policy.hpp"

#include "core/codes.hpp"
#include "core/field_path.hpp"
#include "core/time_entry.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace infusion::core {
namespace {

// Errors that hold the claim but leave the clinical record complete.
constexpr std::array<std::string_view, 7> billing_only{
    "visit.diagnosis-missing",
    "visit.diagnosis-invalid",
    "substance.ndc-invalid",
    "substance.unit-incompatible",
    "substance.hydration-not-billable",
    "substance.wasted-invalid",
    "mue.jw-capped",
};

}  // namespace

bool blocks_signing(const Problem& problem) {
    if (problem.severity != Severity::error) return false;
    return std::find(billing_only.begin(), billing_only.end(), problem.code) == billing_only.end();
}

bool any_blocks_signing(const std::vector<Problem>& problems) {
    return std::any_of(problems.begin(), problems.end(), [](const Problem& p) { return blocks_signing(p); });
}

bool is_in_future(const WallTime& time, Zone zone, Instant now, std::chrono::seconds skew) {
    // Beyond the nanosecond range: place() reports it; a year past the range is in the future too.
    if (!in_supported_years(time))
        return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(time.local)}.year() >
               std::chrono::year{latest_supported_year};
    const ResolvedTime r = resolve(time, zone);
    if (r.status != TimeResolution::ok) return false;
    return precise(r.instant, time) > PreciseInstant{now + skew};
}

namespace {

// Every infusion time of the visit that signing checks, with its field and what a nurse calls it.
template <typename Check>
void for_each_infusion_time(const Visit& visit, Check&& check) {
    for (std::size_t i = 0; i < visit.pump_setups.size(); ++i) {
        const PumpSetup& setup = visit.pump_setups[i];
        const std::string base = path::setup(i);
        const std::string name = path::setup_name(i);
        check(setup.set_up_at, base + ".set_up_at", "The set-up time of " + name);
        check(setup.start, base + ".start", "The start of " + name);
        check(setup.stop, base + ".stop", "The stop of " + name);
        for (std::size_t p = 0; p < setup.pauses.size(); ++p) {
            check(setup.pauses[p].start, path::pause(i, p) + ".start", "The start of a pause in " + name);
            check(setup.pauses[p].stop, path::pause(i, p) + ".stop", "The end of a pause in " + name);
        }
    }
}

}  // namespace

std::vector<Problem> future_time_problems(const Visit& visit, std::string_view zone_name, Instant now,
                                          const CodingRules& rules) {
    std::vector<Problem> out;
    const Zone zone = Zone::find(zone_name);
    const std::chrono::seconds skew{rules.clock_skew_seconds};
    // "Now" in the clinic's time, as the documented time is read: a nurse compares 17:46 with 16:10 EST,
    // not with 21:10Z. Spelled only when a time is refused (the visit screen asks every frame).
    std::string now_text;
    for_each_infusion_time(visit, [&](const std::optional<WallTime>& time, const std::string& field,
                                      const std::string& what) {
        if (!time || !is_in_future(*time, zone, now, skew)) return;
        if (now_text.empty()) now_text = format_stamp(now, zone_name);
        out.push_back(Problem{
            Severity::error, "time.in-future", field,
            // A time written with its own offset says it: "16:04" beside "10:04 EST"
            // read as six hours ahead, not one (found from outside).
            what + " (" + format_local(*time) + (time->utc_offset ? " UTC" + format_offset(*time->utc_offset) : "") +
                ") is later than now (" + now_text + "): a time that has not happened yet cannot be signed"});
    });
    return out;
}

std::vector<Problem> empty_note_problems(const Visit& visit) {
    std::vector<Problem> out;
    for (std::size_t i = 0; i < visit.notes.size(); ++i) {
        if (!trim_blanks(visit.notes[i].text).empty()) continue;
        out.push_back(Problem{Severity::error, "note.empty", path::note(i) + ".text",
                              "Note " + std::to_string(i + 1) + " has no text: write it, or remove the note"});
    }
    return out;
}

std::optional<Instant> next_future_time_passes(const Visit& visit, std::string_view zone_name, Instant now,
                                               const CodingRules& rules) {
    std::optional<Instant> out;
    const Zone zone = Zone::find(zone_name);
    const std::chrono::seconds skew{rules.clock_skew_seconds};
    for_each_infusion_time(visit, [&](const std::optional<WallTime>& time, const std::string&, const std::string&) {
        if (!time || !in_supported_years(*time) || !is_in_future(*time, zone, now, skew)) return;
        const ResolvedTime r = resolve(*time, zone);
        // In the future while precise > now + skew: no longer from the first whole second at or after
        // precise - skew.
        const Instant passes = std::chrono::ceil<std::chrono::seconds>(precise(r.instant, *time) - skew);
        if (!out || passes < *out) out = passes;
    });
    return out;
}

}  // namespace infusion::core
