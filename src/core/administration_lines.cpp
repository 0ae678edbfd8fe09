#include "core/administration_lines.hpp"

#include "core/field_path.hpp"

#include <set>
#include <string>

namespace infusion::core {
namespace {

std::string site_list(const PumpSetup& setup, const std::set<std::string>& earlier) {
    std::string out;
    for (const auto& site : setup.sites) {
        if (!site.usable() || earlier.count(site.location) != 0) continue;
        if (out.find(site.location) != std::string::npos) continue;
        if (!out.empty()) out += ", ";
        out += site.location;
    }
    return out;
}

std::size_t usable_sites(const PumpSetup& setup) {
    std::size_t n = 0;
    for (const auto& site : setup.sites) n += site.usable() ? 1U : 0U;
    return n;
}

BillingLine admin_line(const char* code, int units, std::string reason, const char* description) {
    BillingLine line;
    line.kind = LineKind::administration;
    line.code = code;
    line.units = units;
    line.reason = std::move(reason);
    line.description = description;
    return line;
}

std::string plural(int n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

}  // namespace

int additional_hour_units(int minutes, const CodingRules& rules) {
    const int threshold = rules.first_hour_minutes + rules.add_on_more_than_minutes;
    if (minutes <= threshold) return 0;
    // ceil((T - threshold) / hour): each hour counts once T passes its first 30 minutes.
    return (minutes - threshold + rules.additional_hour_minutes - 1) / rules.additional_hour_minutes;
}

std::vector<std::size_t> setups_with_new_sites(const Visit& visit) {
    std::vector<std::size_t> out;
    std::set<std::string> used;
    for (std::size_t i = 0; i < visit.pump_setups.size(); ++i) {
        const auto& setup = visit.pump_setups[i];
        bool has_new = false;
        for (const auto& site : setup.sites) {
            if (site.usable() && used.count(site.location) == 0) has_new = true;
        }
        if (i > 0 && has_new) out.push_back(i);
        for (const auto& site : setup.sites) {
            if (site.usable()) used.insert(site.location);
        }
    }
    return out;
}

void derive_administration_lines(const Visit& visit, int minutes, const CodingRules& rules,
                                 std::vector<BillingLine>& lines, std::vector<Problem>& problems) {
    if (minutes <= 0 || visit.pump_setups.empty()) return;
    const std::string t = "SC infusion " + std::to_string(minutes) + " min";
    const auto additional = setups_with_new_sites(visit);

    if (minutes <= rules.injection_max_minutes) {
        // coding-rules.md 2: an SC infusion of 15 minutes or less is reported as an injection.
        lines.push_back(admin_line("96372", 1,
                                   t + " (" + std::to_string(rules.injection_max_minutes) +
                                       " min or less): reported as an SC injection, 96372",
                                   "Therapeutic injection, SC or IM"));
        if (!additional.empty() || visit.pump_setups.size() > 1) {
            problems.push_back(Problem{Severity::warning, "addon.suppressed", "pump_setups",
                                       "96371 not reported: an add-on needs 96369, and an infusion of " +
                                           std::to_string(rules.injection_max_minutes) +
                                           " min or less is reported as 96372"});
        }
        return;
    }

    const PumpSetup& first = visit.pump_setups.front();
    const int hour_units = additional_hour_units(minutes, rules);
    std::string reason = t + ": 96369, first hour, includes " + path::setup_name(0) +
                         (first.pump.empty() ? "" : " (" + first.pump + ")") + " and its " +
                         plural(static_cast<int>(usable_sites(first)), "site");
    const int past = minutes - rules.first_hour_minutes;
    if (hour_units == 0 && past > 0) {
        reason += "; " + std::to_string(past) + " min past the first hour is not more than " +
                  std::to_string(rules.add_on_more_than_minutes) + ": no 96370";
    }
    lines.push_back(admin_line("96369", 1, reason, "SC infusion, initial, up to 1 hour"));

    if (hour_units > 0) {
        lines.push_back(admin_line("96370", hour_units,
                                   t + ": 96369 + " + plural(hour_units, "additional hour") + " (" +
                                       std::to_string(past) +
                                       " min past the first hour; an hour counts when more than " +
                                       std::to_string(rules.add_on_more_than_minutes) + " min of it ran)",
                                   "SC infusion, each additional hour"));
    }

    if (!additional.empty()) {
        std::set<std::string> earlier;
        for (std::size_t i = 0; i < additional.front(); ++i) {
            for (const auto& site : visit.pump_setups[i].sites) {
                if (site.usable()) earlier.insert(site.location);
            }
        }
        const PumpSetup& setup = visit.pump_setups[additional.front()];
        lines.push_back(admin_line(
            "96371", 1,
            path::setup_name(additional.front()) + (setup.pump.empty() ? "" : " (" + setup.pump + ")") +
                ": additional pump set-up at new site(s) " + site_list(setup, earlier) + "; once per encounter",
            "SC infusion, additional pump set-up with new site(s)"));
        if (additional.size() > 1) {
            problems.push_back(Problem{Severity::warning, "addon.96371-once", "pump_setups",
                                       std::to_string(additional.size()) +
                                           " additional set-ups established new sites: 96371 is reported once per "
                                           "encounter"});
        }
    }
    // Additional set-ups on needles already in place (re-priming, a new syringe) are not 96371. Said only
    // when no set-up earned it: once 96371 is on the claim, a further re-primed set-up changes nothing.
    if (additional.empty()) {
        for (std::size_t i = 1; i < visit.pump_setups.size(); ++i) {
            problems.push_back(Problem{Severity::warning, "addon.96371-suppressed", path::setup(i) + ".sites",
                                       "96371 not reported for " + path::setup_name(i) +
                                           ": it uses no site that an earlier set-up had not already used"});
        }
    }
}

}  // namespace infusion::core
