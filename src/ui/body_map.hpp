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

// The two figures alone, for maps that mark sites their own way (the supervisor's site history).
struct BodyFigures {
    ImVec2 front;
    ImVec2 back;
    float width = 0.0F;  // of one figure
    float height = 0.0F;
    [[nodiscard]] ImVec2 centre(const core::CatalogSite& site) const;
};
// Draws the front and back figures with captions in a box of `size` at the cursor (the cursor does not
// move); sites go where draw_body_map puts them.
[[nodiscard]] BodyFigures draw_body_figures(ImVec2 size);
// A site marker's radius: a finger-sized target.
[[nodiscard]] float body_map_radius();

}  // namespace infusion::ui
