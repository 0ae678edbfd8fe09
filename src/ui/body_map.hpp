#pragma once
// The body map: front and back figures with the clinic's sites (config/sites.toml). Shows the sites of
// the active pump set-up, needles that returned blood crossed out, and the patient's sites of recent
// visits so the nurse can follow the clinic's rotation policy. A tap on a site adds a needle there.
#include "ui/app_state.hpp"

namespace infusion::ui {

struct BodyMapMarks {
    // Sites of the visit on screen: location -> (set-up number 1.., usable)
    std::vector<std::tuple<std::string, int, bool>> current;
    std::vector<app::SiteUse> recent;
};

// Draws the map in a box of `size`; returns the id of a site the user tapped, or "".
[[nodiscard]] std::string draw_body_map(AppState& state, const BodyMapMarks& marks, ImVec2 size, bool interactive);

}  // namespace infusion::ui
