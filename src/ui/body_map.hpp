#pragma once
// The body map: front and back figures with the clinic's sites (config/sites.toml). Shows the sites of
// the active pump set-up, needles that returned blood crossed out, and the patient's sites of recent
// visits so the nurse can follow the clinic's rotation policy. A tap on a site adds a needle there.
#include "app/site_rotation.hpp"
#include "ui/app_state.hpp"

namespace infusion::ui {

struct BodyMapMarks {
    // Sites of the visit on screen: location -> (set-up number 1.., usable)
    std::vector<std::tuple<std::string, int, bool>> current;
    std::vector<app::SiteUse> recent;
    // False for a reader who is not shown the patient's site history (a biller): a tooltip then says
    // nothing of earlier visits ("Not used at the recent visits" was false for every site).
    bool history_read = true;
    std::vector<std::string> suggested;                // least recently used sites, best first (ringed green)
    int rest_days = 0;                                 // sites used within this many days are ringed orange
    std::optional<std::chrono::year_month_day> today;  // "days ago" counts from here; default: the clock
    int active_setup = 0;                              // the set-up (1..) a tap places a needle for; 0: none
};

// Draws the map in a box of `size`; returns the id of a site the user tapped, or "". Each site is a
// keyboard target too: the arrow keys move between sites and Enter (or Space) places a needle. The map
// is one stop in the Tab order ("map", the first suggested site); state.visit_screen.focus_map puts the
// keyboard focus on it.
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
// A site marker's radius: a finger-sized target, but never so large that two sites' markers meet (at 1024x700 the
// map is narrower, and a tap between the buttock sites placed the needle on the one not aimed at; found from
// outside). `catalog` and `figures`: the sites and where they are drawn.
[[nodiscard]] float body_map_radius(const core::SiteCatalog& catalog, const BodyFigures& figures);

}  // namespace infusion::ui
