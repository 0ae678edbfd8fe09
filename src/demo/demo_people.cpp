// The people of the demo visits (see demo_people.hpp). The clinical ranges follow
// /work/shared/domain/practice.md (product labels, INS 2023).
//
// Sections:
//   1. Reference lists: names, allergies, diagnoses, products, pumps, needles
//   2. Lots
//   3. The clinic's catalogs
//   4. Patients: stable MRN, name, regimen and site rotation
//   5. Taking sites for a visit
#include "demo/demo_people.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace infusion::demo::detail {
namespace {

using std::chrono::days;
using std::chrono::local_days;

// ---- 1. Reference lists -------------------------------------------------------------------------
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

}  // namespace

// ---- 2. Lots ------------------------------------------------------------------------------------
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

// ---- 3. The clinic's catalogs -------------------------------------------------------------------
Clinic load_clinic(const core::SubstanceCatalog& substances, const core::SiteCatalog& sites) {
    Clinic clinic;
    for (const auto& site : sites.sites) {
        clinic.site_ids.push_back(site.id);
        clinic.site_regions.push_back(site.region);
    }
    if (clinic.site_ids.empty()) throw std::invalid_argument("demo visits: the site catalog is empty");
    // Only products the clinic's catalog knows, spelled as it spells them.
    for (const auto& spec : scig_specs) {
        const core::CatalogSubstance* found = substances.find(spec.name);
        if (found == nullptr || found->category != core::SubstanceCategory::immune_globulin) continue;
        clinic.products.push_back(
            Product{found->name, &spec, found->concentration_mg_per_ml.value_or(spec.default_mg_per_ml), found->ndcs});
    }
    if (clinic.products.empty())
        throw std::invalid_argument("demo visits: no SC immune globulin in the substance catalog");
    const core::CatalogSubstance* fluid = substances.find(saline_spec.name);
    if (fluid != nullptr && fluid->category == core::SubstanceCategory::hydration) {
        clinic.saline = Product{fluid->name, &saline_spec, 0.0, fluid->ndcs};
    }
    return clinic;
}

// ---- 4. Patients --------------------------------------------------------------------------------
namespace {

// Each patient keeps to some body regions (abdomen alone is the most common) and rotates through
// their sites visit after visit; other sites are used only when the preferred ones run out.
void plan_rotation(Rng& rng, const Clinic& clinic, DemoPatient& p) {
    const int r = rng.between(0, 99);
    const auto preferred = [&](const std::string& region) {
        if (r < 45) return region == "abdomen";
        if (r < 80) return region == "abdomen" || region == "thigh";
        if (r < 90) return region == "thigh";
        return true;
    };
    std::vector<std::size_t> mine;
    std::vector<std::size_t> others;
    for (std::size_t s = 0; s < clinic.site_ids.size(); ++s)
        (preferred(clinic.site_regions[s]) ? mine : others).push_back(s);
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

DemoPatient make_patient(Rng& rng, const Clinic& clinic, const std::vector<std::string>& nurses, local_days first_day,
                         std::size_t i, std::set<int>& mrns, std::set<std::string>& names) {
    const std::vector<Product>& products = clinic.products;
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
    p.nurse = nurses[rng.index(nurses.size())];

    // About one patient in 13 comes for SC hydration; the rest for immune globulin.
    p.hydration = clinic.saline.has_value() && i % 13 == 7;
    const bool child = !p.hydration && rng.chance(0.1);
    const int age = p.hydration ? rng.between(66, 94) : child ? rng.between(4, 17) : rng.between(18, 84);
    p.info.birth_date = std::chrono::year_month_day{first_day - days{age * 365 + rng.between(0, 364)}};

    if (p.hydration) {
        p.diagnoses = {std::string(dehydration)};
        p.pump = large_volume_pump;
        p.needle = "24G SC cannula";
        p.lot = make_lot(rng, LotStyle::fluids);
        plan_rotation(rng, clinic, p);
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
    plan_rotation(rng, clinic, p);
    return p;
}

}  // namespace

std::vector<DemoPatient> make_patients(Rng& rng, const Clinic& clinic, const std::vector<std::string>& nurses,
                                       local_days first_day, std::size_t count) {
    std::set<int> mrns;
    std::set<std::string> names;
    std::vector<DemoPatient> patients;
    patients.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        patients.push_back(make_patient(rng, clinic, nurses, first_day, i, mrns, names));
    }
    return patients;
}

// ---- 5. Taking sites for a visit ----------------------------------------------------------------
// The next free sites in the patient's rotation; `used` holds the sites this visit already has.
std::vector<std::size_t> take_sites(DemoPatient& p, std::size_t count, std::vector<bool>& used) {
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

}  // namespace infusion::demo::detail
