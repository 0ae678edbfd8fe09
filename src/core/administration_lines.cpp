#include "core/administration_lines.hpp"

#include "core/field_path.hpp"
#include "core/wall_time.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <memory_resource>
#include <numeric>
#include <span>
#include <string>
#include <string_view>

namespace infusion::core {
namespace {

// Set-up indexes in some order. derive_administration_lines() keeps its few lists in an arena on its
// stack: on every derive() their heap allocations were a measurable share (issue 15).
using Order = std::pmr::vector<std::size_t>;
using Infused = std::pmr::vector<bool>;

// Which set-ups have a location that no set-up before them in `order` used; `infused` (when given) says
// which infused: one that infused nothing is neither the first nor an additional set-up, but its
// needles were placed, so its locations count as used for the set-ups after it.
Order new_site_setups(const Visit& visit, std::span<const std::size_t> order, const Infused* infused,
                      std::pmr::memory_resource* memory);

// A handful of sites per visit: a vector of views searched linearly allocates once, a set per name.
using SiteNames = std::vector<std::string_view>;
bool contains(const SiteNames& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string site_list(const PumpSetup& setup, const SiteNames& earlier) {
    std::string out;
    for (const auto& site : setup.sites) {
        if (!site.usable() || contains(earlier, site.location)) continue;
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

// The local date of `instant` on the service-day rule, the visit's date otherwise.
std::chrono::year_month_day day_of(std::optional<Instant> instant, const LineDating& dating) {
    if (dating.rule == LineDateRule::visit_date || !instant) return dating.date_of_service;
    return local_date_at(*instant, dating.zone).value_or(dating.date_of_service);
}

// +96370 on the service-day rule: each additional hour is dated by the local date on which it began
// (CMS Claims Processing Manual ch. 4 §230.2); consecutive hours of one date are one line.
void add_hour_lines(int hour_units, const std::string& reason, const InfusionTime& time, const CodingRules& rules,
                    const LineDating& dating, std::vector<BillingLine>& lines) {
    std::vector<std::pair<std::chrono::year_month_day, int>> days;
    for (int k = 0; k < hour_units; ++k) {
        std::optional<Instant> began;
        const auto offset = std::chrono::minutes{rules.first_hour_minutes + k * rules.additional_hour_minutes};
        if (auto at = instant_after(time.running, offset)) began = std::chrono::floor<std::chrono::seconds>(*at);
        // An hour whose start lies past the union (only with seconds = "round") keeps the last day.
        const auto day = began ? day_of(began, dating) : (days.empty() ? dating.date_of_service : days.back().first);
        if (days.empty() || days.back().first != day) {
            days.emplace_back(day, 1);
        } else {
            ++days.back().second;
        }
    }
    for (const auto& [day, units] : days) {
        std::string text = reason;
        if (days.size() > 1) {
            text += "; " + plural(units, "additional hour") + " of " + std::to_string(hour_units) + " began on " +
                    format_date(day) +
                    ": facility lines are dated the day the service was provided (CMS Claims Processing Manual "
                    "ch. 4 §230.2)";
        }
        BillingLine line = admin_line("96370", units, std::move(text), "SC infusion, each additional hour");
        line.service_date = day;
        lines.push_back(std::move(line));
    }
}

std::string capitalized(std::string text) {
    if (!text.empty() && text.front() >= 'a' && text.front() <= 'z')
        text.front() = static_cast<char>(text.front() - 32);
    return text;
}

// Every set-up in time order, those that infused nothing included (the file's order when the times did
// not give one).
Order every_setup_in_time_order(const Visit& visit, const InfusionTime& time, std::pmr::memory_resource* memory) {
    Order order(time.order.begin(), time.order.end(), memory);
    if (order.size() != visit.pump_setups.size()) {
        order.resize(visit.pump_setups.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
    }
    return order;
}

// The set-ups that infused, in time order (the file's order when the times did not give one). A set-up
// whose pauses cover it from start to stop infused nothing: it is neither the first set-up nor an
// additional one (written as start = stop it would hold the claim; paused whole it must not earn 96371),
// though its locations stay used for the set-ups after it (setups_with_new_sites).
Order setups_in_time_order(const Visit& visit, const InfusionTime& time, std::vector<Problem>& problems,
                           std::pmr::memory_resource* memory) {
    Order order = every_setup_in_time_order(visit, time, memory);
    if (time.infused.size() != visit.pump_setups.size()) return order;
    // Filtered in place: one list, not two, for every derive().
    std::size_t kept = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const std::size_t i = order[k];
        if (time.infused[i]) {
            order[kept++] = i;
            continue;
        }
        problems.push_back(Problem{Severity::warning, "setup.nothing-infused", path::setup(i) + ".pauses",
                                   capitalized(path::setup_name(i)) +
                                       " infused nothing: its pauses cover it from start to stop, so it is not "
                                       "counted as a pump set-up (no 96371 for it)"});
    }
    order.resize(kept);
    return order;
}

// `every` with its set-ups that infused taken in the order of `infusing` instead (a rotation of set-ups
// set up at the same time); those that infused nothing stay where they were.
Order with_infusing_order(const Order& every, const Infused& infused, const Order& infusing) {
    Order out(every, every.get_allocator());
    std::size_t next = 0;
    for (auto& i : out) {
        if ((i >= infused.size() || infused[i]) && next < infusing.size()) i = infusing[next++];
    }
    return out;
}

// [ed. 2] "Earlier" means earlier in time: set-ups set up at the same moment are neither earlier than
// the other, whatever the file's order. 96371 then stands only if it does whichever of them came first;
// when one of them as the first leaves no new site, that one is taken as the first and no 96371 is
// billed (never bill an add-on the documentation does not decide), and the nurse is told why.
void first_of_simultaneous(const Visit& visit, const InfusionTime& time, const Order& every, Order& order,
                           Order& additional, std::vector<Problem>& problems) {
    const auto when = [&](std::size_t i) {
        return i < time.setup_times.size() ? time.setup_times[i] : std::optional<Instant>{};
    };
    const auto first_time = when(order.front());
    if (!first_time) return;
    std::size_t tied = 1;
    while (tied < order.size() && when(order[tied]) == first_time) ++tied;
    for (std::size_t k = 1; k < tied; ++k) {
        Order other(order, order.get_allocator());
        std::rotate(other.begin(), other.begin() + static_cast<std::ptrdiff_t>(k),
                    other.begin() + static_cast<std::ptrdiff_t>(k + 1));
        if (!new_site_setups(visit, with_infusing_order(every, time.infused, other), &time.infused,
                             order.get_allocator().resource())
                 .empty())
            continue;
        problems.push_back(Problem{Severity::warning, "addon.96371-same-time", path::setup(order[k]) + ".set_up_at",
                                   capitalized(path::setup_name(order.front())) + " and " + path::setup_name(order[k]) +
                                       " were set up at the same time, so neither is the additional one: 96371 is "
                                       "not reported, as with " +
                                       path::setup_name(order[k]) +
                                       " first no set-up adds a new site. Document the set-up times if one came "
                                       "first"});
        order = std::move(other);
        additional.clear();
        return;
    }
}

}  // namespace

int additional_hour_units(int minutes, const CodingRules& rules) {
    const int threshold = rules.first_hour_minutes + rules.add_on_more_than_minutes;
    if (minutes <= threshold) return 0;
    // ceil((T - threshold) / hour): each hour counts once T passes its first 30 minutes.
    return (minutes - threshold + rules.additional_hour_minutes - 1) / rules.additional_hour_minutes;
}

std::vector<std::size_t> setups_with_new_sites(const Visit& visit) {
    std::vector<std::size_t> order(visit.pump_setups.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    return setups_with_new_sites(visit, order);
}

std::vector<std::size_t> setups_with_new_sites(const Visit& visit, const std::vector<std::size_t>& order) {
    const Order found = new_site_setups(visit, order, nullptr, std::pmr::get_default_resource());
    return {found.begin(), found.end()};
}

namespace {

Order new_site_setups(const Visit& visit, std::span<const std::size_t> order, const Infused* infused,
                      std::pmr::memory_resource* memory) {
    // A location is used when a set-up before this one in `order` has a usable site there. The earlier
    // set-ups are searched in place: a visit has a few set-ups of a few sites, and derive() runs on every
    // keystroke, so no list of used locations is built.
    const auto used_before = [&](std::size_t n, std::string_view location) {
        for (std::size_t k = 0; k < n; ++k) {
            for (const auto& site : visit.pump_setups[order[k]].sites) {
                if (site.usable() && site.location == location) return true;
            }
        }
        return false;
    };
    Order out(memory);
    bool first_seen = false;
    for (std::size_t n = 0; n < order.size(); ++n) {
        const std::size_t i = order[n];
        const bool counts = infused == nullptr || i >= infused->size() || (*infused)[i];
        if (counts && first_seen) {
            const auto& sites = visit.pump_setups[i].sites;
            const bool has_new = std::any_of(sites.begin(), sites.end(), [&](const Site& site) {
                return site.usable() && !used_before(n, site.location);
            });
            if (has_new) out.push_back(i);
        }
        first_seen = first_seen || counts;
    }
    return out;
}

// "SC infusion 75 min", written into `buffer`: it begins every administration line's reason.
std::string_view infusion_text(int minutes, std::array<char, 48>& buffer) {
    constexpr std::string_view head = "SC infusion ";
    constexpr std::string_view tail = " min";
    char* at = std::copy(head.begin(), head.end(), buffer.data());
    at = std::to_chars(at, buffer.data() + buffer.size() - tail.size(), minutes).ptr;
    at = std::copy(tail.begin(), tail.end(), at);
    return {buffer.data(), static_cast<std::size_t>(at - buffer.data())};
}

}  // namespace

void derive_administration_lines(const Visit& visit, const InfusionTime& time, const CodingRules& rules,
                                 const LineDating& dating, std::vector<BillingLine>& lines,
                                 std::vector<Problem>& problems) {
    if (!time.minutes || *time.minutes <= 0 || visit.pump_setups.empty()) return;
    const int minutes = *time.minutes;
    std::array<char, 48> t_buffer{};
    const std::string_view t = infusion_text(minutes, t_buffer);
    std::array<std::byte, 512> order_buffer;  // left uninitialised: the arena hands it out
    std::pmr::monotonic_buffer_resource memory(order_buffer.data(), order_buffer.size());
    Order order = setups_in_time_order(visit, time, problems, &memory);
    if (order.empty()) return;
    // The full order differs only when a set-up infused nothing (its sites stay used): built only then.
    const Order every =
        order.size() == visit.pump_setups.size() ? Order(&memory) : every_setup_in_time_order(visit, time, &memory);
    const Order& sites_order = every.empty() ? order : every;
    Order additional = new_site_setups(visit, sites_order, &time.infused, &memory);
    if (!additional.empty()) first_of_simultaneous(visit, time, sites_order, order, additional, problems);

    if (minutes <= rules.injection_max_minutes) {
        // coding-rules.md 2: an SC infusion of 15 minutes or less is reported as an injection.
        BillingLine line = admin_line(
            "96372", 1, cat(t, " (", rules.injection_max_minutes, " min or less): reported as an SC injection, 96372"),
            "Therapeutic injection, SC or IM");
        line.service_date = dating.date_of_service;
        lines.push_back(std::move(line));
        // Why no 96371: a set-up at new sites was there, or the others only used the same sites again (the
        // first reason alone was given for both, found from outside).
        const std::string short_infusion =
            "an infusion of " + std::to_string(rules.injection_max_minutes) + " min or less is reported as 96372";
        if (!additional.empty()) {
            problems.push_back(Problem{Severity::warning, "addon.suppressed", "pump_setups",
                                       "96371 not reported: an add-on needs 96369, and " + short_infusion});
        } else if (visit.pump_setups.size() > 1) {
            problems.push_back(
                Problem{Severity::warning, "addon.suppressed", "pump_setups",
                        "96371 not reported: no further set-up used a new site (and " + short_infusion + ")"});
        }
        return;
    }

    // [ed. 2] The first set-up is the earliest in time, not the first in the file.
    const std::size_t first_index = order.front();
    const PumpSetup& first = visit.pump_setups[first_index];
    const int hour_units = additional_hour_units(minutes, rules);
    const std::size_t sites = usable_sites(first);
    std::string reason;
    reason.reserve(200);
    append(reason, t, ": 96369, first hour, includes pump set-up ", first_index + 1);
    if (!first.pump.empty()) append(reason, " (", first.pump, ')');
    // "and its 0 sites" read as a count to check (found from outside): a set-up none of whose needles was
    // used (each returned blood, or none was placed) is said so.
    if (sites == 0) {
        append(reason, ", with no site used");
    } else {
        append(reason, " and its ", sites, sites == 1 ? " site" : " sites");
    }
    const int past = minutes - rules.first_hour_minutes;
    if (hour_units == 0 && past > 0) {
        append(reason, "; ", past, " min past the first hour is not more than ", rules.add_on_more_than_minutes,
               ": no 96370");
    }
    BillingLine initial = admin_line("96369", 1, std::move(reason), "SC infusion, initial, up to 1 hour");
    initial.service_date = dating.date_of_service;  // one initial service, on the day the infusion began
    lines.push_back(std::move(initial));

    if (hour_units > 0) {
        add_hour_lines(hour_units,
                       cat(t, ": 96369 + ", hour_units, hour_units == 1 ? " additional hour" : " additional hours",
                           " (", past, " min past the first hour; an hour counts when more than ",
                           rules.add_on_more_than_minutes, " min of it ran)"),
                       time, rules, dating, lines);
    }

    if (!additional.empty()) {
        SiteNames earlier;
        for (std::size_t n = 0; n < order.size() && order[n] != additional.front(); ++n) {
            for (const auto& site : visit.pump_setups[order[n]].sites) {
                if (site.usable()) earlier.push_back(site.location);
            }
        }
        const PumpSetup& setup = visit.pump_setups[additional.front()];
        BillingLine line = admin_line(
            "96371", 1,
            path::setup_name(additional.front()) + (setup.pump.empty() ? "" : " (" + setup.pump + ")") +
                ": additional pump set-up at new site(s) " + site_list(setup, earlier) + "; once per encounter",
            "SC infusion, additional pump set-up with new site(s)");
        const std::optional<Instant> set_up =
            additional.front() < time.setup_times.size() ? time.setup_times[additional.front()] : std::nullopt;
        // A set-up made before midnight for an infusion that began after it is dated with that infusion:
        // an add-on never precedes its initial service (96369 takes the date of service), and a facility
        // line dated before the claim's first day falls outside its statement period.
        line.service_date = day_of(set_up, dating);
        if (*line.service_date < dating.date_of_service) {
            line.reason += "; set up on " + format_date(*line.service_date) + ", before the infusion began: dated " +
                           format_date(dating.date_of_service) + " with the initial service it adds to";
            line.service_date = dating.date_of_service;
        }
        lines.push_back(std::move(line));
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
        for (std::size_t n = 1; n < order.size(); ++n) {
            const std::size_t i = order[n];
            problems.push_back(Problem{Severity::warning, "addon.96371-suppressed", path::setup(i) + ".sites",
                                       "96371 not reported for " + path::setup_name(i) +
                                           ": it uses no site that an earlier set-up had not already used"});
        }
    }
}

}  // namespace infusion::core
