// Sections: 1. the figure  2. site markers  3. draw_body_map and the figures alone
#include "ui/body_map.hpp"

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

std::string days_ago(std::chrono::year_month_day date, std::chrono::year_month_day today) {
    const auto days = (std::chrono::sys_days{today} - std::chrono::sys_days{date}).count();
    if (days <= 0) return "today";
    return std::to_string(days) + (days == 1 ? " day ago" : " days ago");
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

float body_map_radius() { return std::max(12.0F, ImGui::GetFontSize() * 0.8F); }

std::string draw_body_map(AppState& state, const BodyMapMarks& marks, ImVec2 size, bool interactive) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const BodyFigures figures = draw_body_figures(size);

    std::vector<Marker> markers;
    for (const auto& site : state.config.sites.sites) markers.push_back({&site, figures.centre(site)});
    const float radius = body_map_radius();
    const auto today = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(state.now())};
    std::string tapped;
    for (const auto& m : markers) {
        const std::string& id = m.site->id;
        // Recent visits: a ring per site, darker for more uses; orange when a reaction was documented.
        int uses = 0;
        bool reaction = false;
        std::optional<std::chrono::year_month_day> last;
        for (const auto& use : marks.recent) {
            if (use.location != id || !use.usable) continue;
            ++uses;
            reaction = reaction || use.reaction;
            if (!last || use.date > *last) last = use.date;
        }
        if (uses > 0) {
            const auto alpha = static_cast<int>(std::min(255, 70 + 45 * uses));
            const ImU32 ring = reaction ? IM_COL32(220, 120, 20, alpha) : IM_COL32(90, 90, 110, alpha);
            dl->AddCircle(m.centre, radius * 1.25F, ring, 32, 3.0F);
        }
        int setup_number = 0;
        bool usable = true;
        for (const auto& [location, number, ok] : marks.current) {
            if (location != id) continue;
            setup_number = number;
            usable = usable && ok;
        }
        const ImU32 fill = setup_number == 0 ? IM_COL32(255, 255, 255, 200)
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
        ImGui::SetCursorScreenPos(ImVec2(m.centre.x - radius, m.centre.y - radius));
        ImGui::PushID(id.c_str());
        if (interactive) {
            if (ImGui::InvisibleButton("site", ImVec2(radius * 2.0F, radius * 2.0F))) tapped = id;
        } else {
            ImGui::Dummy(ImVec2(radius * 2.0F, radius * 2.0F));
        }
        remember(state, "map." + id);
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(m.site->name.c_str());
            if (uses > 0) {
                ImGui::Text("Used at %d of the last visits, last %s%s", uses, days_ago(*last, today).c_str(),
                            reaction ? "; a reaction was documented" : "");
            } else {
                ImGui::TextUnformatted("Not used at the recent visits");
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
