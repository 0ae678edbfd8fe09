#include "core/derive.hpp"

#include "core/administration_lines.hpp"
#include "core/drug_lines.hpp"
#include "core/infusion_time.hpp"
#include "core/validate.hpp"
#include "core/wall_time.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <memory_resource>
#include <string_view>
#include <utility>

namespace infusion::core {
namespace {

// The other visits that used the limit up: "visit 12 and visit 14" (`units` false), or "visit 12 (signed)
// bills 1 unit of it; visit 14 (signed) bills 1 unit of it".
template <typename Counts>
std::string other_visits_text(std::span<const BilledElsewhere> billed_elsewhere, Counts counts, bool units) {
    std::string out;
    for (const BilledElsewhere& other : billed_elsewhere) {
        if (!counts(other) || other.units <= 0) continue;
        out += (out.empty() ? "visit " : units ? "; visit " : " and visit ") + std::to_string(other.visit_id);
        if (units) {
            out +=
                " (signed) bills " + std::to_string(other.units) + (other.units == 1 ? " unit" : " units") + " of it";
        }
    }
    return out;
}

// "J1559", or "J1559-JW" for a discarded amount's line: a message about capping "J1559 from 10 to 0" read as
// the administered line (found from outside).
std::string line_name(const BillingLine& line) {
    const bool jw = std::find(line.modifiers.begin(), line.modifiers.end(), "JW") != line.modifiers.end();
    return jw ? line.code + "-JW" : line.code;
}

// A line capped from its units to `allowed`. A drug line's NDC quantity says the same amount as its units
// (found from outside: J1559 capped from 50 to 40 units still said ML 50 = 100 % of the dose), so it is scaled
// with them, to the 0.001 an NDC quantity states. A JW line capped to nothing leaves its administered line
// with neither JW nor JZ, which coding-rules.md 7 never allows; nor may it take JZ, which says nothing was
// discarded (it was, and the rule allows JZ only for a discard inside the units billed: found from outside).
// The claim is held for a coder, who appeals the MUE or follows the payer.
void cap_drug_line(std::vector<BillingLine>::iterator line, int allowed, std::vector<Problem>& problems) {
    if (line->kind == LineKind::drug && line->ndc_quantity && line->units > 0) {
        const double scaled = *line->ndc_quantity * allowed / line->units;
        line->ndc_quantity = std::round(scaled * 1000.0) / 1000.0;
        if (allowed > 0) line->reason += "; NDC quantity scaled to the units billed";
    }
    const bool jw = std::find(line->modifiers.begin(), line->modifiers.end(), "JW") != line->modifiers.end();
    if (jw && allowed == 0) {
        problems.push_back(Problem{Severity::error, "mue.jw-capped", "lines",
                                   line->code + "-JW: the discarded " + std::to_string(line->units) +
                                       " units are capped to nothing at the MUE, so the discard would go "
                                       "unreported, and JZ would say that nothing was discarded: a coder decides "
                                       "(an MUE appeal, or the payer's rule). Nothing for the nurse to fix"});
    }
    line->units = allowed;
}

// coding-rules.md 4: cap units at the MUE of the line's date of service and say so. The limit holds per
// claim line (indicator 1) or per date of service (indicators 2 and 3): an overnight facility infusion's
// 96370 lines on two dates each have the day's whole limit.
void apply_mue(std::vector<BillingLine>& lines, const CodingContext& context, Setting setting,
               std::chrono::year_month_day date, std::vector<Problem>& problems) {
    const CodingRules& rules = context.rules;
    // Another visit's lines count against this one's limit when they are on the same kind of claim.
    const auto counts = [&](const BilledElsewhere& other, const BillingLine& line, std::chrono::year_month_day day) {
        return other.code == line.code && other.date == day &&
               other.setting.value_or(context.clinic.setting) == setting;
    };
    std::string first_hour_by;  // "visit 12": the other visits that bill the date's 96369, when they alone do
    for (auto line = lines.begin(); line != lines.end(); ++line) {
        const auto day = line->service_date.value_or(date);
        const MueLimit* limit = rules.find_mue(line->code, setting, day);
        if (limit == nullptr) continue;
        if (!limit->published) {
            // [ed. 2] No published value (96370 today; 96372 until the clinic copies it from the CMS file):
            // nothing to cap against, and the reason says so.
            line->reason += "; MUE unknown: no published " + std::string(to_string(setting)) + " limit for " +
                            line->code + " is configured, so the units are not capped (coding-rules.md 4, 9 [ed. 2])";
            continue;
        }
        // Per date of service: the units the patient's other signed visits bill for the code that day, then
        // those the lines before this one kept (a visit has a few lines: summed in place, no table built on
        // every derive()).
        int so_far = 0;
        int elsewhere = 0;  // of those, billed by the patient's other signed visits
        if (limit->indicator != 1) {
            for (const BilledElsewhere& other : context.billed_elsewhere) {
                if (counts(other, *line, day)) elsewhere += other.units;
            }
            so_far = elsewhere;
            for (auto before = lines.begin(); before != line; ++before) {
                if (before->code == line->code && before->service_date.value_or(date) == day) so_far += before->units;
            }
        }
        const int allowed = std::max(0, limit->units - so_far);
        if (line->units <= allowed) continue;
        const std::string per = limit->indicator == 1 ? "per claim line" : "per date of service, " + format_date(day);
        const std::string mue = "the " + std::string(to_string(setting)) + " MUE is " + std::to_string(limit->units) +
                                " " + per + " (indicator " + std::to_string(limit->indicator) + ")";
        const auto here = [&](const BilledElsewhere& o) { return counts(o, *line, day); };
        if (elsewhere > 0 && allowed == 0 && so_far == elsewhere) {
            // Used up by the patient's other visits alone: said so that a nurse reads it as what it is, not
            // as a gap in her documentation (found in the real window).
            problems.push_back(Problem{Severity::warning, "mue.capped", "lines",
                                       line->code + " is not billed on this visit: " +
                                           other_visits_text(context.billed_elsewhere, here, true) + ", and " + mue +
                                           ". Nothing to fix here"});
            line->reason +=
                "; not billed: the patient's other visits of the date bill the MUE of " + std::to_string(limit->units);
            if (line->code == "96369") first_hour_by = other_visits_text(context.billed_elsewhere, here, false);
        } else {
            problems.push_back(Problem{
                Severity::warning, "mue.capped", "lines",
                line_name(*line) + " capped from " + std::to_string(line->units) + " to " + std::to_string(allowed) +
                    " units: " + mue +
                    (elsewhere > 0 ? "; " + other_visits_text(context.billed_elsewhere, here, true) + " that date"
                                   : "") +
                    (allowed == 0 ? ", used up by the lines before it: no line" : "")});
            line->reason += "; capped at the MUE of " + std::to_string(limit->units);
            if (elsewhere > 0) line->reason += " with the units other visits bill that date";
        }
        cap_drug_line(line, allowed, problems);
    }
    // The add-ons of a visit whose first hour another visit of the date bills say where their primary is
    // (their reason still counts "96369 + ..." of this visit's own time).
    if (!first_hour_by.empty()) {
        for (auto& line : lines) {
            if (line.kind == LineKind::administration && line.units > 0 && line.code != "96369") {
                line.reason += "; the first hour's 96369 is on " + first_hour_by + " (the same date of service)";
            }
        }
    }
    // A line capped to 0 units carries nothing to a claim; its reason lives on in the warning.
    lines.erase(std::remove_if(lines.begin(), lines.end(), [](const BillingLine& l) { return l.units <= 0; }),
                lines.end());
}

// [ed. 2] Implausible dates are errors: a date of service more than `max_years_in_past` before today
// or after tomorrow (today is the caller's, in the clinic's zone).
void check_date_plausible(std::chrono::year_month_day date, std::chrono::year_month_day today, const CodingRules& rules,
                          std::vector<Problem>& problems) {
    using std::chrono::days;
    using std::chrono::sys_days;
    const std::chrono::year_month_day tomorrow{sys_days{today} + days{1}};
    std::chrono::year_month_day oldest = today - std::chrono::years{rules.max_years_in_past};
    if (!oldest.ok()) oldest = oldest.year() / oldest.month() / std::chrono::last;  // 29 February
    if (sys_days{date} > sys_days{tomorrow}) {
        problems.push_back(Problem{Severity::error, "time.date-implausible", "pump_setups",
                                   "The date of service " + format_date(date) + " is after tomorrow (" +
                                       format_date(tomorrow) + "): check the date of the infusion start"});
    } else if (sys_days{date} < sys_days{oldest}) {
        problems.push_back(Problem{Severity::error, "time.date-implausible", "pump_setups",
                                   "The date of service " + format_date(date) + " is more than " +
                                       std::to_string(rules.max_years_in_past) + " years before today (" +
                                       format_date(today) + "): check the date of the infusion start"});
    }
}

}  // namespace

Coding derive(const Visit& visit, const CodingContext& context) {
    Coding out;
    out.setting = effective_setting(visit, context.clinic);
    out.place_of_service = out.setting == Setting::office ? context.clinic.place_of_service_office
                                                          : context.clinic.place_of_service_facility;
    std::vector<Problem> problems = validate_documentation(visit, context);
    const std::string_view zone_name = visit.time_zone.empty() ? context.clinic.time_zone : visit.time_zone;
    const Zone zone = effective_zone(visit, context);  // looked up once per context, not per reading
    // The infusion time's lists live on this stack: a visit of up to about ten set-ups needs no heap for
    // them (beyond that the arena takes more from the heap). Declared before `time`, so it outlives it.
    std::array<std::byte, 1024> time_buffer;  // left uninitialised: the arena hands it out
    std::pmr::monotonic_buffer_resource time_memory(time_buffer.data(), time_buffer.size());
    InfusionTime time = compute_infusion_time(visit, zone, zone_name, context.rules, &time_memory);
    problems.insert(problems.end(), time.problems.begin(), time.problems.end());
    out.infusion_minutes = time.minutes;
    out.date_of_service = time.date_of_service;
    out.first_start = time.first_start;
    out.last_stop = time.last_stop;
    check_vials(visit, context, out.date_of_service, problems);
    check_birth_date(visit, out.date_of_service, problems);
    if (out.date_of_service && context.today) {
        check_date_plausible(*out.date_of_service, *context.today, context.rules, problems);
    }

    std::vector<BillingLine> lines;
    lines.reserve(8);
    if (time.minutes && *time.minutes > 0) {
        LineDating dating;
        dating.rule =
            out.setting == Setting::facility ? context.rules.facility_line_dates : context.rules.office_line_dates;
        dating.zone = zone;
        dating.date_of_service = out.date_of_service.value_or(std::chrono::year_month_day{});
        derive_administration_lines(visit, time, context.rules, dating, lines, problems);
        if (*time.minutes > context.rules.long_infusion_warning_minutes) {
            problems.push_back(Problem{Severity::warning, "time.long-infusion", "pump_setups",
                                       "SC infusion of " + std::to_string(*time.minutes) +
                                           " min: document the medical necessity of the length"});
        }
    }
    derive_drug_lines(visit, context, out.setting, lines, problems);
    for (auto& line : lines) {
        if (!line.service_date) line.service_date = out.date_of_service;  // drug lines: the visit's date
    }
    if (out.date_of_service) apply_mue(lines, context, out.setting, *out.date_of_service, problems);
    if (out.setting == Setting::facility) {
        // coding-rules.md 6: the facility claim carries the same CPT lines with the clinic's revenue code.
        for (auto& line : lines) {
            line.revenue_code =
                line.kind == LineKind::administration ? context.clinic.revenue_code : context.clinic.drug_revenue_code;
        }
    }

    std::stable_partition(problems.begin(), problems.end(),
                          [](const Problem& p) { return p.severity == Severity::error; });
    out.billable = !has_errors(problems);
    out.problems = std::move(problems);
    if (out.billable) {
        out.lines = std::move(lines);
    } else {
        out.held_lines = std::move(lines);
    }
    return out;
}

}  // namespace infusion::core
