#pragma once
// The vial scan field on the visit screen: what a keyboard-wedge barcode scanner types (ending with
// Enter) is read as a GS1 element string and fills substance, NDC, lot and expiry (app/vial_scanner).
// Ctrl+B puts the cursor in it from anywhere on the visit screen. Below it, the vials documented.
#include "app/vial_scanner.hpp"

#include <string>

namespace infusion::ui {

struct AppState;

struct VialScanState {
    std::string text;      // what the scanner has typed so far
    app::ScanReport last;  // the last scan's outcome, shown until the next one
    bool has_last = false;
    bool field_active = false;   // the field had keyboard focus last frame
    bool focus_next = false;     // Ctrl+B: focus the field on this frame
    int waiting_separators = 0;  // GS typed while Ctrl was down, for the first frame without it
};

// Returns true when the visit changed (a vial added or removed).
[[nodiscard]] bool draw_vial_scan_panel(AppState& state, VialScanState& scan, bool editable);

}  // namespace infusion::ui
