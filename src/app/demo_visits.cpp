// Demo visits (see demo_visits.hpp). The numbers here are plausibility choices for demos, not billing
// rules; the clinical ranges follow /work/shared/domain/practice.md (product labels, INS 2023).
//
// Sections:
//   1. Random draws: portable, so a seed means the same visits everywhere
//   2. Reference lists: names, allergies, diagnoses, products, pumps, needles, lots
//   3. Calendar: day weights, daylight-saving change days, visits per day, clock readings
//   4. Patients: stable MRN, name, regimen and site rotation; the generator's state
//   5. One visit: substance, set-ups and sites, times, notes
//   6. DemoVisitGenerator
#include "app/demo_visits.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace infusion::app {
namespace {

using std::chrono::days;
using std::chrono::local_days;
using std::chrono::minutes;

// ---- 1. Random draws ----------------------------------------------------------------------------
// std::uniform_int_distribution, std::shuffle and friends are implementation-defined, so libstdc++
// and libc++ would give different visits for one seed. mt19937_64 itself is fully specified.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_engine(seed) {}

    // [0, n), n > 0, by rejection so no value is favoured.
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t threshold = (std::uint64_t{0} - n) % n;  // 2^64 mod n
        for (;;) {
            const std::uint64_t r = m_engine();
            if (r >= threshold) return r % n;
        }
    }
    int between(int lo, int hi) {  // [lo, hi]
        const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(hi) - lo + 1);
        return static_cast<int>(lo + static_cast<std::int64_t>(below(span)));
    }
    std::size_t index(std::size_t n) { return static_cast<std::size_t>(below(n)); }
    double unit() { return static_cast<double>(m_engine() >> 11U) * 0x1.0p-53; }  // [0, 1)
    bool chance(double p) { return unit() < p; }

    template <class T>
    void shuffle(std::vector<T>& items) {  // Fisher-Yates
        for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[index(i)]);
    }

private:
    std::mt19937_64 m_engine;
};

struct Weighted {
    std::string_view text;
    int weight;
};

template <std::size_t N>
std::string_view pick(Rng& rng, const std::array<Weighted, N>& table) {
    int total = 0;
    for (const auto& row : table) total += row.weight;
    int r = rng.between(0, total - 1);
    for (const auto& row : table) {
        if (r < row.weight) return row.text;
        r -= row.weight;
    }
    return table.back().text;
}

template <class T, std::size_t N>
const T& pick_any(Rng& rng, const std::array<T, N>& items) {
    return items[rng.index(N)];
}

std::string digits(Rng& rng, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out += static_cast<char>('0' + rng.between(0, 9));
    return out;
}

// ---- 2. Reference lists -------------------------------------------------------------------------
// Names by origin, so most patients get a family and a given name that go together.
struct NameGroup {
    std::array<std::string_view, 6> family;
    std::array<std::string_view, 6> given;
};

constexpr std::array<NameGroup, 10> name_groups{{
    {{"Peña", "García", "Hernández", "Rivera", "López", "Martínez"},
     {"Ana", "José", "María", "Luis", "Sofía", "Tomás"}},
    {{"Smith", "Johnson", "Williams", "Brown", "Thompson", "Jackson"},
     {"Mary", "James", "Patricia", "Robert", "Emily", "Michael"}},
    {{"O'Brien", "Murphy", "Kelly", "Walsh", "Byrne", "Doyle"},
     {"Aoife", "Siobhán", "Seán", "Ciarán", "Niamh", "Declan"}},
    {{"Müller", "Schmidt", "Fischer", "Østergaard", "Andersson", "Virtanen"},
     {"Jürgen", "Anna", "Lukas", "Björn", "Ingrid", "Søren"}},
    {{"Kowalski", "Wiśniewski", "Dvořák", "Novák", "Ivanova", "Petrov"},
     {"Małgorzata", "Piotr", "Jiří", "Olga", "Dmitri", "Zuzana"}},
    {{"Moreau", "Lefèvre", "Dubois", "Rossi", "Bianchi", "Papadopoulos"},
     {"François", "Hélène", "Chloé", "Giulia", "Marco", "Eleni"}},
    {{"Nguyễn", "Trần", "Phạm", "Chen", "Wang", "Li"}, {"Linh", "Minh", "Thảo", "Mei", "Wei", "Jun"}},
    {{"Kim", "Park", "Choi", "Tanaka", "Suzuki", "Sato"},
     {"Ji-woo", "Min-jun", "Seo-yeon", "Hiroshi", "Yuki", "Haruto"}},
    {{"Patel", "Shah", "Singh", "Haddad", "Khoury", "Yılmaz"}, {"Priya", "Arjun", "Ravi", "Layla", "Omar", "Elif"}},
    {{"Okonkwo", "Mensah", "Adeyemi", "Mwangi", "Diallo", "Abebe"},
     {"Chidi", "Ngozi", "Kwame", "Amara", "Fatoumata", "Tesfaye"}},
}};

constexpr std::array<Weighted, 11> allergies{{
    {"NKDA", 52},
    {"Penicillin (rash)", 10},
    {"Sulfa drugs (hives)", 6},
    {"Latex", 4},
    {"Adhesive tape: use paper tape", 5},
    {"Chlorhexidine: use alcohol prep", 2},
    {"Shellfish", 3},
    {"Codeine (nausea)", 4},
    {"Penicillin, latex", 2},
    {"Headache with fast IG rates", 4},
    {"", 8},  // not yet documented
}};

// ICD-10-CM for SCIG: CVID, hypogammaglobulinemia, other immunodeficiency, CIDP.
constexpr std::array<Weighted, 6> scig_diagnoses{{
    {"D83.9", 28},   // common variable immunodeficiency, unspecified
    {"D80.1", 26},   // nonfamilial hypogammaglobulinemia
    {"D84.9", 12},   // immunodeficiency, unspecified
    {"D80.0", 8},    // hereditary hypogammaglobulinemia
    {"G61.81", 16},  // chronic inflammatory demyelinating polyneuritis
    {"D81.9", 4},    // combined immunodeficiency, unspecified
}};
constexpr std::string_view cidp = "G61.81";
constexpr std::string_view dehydration = "E86.0";

enum class Regimen { weekly, monthly, hydration };
enum class LotStyle { csl, takeda, grifols, octapharma, fluids };

struct ProductSpec {
    std::string_view name;
    int weight;
    Regimen regimen;
    double default_mg_per_ml;  // when the catalog gives no concentration
    double ml_per_site;        // label volume per site: sets the number of needles
    double ml_per_hour_per_site;
    int max_sites;
    LotStyle lot;
    bool cidp;  // labelled for CIDP: the only products offered for G61.81
};

// practice.md: Hizentra up to 25 mL/site, Cuvitru up to 60, HyQvia about 300 on 1-2 sites.
constexpr std::array<ProductSpec, 7> scig_specs{{
    {"Hizentra", 35, Regimen::weekly, 200, 25, 25, 4, LotStyle::csl, true},
    {"Cuvitru", 20, Regimen::weekly, 200, 60, 40, 4, LotStyle::takeda, false},
    {"HyQvia", 15, Regimen::monthly, 100, 300, 160, 2, LotStyle::takeda, true},
    {"Xembify", 10, Regimen::weekly, 200, 25, 25, 4, LotStyle::grifols, false},
    {"Cutaquig", 8, Regimen::weekly, 165, 40, 25, 4, LotStyle::octapharma, false},
    {"Gamunex-C", 7, Regimen::weekly, 100, 40, 20, 4, LotStyle::grifols, false},
    {"Gammagard Liquid", 5, Regimen::weekly, 100, 40, 20, 4, LotStyle::takeda, false},
}};
// Hypodermoclysis: 20-100 mL/h per site (practice.md).
constexpr ProductSpec saline_spec{"Normal saline 0.9%", 0, Regimen::hydration, 0, 750, 75, 2, LotStyle::fluids, false};

// Weekly SCIG pumps: mechanical constant-pressure pumps are the most common (practice.md). A dose
// larger than one syringe takes a new syringe on the same needles, which is not a new set-up.
constexpr std::array<Weighted, 5> scig_pumps{
    {{"Freedom60", 45}, {"EMED SCIg60", 15}, {"Crono S-PID 50", 20}, {"CADD Solis", 10}, {"Niki T34", 10}}};
// HyQvia (200-400 mL, rate steps) and hydration bags need a variable-rate pump with a large
// reservoir; HyQvia is not given with the Freedom60 (practice.md).
constexpr std::string_view large_volume_pump = "CADD Solis";

constexpr std::array<Weighted, 5> adult_needles{
    {{"27G 9mm", 55}, {"27G 12mm", 15}, {"26G 9mm", 12}, {"26G 12mm", 10}, {"27G 6mm", 8}}};
constexpr std::array<Weighted, 3> hyqvia_needles{{{"24G 9mm", 50}, {"24G 12mm", 35}, {"24G 14mm", 15}}};

constexpr std::string_view lot_letters = "ABCDEFGHJKLMNPRSTUVWXYZ";

// Plausible lot shapes per manufacturer; invented, never real lots. One draw per statement: the
// operands of a + b + c may be evaluated in any order, which would make lots compiler-dependent.
std::string make_lot(Rng& rng, LotStyle style) {
    const auto letter = [&](std::string& out) { out += lot_letters[rng.index(lot_letters.size())]; };
    std::string out;
    switch (style) {
        case LotStyle::csl:
            out = "P";
            out += digits(rng, 6);
            break;
        case LotStyle::takeda:
            out = "LE";
            out += digits(rng, 2);
            letter(out);
            out += digits(rng, 3);
            break;
        case LotStyle::grifols:
            letter(out);
            out += digits(rng, 1);
            letter(out);
            out += digits(rng, 4);
            break;
        case LotStyle::octapharma:
            out = "M";
            out += digits(rng, 3);
            letter(out);
            out += digits(rng, 4);
            break;
        case LotStyle::fluids:
            out = "Y";
            out += digits(rng, 6);
            break;
    }
    return out;
}

// ---- 3. Calendar --------------------------------------------------------------------------------
struct DstChange {
    int transition_minute = 0;  // elapsed minutes from local midnight to the change
    minutes before{};           // UTC offset before the change
    minutes after{};
};

struct Day {
    local_days date;
    std::uint64_t count = 0;
    std::optional<DstChange> dst;  // set: the day's visits are night visits around the change
};

core::LocalSeconds reading(local_days date, int minute) { return core::LocalSeconds{date} + minutes{minute}; }

core::ResolvedTime resolve_local(core::LocalSeconds local, const std::string& zone) {
    core::WallTime t;
    t.local = local;
    return core::resolve(t, zone);
}

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
void assign_counts(std::vector<Day>& range, std::uint64_t visits) {
    std::vector<double> weights(range.size());
    double regular_total = 0.0;
    for (std::size_t i = 0; i < range.size(); ++i) {
        weights[i] = regular_weight(range[i].date);
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

// Turns minutes after local midnight into what the nurse writes. On a change day the minutes are
// elapsed time, so a visit crossing the change reads like the wall clock: 01:40 EST then 03:30 EDT.
struct Clock {
    local_days date;
    const DstChange* dst = nullptr;
    const std::string* zone = nullptr;
    bool write_offsets = false;  // in the repeated hour, write the offset (else the visit is held)

    [[nodiscard]] core::WallTime at(int minute) const {
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
};

// ---- 4. Patients, and the generator's state -----------------------------------------------------
struct Product {
    std::string name;  // as the catalog spells it
    const ProductSpec* spec = nullptr;
    double mg_per_ml = 0.0;
    std::vector<std::string> ndcs;
};

struct DemoPatient {
    core::Patient info;
    std::vector<std::string> diagnoses;
    bool hydration = false;
    std::size_t product = 0;  // into State::products (immune globulin)
    double dose_g = 0.0;
    std::string ndc;
    std::string lot;
    std::string pump;
    std::string needle;
    std::string nurse;                  // the patient's usual nurse
    int sites = 1;                      // needles per set-up
    int usual_minutes = 60;             // usual infusion length
    std::vector<std::size_t> rotation;  // site indices, the preferred ones first
    std::size_t preferred = 0;
    std::size_t next_site = 0;  // rotation position within the preferred sites
};

}  // namespace

struct DemoVisitGenerator::State {
    DemoOptions options;
    Rng rng;
    std::vector<std::string> site_ids;
    std::vector<std::string> site_regions;
    std::vector<Product> products;
    std::optional<Product> saline;
    std::vector<DemoPatient> patients;
    std::vector<std::size_t> order;  // visit k is for patients[order[k % size]]: regular intervals
    std::vector<Day> range;
    std::size_t day = 0;
    std::uint64_t taken_today = 0;
    std::uint64_t produced = 0;

    State(DemoOptions opts, const core::SubstanceCatalog& substances, const core::SiteCatalog& sites);
    void load_catalogs(const core::SubstanceCatalog& substances, const core::SiteCatalog& sites);
    DemoPatient make_patient(std::size_t i, std::set<int>& mrns, std::set<std::string>& names);
    void plan_rotation(DemoPatient& p);
    std::vector<std::size_t> take_sites(DemoPatient& p, std::size_t count, std::vector<bool>& used);
    core::Site make_site(std::size_t site, const DemoPatient& p, core::Aspiration aspiration) const;
    core::Visit make_visit(const Day& today, int start);
    core::Visit next();
};

namespace {

struct TimedNote {
    int minute = 0;
    core::NoteKind kind = core::NoteKind::general;
    std::string text;
};

std::string minutes_text(int m) { return std::to_string(m) + " min"; }

}  // namespace

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
    if (resolve_local(reading(first, 12 * 60), o.time_zone).status == core::TimeResolution::unknown_zone) {
        throw std::invalid_argument("demo visits: unknown time zone '" + o.time_zone + "'");
    }
    if (options.nurses.empty()) options.nurses = DemoOptions{}.nurses;
    if (options.visits == 0) options.visits = DemoOptions{}.visits;
    load_catalogs(substances, sites);

    for (local_days d = first; d <= last; d += days{1}) range.push_back(Day{d, 0, std::nullopt});
    mark_dst_days(range, options.time_zone);
    assign_counts(range, options.visits);

    constexpr std::uint64_t max_patients = 500000;  // MRNs are 6 digits: keep drawing them cheap
    const std::uint64_t wanted = options.patients > 0 ? static_cast<std::uint64_t>(options.patients)
                                                      : std::max<std::uint64_t>(5, options.visits / 20);
    const std::size_t count = static_cast<std::size_t>(std::min(wanted, max_patients));
    std::set<int> mrns;
    std::set<std::string> names;
    patients.reserve(count);
    for (std::size_t i = 0; i < count; ++i) patients.push_back(make_patient(i, mrns, names));
    order.resize(count);
    for (std::size_t i = 0; i < count; ++i) order[i] = i;
    rng.shuffle(order);
}

void DemoVisitGenerator::State::load_catalogs(const core::SubstanceCatalog& substances,
                                              const core::SiteCatalog& sites) {
    for (const auto& site : sites.sites) {
        site_ids.push_back(site.id);
        site_regions.push_back(site.region);
    }
    if (site_ids.empty()) throw std::invalid_argument("demo visits: the site catalog is empty");
    // Only products the clinic's catalog knows, spelled as it spells them.
    for (const auto& spec : scig_specs) {
        const core::CatalogSubstance* found = substances.find(spec.name);
        if (found == nullptr || found->category != core::SubstanceCategory::immune_globulin) continue;
        products.push_back(
            Product{found->name, &spec, found->concentration_mg_per_ml.value_or(spec.default_mg_per_ml), found->ndcs});
    }
    if (products.empty()) throw std::invalid_argument("demo visits: no SC immune globulin in the substance catalog");
    const core::CatalogSubstance* fluid = substances.find(saline_spec.name);
    if (fluid != nullptr && fluid->category == core::SubstanceCategory::hydration) {
        saline = Product{fluid->name, &saline_spec, 0.0, fluid->ndcs};
    }
}

DemoPatient DemoVisitGenerator::State::make_patient(std::size_t i, std::set<int>& mrns, std::set<std::string>& names) {
    DemoPatient p;
    int mrn = 0;
    do mrn = rng.between(1, 999999);
    while (!mrns.insert(mrn).second);
    const std::string number = std::to_string(mrn);
    p.info.id = "MRN-" + std::string(6 - number.size(), '0') + number;

    // Mostly a family and a given name of one origin; a clinic of a few hundred rarely has two
    // patients of the same full name, so draw again (a few times) on a repeat.
    for (int attempt = 0; attempt < 20; ++attempt) {
        const NameGroup& family = pick_any(rng, name_groups);
        const NameGroup& given = rng.chance(0.8) ? family : pick_any(rng, name_groups);
        p.info.name = pick_any(rng, family.family);
        p.info.name += ", ";
        p.info.name += pick_any(rng, given.given);
        if (names.insert(p.info.name).second) break;
    }
    p.info.allergies = std::string(pick(rng, allergies));
    p.nurse = options.nurses[rng.index(options.nurses.size())];

    // About one patient in 13 comes for SC hydration; the rest for immune globulin.
    p.hydration = saline.has_value() && i % 13 == 7;
    const bool child = !p.hydration && rng.chance(0.1);
    const int age = p.hydration ? rng.between(66, 94) : child ? rng.between(4, 17) : rng.between(18, 84);
    p.info.birth_date =
        std::chrono::year_month_day{local_days{options.first_day} - days{age * 365 + rng.between(0, 364)}};

    if (p.hydration) {
        p.diagnoses = {std::string(dehydration)};
        p.pump = large_volume_pump;
        p.needle = "24G SC cannula";
        p.lot = make_lot(rng, LotStyle::fluids);
        plan_rotation(p);
        return p;
    }

    p.diagnoses = {std::string(pick(rng, scig_diagnoses))};
    // A CIDP patient gets a product labelled for CIDP when the catalog has one.
    std::vector<std::size_t> allowed;
    int total = 0;
    for (std::size_t k = 0; k < products.size(); ++k) {
        if (p.diagnoses.front() == cidp && !products[k].spec->cidp) continue;
        allowed.push_back(k);
        total += products[k].spec->weight;
    }
    if (allowed.empty()) {
        for (std::size_t k = 0; k < products.size(); ++k) allowed.push_back(k);
        for (const auto& product : products) total += product.spec->weight;
    }
    int r = rng.between(0, total - 1);
    for (const std::size_t k : allowed) {
        p.product = k;
        if (r < products[k].spec->weight) break;
        r -= products[k].spec->weight;
    }
    const Product& product = products[p.product];
    const ProductSpec& spec = *product.spec;

    // Weekly SCIG 4-16 g (middle values most common), HyQvia every 3-4 weeks 20-40 g in 2.5 g vials.
    if (spec.regimen == Regimen::monthly) {
        p.dose_g = 20.0 + 2.5 * rng.between(0, 8);
    } else if (child) {
        p.dose_g = rng.between(4, 8);
    } else {
        p.dose_g = (rng.between(4, 16) + rng.between(4, 16)) / 2;
    }
    const double volume_ml = p.dose_g * 1000.0 / product.mg_per_ml;
    p.sites = std::clamp(static_cast<int>(std::ceil(volume_ml / spec.ml_per_site)), 1, spec.max_sites);
    if (rng.chance(0.25)) p.sites = std::min(p.sites + 1, spec.max_sites);  // smaller volume per site
    if (spec.regimen == Regimen::monthly) {
        p.usual_minutes = rng.between(100, 170);  // hyaluronidase first, then a ramp-up: 2-3 h in all
    } else {
        const double hours = volume_ml / (p.sites * spec.ml_per_hour_per_site);
        p.usual_minutes = std::clamp(static_cast<int>(std::lround(hours * 60.0)) + 10, 45, 150);
    }
    p.ndc = product.ndcs.empty() ? std::string() : product.ndcs[rng.index(product.ndcs.size())];
    p.lot = make_lot(rng, spec.lot);
    if (spec.regimen == Regimen::monthly) {
        p.needle = std::string(pick(rng, hyqvia_needles));
    } else {
        p.needle = child ? "27G 6mm" : std::string(pick(rng, adult_needles));
    }
    p.pump = spec.regimen == Regimen::monthly ? large_volume_pump : pick(rng, scig_pumps);
    plan_rotation(p);
    return p;
}

// Each patient keeps to some body regions (abdomen alone is the most common) and rotates through
// their sites visit after visit; other sites are used only when the preferred ones run out.
void DemoVisitGenerator::State::plan_rotation(DemoPatient& p) {
    const int r = rng.between(0, 99);
    const auto preferred = [&](const std::string& region) {
        if (r < 45) return region == "abdomen";
        if (r < 80) return region == "abdomen" || region == "thigh";
        if (r < 90) return region == "thigh";
        return true;
    };
    std::vector<std::size_t> mine;
    std::vector<std::size_t> others;
    for (std::size_t s = 0; s < site_ids.size(); ++s) (preferred(site_regions[s]) ? mine : others).push_back(s);
    if (mine.size() < static_cast<std::size_t>(p.sites)) {
        mine.insert(mine.end(), others.begin(), others.end());
        others.clear();
    }
    rng.shuffle(mine);
    rng.shuffle(others);
    p.preferred = mine.size();
    p.rotation = std::move(mine);
    p.rotation.insert(p.rotation.end(), others.begin(), others.end());
    p.next_site = rng.index(p.preferred);
}

// ---- 5. One visit -------------------------------------------------------------------------------
// The next free sites in the patient's rotation; `used` holds the sites this visit already has.
std::vector<std::size_t> DemoVisitGenerator::State::take_sites(DemoPatient& p, std::size_t count,
                                                               std::vector<bool>& used) {
    std::vector<std::size_t> out;
    for (std::size_t step = 0; step < p.preferred && out.size() < count; ++step) {
        const std::size_t at = (p.next_site + step) % p.preferred;
        const std::size_t site = p.rotation[at];
        if (used[site]) continue;
        used[site] = true;
        out.push_back(site);
        if (out.size() == count) p.next_site = (at + 1) % p.preferred;
    }
    for (std::size_t at = p.preferred; at < p.rotation.size() && out.size() < count; ++at) {
        const std::size_t site = p.rotation[at];
        if (used[site]) continue;
        used[site] = true;
        out.push_back(site);
    }
    return out;
}

core::Site DemoVisitGenerator::State::make_site(std::size_t site, const DemoPatient& p,
                                                core::Aspiration aspiration) const {
    core::Site s;
    s.location = site_ids[site];
    s.needle = p.needle;
    s.prepped = true;
    s.aspiration = aspiration;
    s.secured = true;
    return s;
}

core::Visit DemoVisitGenerator::State::make_visit(const Day& today, int start) {
    DemoPatient& p = patients[order[produced % order.size()]];
    const Product& product = p.hydration ? *saline : products[p.product];
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
    if (rng.chance(0.2)) p.lot = make_lot(rng, spec.lot);
    substance.lot = p.lot;
    int sites_first = p.sites;
    int length = 0;
    if (p.hydration) {
        static constexpr std::array<int, 4> volumes{500, 750, 1000, 1000};
        const int volume = pick_any(rng, volumes);
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
        substance.wasted = rng.chance(0.06) ? pick_any(rng, discarded) : 0.0;
        const bool monthly = spec.regimen == Regimen::monthly;
        length = std::clamp(p.usual_minutes + rng.between(-8, 8), monthly ? 90 : 45, monthly ? 180 : 150);
    }
    v.substances.push_back(std::move(substance));

    // The site checklist: complete on most visits (practice.md step 3-5).
    const bool not_checked = rng.chance(0.03);
    const core::Aspiration aspiration = not_checked ? core::Aspiration::not_checked : core::Aspiration::no_blood;
    std::vector<bool> used(site_ids.size(), false);
    std::vector<TimedNote> notes;

    core::PumpSetup first;
    first.pump = p.pump;
    first.set_up_at = clock.at(start - rng.between(5, 10));
    first.start = clock.at(start);
    const int stop_first = start + length;
    for (const std::size_t site : take_sites(p, static_cast<std::size_t>(sites_first), used)) {
        first.sites.push_back(make_site(site, p, aspiration));
    }
    if (!not_checked && rng.chance(0.02)) {
        // Blood on aspiration: that needle comes out, a new one goes in elsewhere on the same pump.
        const auto replacement = take_sites(p, 1, used);
        if (!replacement.empty()) {
            const std::size_t bad = rng.index(first.sites.size());
            first.sites[bad].aspiration = core::Aspiration::blood;
            first.sites[bad].secured.reset();  // removed before it was secured
            const std::string was = first.sites[bad].location;
            first.sites.insert(first.sites.begin() + static_cast<std::ptrdiff_t>(bad) + 1,
                               make_site(replacement.front(), p, core::Aspiration::no_blood));
            notes.push_back(
                {start - 2, core::NoteKind::general,
                 "Blood return at " + was + "; needle removed, new needle at " + site_ids[replacement.front()] + "."});
        }
    }
    if (rng.chance(0.01)) first.sites.back().secured.reset();  // securing not charted: a warning
    first.stop = clock.at(stop_first);
    v.pump_setups.push_back(std::move(first));
    int last_stop = stop_first;

    // A second pump set-up at new sites (practice.md step 8): volume split or a new syringe.
    if (rng.chance(0.12)) {
        const int wanted = rng.between(1, std::min(2, spec.max_sites));
        const auto sites = take_sites(p, static_cast<std::size_t>(wanted), used);
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
                         "Sites checked at " + minutes_text(after) + std::string(pick_any(rng, checks))});
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
                {stop_first + rng.between(0, 5), core::NoteKind::site_condition, pick_any(rng, conditions)});
        } else {
            const int after = rng.between(20, length - 5);
            const std::string when = " at " + minutes_text(after);
            const std::array<std::string, 4> reactions{
                "Mild headache" + when + "; acetaminophen given per order, vital signs stable.",
                "Mild nausea" + when + "; vital signs stable, resolved by end of infusion.",
                "Fatigue and chills" + when + "; temperature 99.5 F, monitored.",
                "Localized hives near " + where + when + "; diphenhydramine 25 mg PO per order, resolved."};
            notes.push_back({start + after, core::NoteKind::reaction, pick_any(rng, reactions)});
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
            text = pick_any(rng, advice);
        }
        notes.push_back({last_stop + rng.between(0, 8), core::NoteKind::instructions, std::string(text)});
    }
    std::stable_sort(notes.begin(), notes.end(),
                     [](const TimedNote& a, const TimedNote& b) { return a.minute < b.minute; });
    v.notes.reserve(notes.size());
    for (auto& note : notes) v.notes.push_back(core::Note{clock.at(note.minute), note.kind, std::move(note.text)});
    return v;
}

core::Visit DemoVisitGenerator::State::next() {
    while (day < range.size() && taken_today >= range[day].count) {
        ++day;
        taken_today = 0;
    }
    // Past the planned total every visit falls on the last day, at a random time of its window.
    const bool beyond = day >= range.size();
    const Day& today = beyond ? range.back() : range[day];
    // Office list 08:10-16:00 (set-up from 08:00); on a change day, nights around the change.
    int lo = 8 * 60 + 10;
    int hi = 16 * 60;
    if (today.dst) {
        lo = std::max(15, today.dst->transition_minute - 100);
        hi = today.dst->transition_minute + 30;
    }
    // Slots in order through the day, with jitter inside each slot, so start times rise with k.
    const double slots = beyond ? 1.0 : static_cast<double>(today.count);
    const double slot = beyond ? 0.0 : static_cast<double>(taken_today);
    const int start = lo + static_cast<int>(std::floor((slot + rng.unit()) * (hi - lo) / slots));
    if (!beyond) ++taken_today;
    core::Visit visit = make_visit(today, start);
    ++produced;
    return visit;
}

// ---- 6. DemoVisitGenerator ----------------------------------------------------------------------
DemoVisitGenerator::DemoVisitGenerator(DemoOptions options, const core::SubstanceCatalog& substances,
                                       const core::SiteCatalog& sites)
    : m_state(std::make_unique<State>(std::move(options), substances, sites)) {}

DemoVisitGenerator::~DemoVisitGenerator() = default;
DemoVisitGenerator::DemoVisitGenerator(DemoVisitGenerator&&) noexcept = default;
DemoVisitGenerator& DemoVisitGenerator::operator=(DemoVisitGenerator&&) noexcept = default;

core::Visit DemoVisitGenerator::next() { return m_state->next(); }

std::uint64_t DemoVisitGenerator::produced() const { return m_state->produced; }

}  // namespace infusion::app
