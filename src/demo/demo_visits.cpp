// Demo visits (see demo_visits.hpp): the generator's state, and one visit at a time. The numbers here
// are plausibility choices for demos, not billing rules; the clinical ranges follow
// /work/shared/domain/practice.md (product labels, INS 2023). The random draws are in demo_random,
// the calendar in demo_calendar, the catalogs and patients in demo_people.
//
// Sections:
//   1. The generator's state
//   2. One visit: substance, set-ups and sites, times, notes
//   3. The next visit: its day and start time
//   4. DemoVisitGenerator
#include "demo/demo_visits.hpp"

#include "demo/demo_calendar.hpp"
#include "demo/demo_people.hpp"
#include "demo/demo_random.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace infusion::demo {

using detail::Clock;
using detail::Day;
using detail::DemoPatient;
using detail::Product;
using detail::ProductSpec;
using detail::Regimen;
using std::chrono::local_days;

namespace {

// The office list: first start 08:10, last start before 16:00 (set-up from 08:00), in minutes.
constexpr int office_first = 8 * 60 + 10;
constexpr int office_last = 16 * 60;

}  // namespace

// ---- 1. The generator's state -------------------------------------------------------------------
struct DemoVisitGenerator::State {
    DemoOptions options;
    detail::Rng rng;
    detail::Clinic clinic;
    std::vector<DemoPatient> patients;
    std::vector<std::size_t> order;  // visit k is for patients[order[k % size]]: regular intervals
    std::vector<Day> range;
    std::size_t day = 0;
    std::uint64_t taken_today = 0;
    std::uint64_t produced = 0;

    State(DemoOptions opts, const core::SubstanceCatalog& substances, const core::SiteCatalog& sites);
    core::Site make_site(std::size_t site, const DemoPatient& p, core::Aspiration aspiration) const;
    core::Visit make_visit(const Day& today, int start, std::optional<int> cutoff);
    // options.last_day_until when it applies to `today` (the last day, not a change day, after its first visit).
    [[nodiscard]] std::optional<int> cutoff_on(const Day& today) const;
    core::Visit next();
};

DemoVisitGenerator::State::State(DemoOptions opts, const core::SubstanceCatalog& substances,
                                 const core::SiteCatalog& sites)
    : options(std::move(opts)), rng(options.seed) {
    const auto& o = options;
    if (!o.first_day.ok() || !o.last_day.ok() || o.last_day < o.first_day) {
        throw std::invalid_argument("demo visits: first_day and last_day must be valid dates, in order");
    }
    const local_days first{o.first_day};
    const local_days last{o.last_day};
    if ((last - first).count() > 36525) throw std::invalid_argument("demo visits: the range is over 100 years");
    if (detail::resolve_local(detail::reading(first, 12 * 60), o.time_zone).status ==
        core::TimeResolution::unknown_zone) {
        throw std::invalid_argument("demo visits: unknown time zone '" + o.time_zone + "'");
    }
    if (options.nurses.empty()) options.nurses = DemoOptions{}.nurses;
    if (options.visits == 0) options.visits = DemoOptions{}.visits;
    clinic = detail::load_clinic(substances, sites);

    // Before the list's first visit the last day has reached none of it; after its last start, all.
    const double last_share =
        o.last_day_until ? static_cast<double>(*o.last_day_until - office_first) / (office_last - office_first) : 1.0;
    range = detail::plan_days(first, last, options.time_zone, options.visits, last_share);

    constexpr std::uint64_t max_patients = 500000;  // MRNs are 6 digits: keep drawing them cheap
    // Visits go to the patients in turn, so a patient comes back after as many visits as there are
    // patients: at least five busiest days' worth, or a short range (500 visits over 14 days) brought
    // each patient back twice a day, which no clinic does (SC immune globulin is weekly or so).
    std::uint64_t busiest_day = 0;
    for (const auto& planned : range) busiest_day = std::max(busiest_day, planned.count);
    const std::uint64_t wanted = options.patients > 0
                                     ? static_cast<std::uint64_t>(options.patients)
                                     : std::max({std::uint64_t{5}, options.visits / 20, 5 * busiest_day});
    const std::size_t count = static_cast<std::size_t>(std::min(wanted, max_patients));
    patients = detail::make_patients(rng, clinic, options.nurses, first, count);
    order.resize(count);
    for (std::size_t i = 0; i < count; ++i) order[i] = i;
    rng.shuffle(order);
}

// ---- 2. One visit -------------------------------------------------------------------------------
namespace {

struct TimedNote {
    int minute = 0;
    core::NoteKind kind = core::NoteKind::general;
    std::string text;
};

std::string minutes_text(int m) { return std::to_string(m) + " min"; }

}  // namespace

core::Site DemoVisitGenerator::State::make_site(std::size_t site, const DemoPatient& p,
                                                core::Aspiration aspiration) const {
    core::Site s;
    s.location = clinic.site_ids[site];
    s.needle = p.needle;
    s.prepped = true;
    s.aspiration = aspiration;
    s.secured = true;
    return s;
}

std::optional<int> DemoVisitGenerator::State::cutoff_on(const Day& today) const {
    if (&today != &range.back() || today.dst || !options.last_day_until) return std::nullopt;
    if (*options.last_day_until <= office_first) return std::nullopt;  // only a last day alone has visits then
    return options.last_day_until;
}

core::Visit DemoVisitGenerator::State::make_visit(const Day& today, int start, std::optional<int> cutoff) {
    DemoPatient& p = patients[order[produced % order.size()]];
    const Product& product = p.hydration ? *clinic.saline : clinic.products[p.product];
    const ProductSpec& spec = *product.spec;
    Clock clock{today.date, today.dst ? &*today.dst : nullptr, &options.time_zone, false};
    clock.write_offsets = today.dst && rng.chance(0.5);

    core::Visit v;
    v.patient = p.info;
    v.clinician = rng.chance(0.7) ? p.nurse : options.nurses[rng.index(options.nurses.size())];
    v.setting = rng.chance(0.05) ? core::Setting::facility : core::Setting::office;
    v.time_zone = options.time_zone;
    v.diagnoses = p.diagnoses;

    // Substance: a standing order, so the same dose each time; a new lot now and then.
    core::Substance substance;
    substance.name = product.name;
    if (rng.chance(0.2)) p.lot = detail::make_lot(rng, spec.lot);
    substance.lot = p.lot;
    int sites_first = p.sites;
    int length = 0;
    if (p.hydration) {
        static constexpr std::array<int, 4> volumes{500, 750, 1000, 1000};
        const int volume = detail::pick_any(rng, volumes);
        substance.dose = volume;
        substance.unit = core::DoseUnit::mL;
        sites_first = volume >= 750 ? 2 : 1;
        const double hours = volume / (sites_first * spec.ml_per_hour_per_site);
        length = std::clamp(static_cast<int>(std::lround(hours * 60.0)) + rng.between(-15, 15), 120, 300);
    } else {
        substance.dose = p.dose_g;
        substance.unit = core::DoseUnit::g;
        substance.ndc = p.ndc;
        static constexpr std::array<double, 3> discarded{0.5, 1.0, 2.0};
        substance.wasted = rng.chance(0.06) ? detail::pick_any(rng, discarded) : 0.0;
        const bool monthly = spec.regimen == Regimen::monthly;
        length = std::clamp(p.usual_minutes + rng.between(-8, 8), monthly ? 90 : 45, monthly ? 180 : 150);
    }
    v.substances.push_back(std::move(substance));

    // The site checklist: complete on most visits (practice.md step 3-5).
    const bool not_checked = rng.chance(0.03);
    const core::Aspiration aspiration = not_checked ? core::Aspiration::not_checked : core::Aspiration::no_blood;
    std::vector<bool> used(clinic.site_ids.size(), false);
    std::vector<TimedNote> notes;

    core::PumpSetup first;
    first.pump = p.pump;
    first.set_up_at = clock.at(start - rng.between(5, 10));
    first.start = clock.at(start);
    const int stop_first = start + length;
    for (const std::size_t site : detail::take_sites(p, static_cast<std::size_t>(sites_first), used)) {
        first.sites.push_back(make_site(site, p, aspiration));
    }
    if (!not_checked && rng.chance(0.02)) {
        // Blood on aspiration: that needle comes out, a new one goes in elsewhere on the same pump.
        const auto replacement = detail::take_sites(p, 1, used);
        if (!replacement.empty()) {
            const std::size_t bad = rng.index(first.sites.size());
            first.sites[bad].aspiration = core::Aspiration::blood;
            first.sites[bad].secured.reset();  // removed before it was secured
            const std::string was = first.sites[bad].location;
            first.sites.insert(first.sites.begin() + static_cast<std::ptrdiff_t>(bad) + 1,
                               make_site(replacement.front(), p, core::Aspiration::no_blood));
            notes.push_back({start - 2, core::NoteKind::general,
                             "Blood return at " + was + "; needle removed, new needle at " +
                                 clinic.site_ids[replacement.front()] + "."});
        }
    }
    if (rng.chance(0.01)) first.sites.back().secured.reset();  // securing not charted: a warning
    first.stop = clock.at(stop_first);
    v.pump_setups.push_back(std::move(first));
    int last_stop = stop_first;

    // A second pump set-up at new sites (practice.md step 8): volume split or a new syringe.
    struct Span {
        int set_up, begin, end;
    };
    std::optional<Span> second_at;
    if (rng.chance(0.12)) {
        const int wanted = rng.between(1, std::min(2, spec.max_sites));
        const auto sites = detail::take_sites(p, static_cast<std::size_t>(wanted), used);
        if (!sites.empty()) {
            core::PumpSetup second;
            second.pump = p.pump;
            int set_up = 0;
            int begin = 0;
            int end = 0;
            if (rng.chance(0.55)) {  // both pumps run together and finish about together
                set_up = start + rng.between(0, 10);
                begin = set_up + rng.between(5, 10);
                end = std::max(begin + 30, stop_first + rng.between(-5, 10));
                notes.push_back({set_up, core::NoteKind::general, "Volume split: second pump set up at new sites."});
            } else {  // the rest of the dose after the first syringe
                set_up = stop_first + rng.between(2, 10);
                begin = set_up + rng.between(5, 10);
                end = begin + rng.between(20, 45);
                notes.push_back({set_up, core::NoteKind::general, "Second syringe: new pump set-up at new sites."});
            }
            second.set_up_at = clock.at(set_up);
            second.start = clock.at(begin);
            second.stop = clock.at(end);
            for (const std::size_t site : sites) second.sites.push_back(make_site(site, p, aspiration));
            v.pump_setups.push_back(std::move(second));
            second_at = Span{set_up, begin, end};
            last_stop = std::max(last_stop, end);
        }
    }
    // Still running at export, or the stop never charted: the visit is held (coding-rules.md 5).
    const bool stopped = !rng.chance(0.02);
    if (!stopped) v.pump_setups.back().stop.reset();

    // Notes: monitoring 30-60 min after the start (INS 2023), reactions, site condition, instructions.
    if (rng.chance(0.92)) {
        const int after = rng.between(30, std::min(60, length - 5));
        static constexpr std::array<std::string_view, 4> checks{
            ": no redness or swelling.", ": no redness or swelling. Patient comfortable.",
            ": sites intact, no leaking; vital signs stable.", ": expected mild swelling, no redness."};
        notes.push_back({start + after, core::NoteKind::monitoring,
                         "Sites checked at " + minutes_text(after) + std::string(detail::pick_any(rng, checks))});
    }
    const std::string& where = v.pump_setups.front().sites.back().location;  // always a usable site
    if (rng.chance(0.08)) {
        const std::string size = std::to_string(rng.between(1, 4)) + " cm";
        if (stopped && rng.chance(0.6)) {
            const std::array<std::string, 4> conditions{
                "Mild redness and swelling at " + where + ", " + size + "; cool compress given.",
                "Itching at " + where + " at end of infusion; resolved without treatment.",
                "Small leak at the " + where + " needle; dressing reinforced.",
                "Induration at " + where + ", " + size + ", non-tender; patient reassured."};
            notes.push_back(
                {stop_first + rng.between(0, 5), core::NoteKind::site_condition, detail::pick_any(rng, conditions)});
        } else {
            const int after = rng.between(20, length - 5);
            const std::string when = " at " + minutes_text(after);
            const std::array<std::string, 4> reactions{
                "Mild headache" + when + "; acetaminophen given per order, vital signs stable.",
                "Mild nausea" + when + "; vital signs stable, resolved by end of infusion.",
                "Fatigue and chills" + when + "; temperature 99.5 F, monitored.",
                "Localized hives near " + where + when + "; diphenhydramine 25 mg PO per order, resolved."};
            notes.push_back({start + after, core::NoteKind::reaction, detail::pick_any(rng, reactions)});
        }
    }
    if (stopped && rng.chance(0.6)) {
        std::string_view text;
        if (p.hydration) {
            text = "Encourage oral fluids; call if dizziness or low urine output.";
        } else if (spec.regimen == Regimen::monthly) {
            text = "Next infusion in 4 weeks; swelling at the sites may last 1-2 days.";
        } else {
            static constexpr std::array<std::string_view, 3> advice{
                "Next infusion in 7 days; rotate sites as planned.",
                "Site care reviewed: cool compress for swelling; report fever or swelling over 5 cm.",
                "Keep the infusion log and drink fluids today."};
            text = detail::pick_any(rng, advice);
        }
        notes.push_back({last_stop + rng.between(0, 8), core::NoteKind::instructions, std::string(text)});
    }
    // Still running when the data ends: documented as far as it has come. Applied after every draw, so
    // the visits after this one are the same with or without a cutoff.
    if (cutoff) {
        if (second_at && second_at->set_up > *cutoff) {
            v.pump_setups.pop_back();  // not set up yet
        } else if (second_at) {
            if (second_at->begin > *cutoff) v.pump_setups.back().start.reset();
            if (second_at->end > *cutoff) v.pump_setups.back().stop.reset();
        }
        if (stop_first > *cutoff) v.pump_setups.front().stop.reset();
        std::erase_if(notes, [&](const TimedNote& n) { return n.minute > *cutoff; });
    }
    std::stable_sort(notes.begin(), notes.end(),
                     [](const TimedNote& a, const TimedNote& b) { return a.minute < b.minute; });
    v.notes.reserve(notes.size());
    for (auto& note : notes) v.notes.push_back(core::Note{clock.at(note.minute), note.kind, std::move(note.text)});
    return v;
}

// ---- 3. The next visit --------------------------------------------------------------------------
core::Visit DemoVisitGenerator::State::next() {
    while (day < range.size() && taken_today >= range[day].count) {
        ++day;
        taken_today = 0;
    }
    // Past the planned total every visit falls on the last day, at a random time of its window.
    const bool beyond = day >= range.size();
    const Day& today = beyond ? range.back() : range[day];
    // Office list 08:10-16:00 (set-up from 08:00); on a change day, nights around the change. On the last
    // day with a cutoff, the starts so far.
    int lo = office_first;
    int hi = office_last;
    if (today.dst) {
        lo = std::max(15, today.dst->transition_minute - 100);
        hi = today.dst->transition_minute + 30;
    }
    const std::optional<int> cutoff = cutoff_on(today);
    if (cutoff) hi = std::min(hi, *cutoff);
    // Slots in order through the day, with jitter inside each slot, so start times rise with k.
    const double slots = beyond ? 1.0 : static_cast<double>(today.count);
    const double slot = beyond ? 0.0 : static_cast<double>(taken_today);
    const int start = lo + static_cast<int>(std::floor((slot + rng.unit()) * (hi - lo) / slots));
    if (!beyond) ++taken_today;
    core::Visit visit = make_visit(today, start, cutoff);
    ++produced;
    return visit;
}

// ---- 4. DemoVisitGenerator ----------------------------------------------------------------------
DemoVisitGenerator::DemoVisitGenerator(DemoOptions options, const core::SubstanceCatalog& substances,
                                       const core::SiteCatalog& sites)
    : m_state(std::make_unique<State>(std::move(options), substances, sites)) {}

DemoVisitGenerator::~DemoVisitGenerator() = default;
DemoVisitGenerator::DemoVisitGenerator(DemoVisitGenerator&&) noexcept = default;
DemoVisitGenerator& DemoVisitGenerator::operator=(DemoVisitGenerator&&) noexcept = default;

core::Visit DemoVisitGenerator::next() { return m_state->next(); }

std::uint64_t DemoVisitGenerator::produced() const { return m_state->produced; }

}  // namespace infusion::demo
