#pragma once
// The people of the demo visits (see demo_visits.hpp): the clinic's products and sites as its catalogs
// spell them, and patients with a stable MRN, name, regimen (product, dose, pump, needle, lot) and a
// site rotation. The numbers are plausibility choices for demos, not billing rules.
#include "core/catalog.hpp"
#include "core/visit.hpp"
#include "demo/demo_random.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infusion::demo::detail {

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

struct Product {
    std::string name;  // as the catalog spells it
    const ProductSpec* spec = nullptr;
    double mg_per_ml = 0.0;
    std::vector<std::string> ndcs;
};

// What the clinic's catalogs offer the demo: its sites, and the products it knows.
struct Clinic {
    std::vector<std::string> site_ids;
    std::vector<std::string> site_regions;
    std::vector<Product> products;  // SC immune globulin
    std::optional<Product> saline;  // for SC hydration, when the catalog has it
};

// Throws std::invalid_argument for a catalog without sites or without any SC immune globulin product.
Clinic load_clinic(const core::SubstanceCatalog& substances, const core::SiteCatalog& sites);

struct DemoPatient {
    core::Patient info;
    std::vector<std::string> diagnoses;
    bool hydration = false;
    std::size_t product = 0;  // into Clinic::products (immune globulin)
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

// `count` patients with distinct MRNs (and, as far as a few draws allow, distinct names), their ages
// counted back from `first_day`, each with one of `nurses` (not empty) as their usual nurse.
std::vector<DemoPatient> make_patients(Rng& rng, const Clinic& clinic, const std::vector<std::string>& nurses,
                                       std::chrono::local_days first_day, std::size_t count);

// The next free sites in the patient's rotation; `used` holds the sites this visit already has.
std::vector<std::size_t> take_sites(DemoPatient& p, std::size_t count, std::vector<bool>& used);

// A plausible, invented lot number in the manufacturer's style.
std::string make_lot(Rng& rng, LotStyle style);

}  // namespace infusion::demo::detail
