#pragma once
// What a scanned vial does to a visit: which substance it belongs to (GTIN -> NDC -> catalog), the vial
// added to that substance's list, and the warnings a nurse must see (expired, another product than
// the one documented, the same serial twice, an NDC the catalog does not know). Pure: no UI, no I/O.
#include "core/catalog.hpp"
#include "core/gs1.hpp"
#include "core/problem.hpp"
#include "core/visit.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace infusion::core {

// The catalog product a GTIN names, found by its 10-digit NDC against every catalog NDC in all three
// 10-digit layouts.
struct NdcMatch {
    const CatalogSubstance* substance = nullptr;
    std::string ndc;     // 11-digit 5-4-2 with dashes, as the catalog writes it
    std::string layout;  // "4-4-2", "5-3-2" or "5-4-1": how the labeller assigned it
};
[[nodiscard]] std::optional<NdcMatch> match_gtin(std::string_view gtin14, const SubstanceCatalog& catalog);

struct ScanOutcome {
    int substance_index = -1;       // the substance the vial went to (or was already on)
    bool substance_added = false;   // a new substance row was started for it
    bool vial_added = false;        // false: the same serial was already in the visit
    std::vector<Problem> warnings;  // codes scan.*; field points at the substance
    std::string summary;            // one line for the nurse: what was filled
};

// Adds the scanned vial to `visit`. `date_of_service`: the visit's date (the expiry is compared to it).
[[nodiscard]] ScanOutcome apply_vial_scan(Visit& visit, const VialScan& scan, const SubstanceCatalog& catalog,
                                          std::chrono::year_month_day date_of_service);

}  // namespace infusion::core
