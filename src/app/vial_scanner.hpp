#pragma once
// Use case: a vial's barcode scanned into the open visit. Parses what the keyboard-wedge scanner typed
// (core/gs1.hpp) with the clinic's GS stand-in, applies it to the draft (core/vial_scan.hpp) and saves.
// A scan that does not read changes nothing; one that reads is saved like any other edit.
#include "app/clock.hpp"
#include "app/visit_editor.hpp"
#include "core/problem.hpp"

#include <string>
#include <vector>

namespace infusion::app {

struct ScanReport {
    bool applied = false;                 // the visit changed (a vial was added)
    std::string error;                    // the scan did not read: what and at which character
    std::string summary;                  // what was filled, for the nurse
    std::vector<core::Problem> warnings;  // expired, another product, repeated serial, unknown NDC
    int substance_index = -1;
};

// `clock`: "today" when the visit has no start time yet (the date of service the expiry is checked on).
[[nodiscard]] ScanReport scan_vial(VisitEditor& editor, const std::string& scanned, const settings::Config& config,
                                   const Clock& clock = utc_now);

}  // namespace infusion::app
