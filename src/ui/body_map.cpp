// Sections: 1. the figure  2. site markers  3. draw_body_map and the figures alone
#include "ui/body_map.hpp"

#include "ui/tab_order.hpp"
#include "ui/widgets.hpp"

#include <algorithm>
#include <cmath>

namespace infusion::ui {
namespace {

// ---- 1. the figure -----------------------------------------------------------------------------
// A plain silhouette drawn from primitives in a box of width w, height h at origin o: enough to place
// sites where a nurse expects them, with no image files to ship.
void draw_figure(ImDrawList* dl, ImVec2 o, float w, float h, const char* caption) {
    const ImU32 fill = IM_COL32(232, 226, 218, 255);
    const ImU32 edge = IM_COL32(150, 140, 130, 255);
    const auto P = [&](float x, float y) { return ImVec2(o.x + x * w, o.y + y * h); };
    const float r = w * 0.075F;
    dl->AddCircleFilled(P(0.5F, 0.08F), r, fill, 32);  // head
    dl->AddCircle(P(0.5F, 0.08F), r, edge, 32, 1.5F);
    dl->AddRectFilled(P(0.47F, 0.13F), P(0.53F, 0.17F), fill);             // neck
    dl->AddRectFilled(P(0.33F, 0.17F), P(0.67F, 0.56F), fill, w * 0.06F);  // torso
    dl->AddRect(P(0.33F, 0.17F), P(0.67F, 0.56F), edge, w * 0.06F, 0, 1.5F);
    for (float side : {-1.0F, 1.0F}) {
        const float sx = 0.5F + side * 0.225F;  // arms
        dl->AddRectFilled(P(sx - 0.055F, 0.18F), P(sx + 0.055F, 0.52F), fill, w * 0.05F);
        dl->AddRect(P(sx - 0.055F, 0.18F), P(sx + 0.055F, 0.52F), edge, w * 0.05F, 0, 1.5F);
        const float lx = 0.5F + side * 0.09F;  // legs
        dl->AddRectFilled(P(lx - 0.075F, 0.55F), P(lx + 0.075F, 0.97F), fill, w * 0.05F);
        dl->AddRect(P(lx - 0.075F, 0.55F), P(lx + 0.075F, 0.97F), edge, w * 0.05F, 0, 1.5F);
    }
    const ImVec2 size = ImGui::CalcTextSize(caption);
    dl->AddText(ImVec2(o.x + (w - size.x) * 0.5F, o.y + h + 2.0F), ImGui::GetColorU32(ImGuiCol_Text), caption);
}

// ---- 2. site markers ---------------------------------------------------------------------------
struct Marker {
    const core::CatalogSite* site;
    ImVec2 centre;
};

// A small label beside a marker: how long ago the site was used ("today", "3d"). On the outer side of the
// figure, else the inner side, else below or above the marker: the first place inside the panel that covers no
// other site's marker (in a narrow panel the label flipped onto the neighbouring site's circle, and that site
// read as the one used; found from outside). `others`: every marker of the map.
void draw_age_label(ImDrawList* dl, const Marker& marker, float radius, const std::vector<Marker>& others,
                    const std::string& text, ImU32 colour) {
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const ImVec2 centre = marker.centre;
    const float gap = radius + 6.0F;
    const ImVec2 clip_min = dl->GetClipRectMin();
    const ImVec2 clip_max = dl->GetClipRectMax();
    const bool outer_left = marker.site->x < 0.5F;
    const ImVec2 left(centre.x - gap - size.x, centre.y - size.y * 0.5F);
    const ImVec2 right(centre.x + gap, centre.y - size.y * 0.5F);
    const ImVec2 below(centre.x - size.x * 0.5F, centre.y + radius + 2.0F);
    const ImVec2 above(centre.x - size.x * 0.5F, centre.y - radius - 2.0F - size.y);
    const auto fits = [&](ImVec2 at) {
        const ImVec2 lo(at.x - 2.0F, at.y - 1.0F);
        const ImVec2 hi(at.x + size.x + 2.0F, at.y + size.y + 1.0F);
        if (lo.x < clip_min.x || hi.x > clip_max.x) return false;
        for (const Marker& o : others) {
            if (&o == &marker || o.site->view != marker.site->view) continue;
            // The label's box against the other marker's circle: the nearest point of the box to its centre.
            const float nx = std::clamp(o.centre.x, lo.x, hi.x);
            const float ny = std::clamp(o.centre.y, lo.y, hi.y);
            if ((nx - o.centre.x) * (nx - o.centre.x) + (ny - o.centre.y) * (ny - o.centre.y) < radius * radius)
                return false;
        }
        return true;
    };
    ImVec2 at = outer_left ? left : right;
    bool placed = false;
    for (const ImVec2 candidate : {outer_left ? left : right, outer_left ? right : left, below, above}) {
        if (fits(candidate)) {
            at = candidate;
            placed = true;
            break;
        }
    }
    // Nowhere clear: below the marker, kept inside the panel (on the outer side it was cut at the edge, "oday";
    // found from outside).
    if (!placed) {
        at = below;
        at.x = std::clamp(at.x, clip_min.x + 2.0F, std::max(clip_min.x + 2.0F, clip_max.x - size.x - 2.0F));
    }
    dl->AddRectFilled(ImVec2(at.x - 2.0F, at.y - 1.0F), ImVec2(at.x + size.x + 2.0F, at.y + size.y + 1.0F),
                      IM_COL32(255, 255, 255, 235), 3.0F);
    dl->AddText(at, colour, text.c_str());
}

}  // namespace

// ---- 3. draw_body_map --------------------------------------------------------------------------
ImVec2 BodyFigures::centre(const core::CatalogSite& site) const {
    const ImVec2 o = site.view == core::BodyView::front ? front : back;
    return ImVec2(o.x + site.x * width, o.y + site.y * height);
}

BodyFigures draw_body_figures(ImVec2 size) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float caption = ImGui::GetTextLineHeightWithSpacing();
    BodyFigures f;
    f.width = size.x * 0.5F - 8.0F;
    f.height = size.y - caption;
    f.front = origin;
    f.back = ImVec2(origin.x + size.x * 0.5F + 8.0F, origin.y);
    draw_figure(ImGui::GetWindowDrawList(), f.front, f.width, f.height, "Front");
    draw_figure(ImGui::GetWindowDrawList(), f.back, f.width, f.height, "Back");
    return f;
}

// 40 px across at scale 1 (18 px font): a finger-sized target, down to half the distance between the two nearest
// sites less a pixel, so no two targets overlap however narrow the column.
float body_map_radius(const core::SiteCatalog& catalog, const BodyFigures& figures) {
    float radius = std::max(12.0F, ImGui::GetFontSize() * 1.12F);
    const auto& sites = catalog.sites;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        for (std::size_t j = i + 1; j < sites.size(); ++j) {
            if (sites[i].view != sites[j].view) continue;
            const ImVec2 a = figures.centre(sites[i]);
            const ImVec2 b = figures.centre(sites[j]);
            const float apart = std::sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y));
            radius = std::min(radius, apart * 0.5F - 1.0F);
        }
    }
    return std::max(radius, 4.0F);
}

std::string draw_body_map(AppState& state, const BodyMapMarks& marks, ImVec2 size, bool interactive) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const BodyFigures figures = draw_body_figures(size);

    std::vector<Marker> markers;
    for (const auto& site : state.clinic.sites().sites) markers.push_back({&site, figures.centre(site)});
    const float radius = body_map_radius(state.clinic.sites(), figures);
    const auto today = marks.today ? *marks.today : state.today_date();  // the clinic's day, as on every screen
    const std::string keyboard_home = !marks.suggested.empty() ? marks.suggested.front()
                                      : markers.empty()        ? std::string{}
                                                               : markers.front().site->id;
    std::string tapped;
    for (const auto& m : markers) {
        const std::string& id = m.site->id;
        // The patient's recent visits: a ring and how long ago, orange within the rest period, red
        // where a reaction was recorded; the suggested (least recently used) sites ringed green.
        const app::SiteLastUse use = app::last_use(marks.recent, id, today);
        const bool suggested = std::find(marks.suggested.begin(), marks.suggested.end(), id) != marks.suggested.end();
        if (use.last) {
            const bool resting = marks.rest_days > 0 && use.days_ago < marks.rest_days;
            const ImU32 ring = use.reaction ? IM_COL32(200, 40, 30, 255)
                               : resting    ? IM_COL32(225, 120, 0, 255)
                                            : IM_COL32(70, 80, 110, 255);
            dl->AddCircle(m.centre, radius + 2.0F, ring, 32, resting || use.reaction ? 3.5F : 2.5F);
        } else if (suggested) {
            dl->AddCircle(m.centre, radius + 2.0F, IM_COL32(30, 160, 70, 255), 32, 3.0F);
        }
        int setup_number = 0;
        bool usable = true;
        bool in_active = false;  // a needle of the set-up a tap is for: a tap here is refused (setup_card.cpp)
        for (const auto& [location, number, ok] : marks.current) {
            if (location != id) continue;
            setup_number = number;
            usable = usable && ok;
            in_active = in_active || (marks.active_setup > 0 && number == marks.active_setup);
        }
        const ImU32 fill = setup_number == 0 ? IM_COL32(255, 255, 255, 220)
                           : usable          ? IM_COL32(40, 110, 200, 255)
                                             : IM_COL32(200, 60, 50, 255);
        dl->AddCircleFilled(m.centre, radius, fill, 32);
        dl->AddCircle(m.centre, radius, IM_COL32(60, 60, 70, 255), 32, 1.5F);
        if (setup_number > 0) {
            const std::string n = std::to_string(setup_number);
            const ImVec2 ts = ImGui::CalcTextSize(n.c_str());
            dl->AddText(ImVec2(m.centre.x - ts.x * 0.5F, m.centre.y - ts.y * 0.5F), IM_COL32_WHITE, n.c_str());
            if (!usable) {  // blood return: needle removed
                const float d = radius * 0.8F;
                dl->AddLine(ImVec2(m.centre.x - d, m.centre.y - d), ImVec2(m.centre.x + d, m.centre.y + d),
                            IM_COL32_WHITE, 2.5F);
            }
        }
        if (use.last) {
            const std::string age = use.days_ago <= 0 ? "today" : std::to_string(use.days_ago) + "d";
            draw_age_label(dl, m, radius, markers, age,
                           use.reaction ? IM_COL32(170, 30, 20, 255) : IM_COL32(40, 40, 50, 255));
        }
        ImGui::SetCursorScreenPos(ImVec2(m.centre.x - radius, m.centre.y - radius));
        ImGui::PushID(id.c_str());
        if (interactive) {
            if (ImGui::InvisibleButton("site", ImVec2(radius * 2.0F, radius * 2.0F))) tapped = id;
            if (id == keyboard_home) {
                if (state.visit_screen.focus_map) {  // "+ Needle" in a set-up card: the keyboard comes here
                    state.visit_screen.focus_map = false;
                    state.tab_order.pending = "map";
                }
                tab_stop(state, "map", false);
            }
        } else {
            ImGui::Dummy(ImVec2(radius * 2.0F, radius * 2.0F));
        }
        remember(state, "map." + id);
        // Under the pointer, or focused from the keyboard (arrow keys over the sites). After a tap the site
        // keeps the focus too, but the tooltip must not then follow the pointer over the form.
        const bool hovered = ImGui::IsItemHovered();
        if (hovered || (interactive && ImGui::IsItemFocused() && ImGui::GetIO().NavVisible)) {
            if (!hovered) ImGui::SetNextWindowPos(ImVec2(m.centre.x + radius, m.centre.y + radius));
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(m.site->name.c_str());
            if (marks.history_read) remember(state, "map.tooltip.history");
            if (marks.history_read && use.last) {
                ImGui::Text("Used at %d of the last visits, last %s%s", use.uses,
                            app::days_ago_text(use.days_ago).c_str(), use.reaction ? "; a reaction was recorded" : "");
            } else if (marks.history_read) {
                ImGui::TextUnformatted("Not used at the recent visits");
            }
            if (setup_number > 0) ImGui::Text("A needle of set-up %d is here (this visit)", setup_number);
            if (interactive) {
                // It promised "place another needle here" where a tap is refused (found from outside).
                if (in_active) {
                    ImGui::TextColored(muted_colour(), "This set-up has its needle here: tap another site");
                } else if (marks.active_setup > 0) {
                    ImGui::TextColored(muted_colour(), "Enter or tap: place a needle of set-up %d here",
                                       marks.active_setup);
                } else {
                    ImGui::TextColored(muted_colour(), "Enter or tap: place a needle here");
                }
            }
            ImGui::EndTooltip();
        }
        ImGui::PopID();
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(size.x, size.y + 4.0F));
    return tapped;
}

}  // namespace infusion::ui
