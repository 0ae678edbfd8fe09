// Sections: 1. loading and shading  2. the map  3. the numbers  4. the timeline  5. the screen
#include "ui/site_history_screen.hpp"

#include "platform/glyph_demand.hpp"

#include "ui/body_map.hpp"
#include "ui/review_common.hpp"
#include "ui/widgets.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <map>

namespace infusion::ui {
namespace {

// ---- 1. loading and shading --------------------------------------------------------------------
void reload(AppState& state, const app::Acting& who) {
    auto& h = state.site_history;
    h.stale = false;
    h.error.clear();
    h.history.reset();
    if (h.patient_id.empty()) return;
    auto loaded = state.clinic.review().site_history(who, h.patient_id, h.visits);
    if (!loaded) {
        h.error = loaded.error().describe();
        return;
    }
    h.history = std::move(loaded.value());
}

// How often and how recently, as one number per site: each use counts by its place in the timeline,
// the newest visit 1, the oldest 1/N, so a site used at the last visits is darker than one used as
// often long ago. Normalised to 0..1 over the sites.
std::map<std::string, float> shades(const storage::SiteHistory& history) {
    std::map<std::string, float> score;
    const auto n = static_cast<float>(history.visits.size());
    for (std::size_t i = 0; i < history.visits.size(); ++i) {
        for (const auto& site : history.visits[i].sites) {
            if (site.usable) score[site.location] += (n - static_cast<float>(i)) / n;
        }
    }
    float top = 0.0F;
    for (const auto& [location, s] : score) top = std::max(top, s);
    for (auto& [location, s] : score) s = top > 0.0F ? s / top : 0.0F;
    return score;
}

int days_between(std::chrono::year_month_day from, std::chrono::year_month_day to) {
    return static_cast<int>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

// ---- 2. the map --------------------------------------------------------------------------------
void draw_map(AppState& state, const storage::SiteHistory& history, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const BodyFigures figures = draw_body_figures(size);
    const float radius = body_map_radius(state.clinic.sites(), figures);
    const auto shade = shades(history);
    const auto today = state.today_date();
    for (const auto& site : state.clinic.sites().sites) {
        const ImVec2 c = figures.centre(site);
        const auto stats = std::find_if(history.sites.begin(), history.sites.end(),
                                        [&](const storage::SiteStats& s) { return s.location == site.id; });
        const bool used = stats != history.sites.end() && stats->uses > 0;
        const float s = used && shade.count(site.id) != 0 ? shade.at(site.id) : 0.0F;
        // Unused: white. Used: light to dark blue with the weighted use; the count written inside.
        const ImU32 fill = !used ? IM_COL32(255, 255, 255, 200)
                                 : IM_COL32(static_cast<int>(190 - 160 * s), static_cast<int>(210 - 140 * s),
                                            static_cast<int>(240 - 60 * s), 255);
        dl->AddCircleFilled(c, radius, fill, 32);
        dl->AddCircle(c, radius, IM_COL32(60, 60, 70, 255), 32, 1.5F);
        if (used && stats->reactions > 0) dl->AddCircle(c, radius * 1.3F, IM_COL32(225, 110, 15, 255), 32, 4.0F);
        if (used) {
            const std::string n = std::to_string(stats->uses);
            const ImVec2 ts = ImGui::CalcTextSize(n.c_str());
            dl->AddText(ImVec2(c.x - ts.x * 0.5F, c.y - ts.y * 0.5F), s > 0.45F ? IM_COL32_WHITE : IM_COL32_BLACK,
                        n.c_str());
        }
        ImGui::SetCursorScreenPos(ImVec2(c.x - radius, c.y - radius));
        ImGui::PushID(site.id.c_str());
        ImGui::Dummy(ImVec2(radius * 2.0F, radius * 2.0F));
        remember(state, "history.map." + site.id);
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(site.name.c_str());
            if (used) {
                ImGui::Text("%d use%s, last %s (%d days ago)", stats->uses, stats->uses == 1 ? "" : "s",
                            core::format_date(stats->last_date).c_str(), days_between(stats->last_date, today));
                if (stats->reactions > 0) ImGui::Text("A reaction at %d of those visits", stats->reactions);
            } else {
                ImGui::TextUnformatted("Not used at these visits");
            }
            ImGui::EndTooltip();
        }
        ImGui::PopID();
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(size.x, size.y + 4.0F));
}

// ---- 3. the numbers ----------------------------------------------------------------------------
void draw_site_table(AppState& state, const storage::SiteHistory& history) {
    const auto today = state.today_date();
    if (!ImGui::BeginTable("sites", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
    const float em = ImGui::GetFontSize();
    ImGui::TableSetupColumn("Site", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Uses", ImGuiTableColumnFlags_WidthFixed, em * 2.8F);
    ImGui::TableSetupColumn("Last used (days ago)", ImGuiTableColumnFlags_WidthFixed, em * 9.5F);
    ImGui::TableSetupColumn("Reactions", ImGuiTableColumnFlags_WidthFixed, em * 4.4F);
    ImGui::TableHeadersRow();
    for (const auto& s : history.sites) {
        const core::CatalogSite* known = state.clinic.sites().find(s.location);
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        // Cut with "..." and whole under the pointer: at 1024 wide "Abdomen, right uppe" read as the whole name
        // (found from outside).
        fitted_text(known != nullptr ? known->name : s.location);
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("%d", s.uses);
        ImGui::TableSetColumnIndex(2);
        if (s.uses > 0) {
            ImGui::Text("%s (%dd)", core::format_date(s.last_date).c_str(), days_between(s.last_date, today));
        } else {
            ImGui::TextUnformatted("-");
        }
        ImGui::TableSetColumnIndex(3);
        if (s.reactions > 0) {
            ImGui::TextColored(error_colour(), "%d", s.reactions);
        } else {
            ImGui::TextColored(muted_colour(), "0");
        }
    }
    ImGui::EndTable();
}

// ---- 4. the timeline ---------------------------------------------------------------------------
void draw_timeline(AppState& state, const storage::SiteHistory& history) {
    if (!ImGui::BeginTable("timeline", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY,
                           ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        return;
    }
    const float em = ImGui::GetFontSize();
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Visit", ImGuiTableColumnFlags_WidthFixed, em * 6.0F);
    ImGui::TableSetupColumn("Sites", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Reaction", ImGuiTableColumnFlags_WidthFixed, em * 5.0F);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(history.visits.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& v = history.visits[static_cast<std::size_t>(i)];
            ImGui::PushID(static_cast<int>(v.id));
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            if (ImGui::Selectable(core::format_date(v.date).c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
                state.open_review(v.id, Screen::site_history);
            }
            remember(state, "history.visit." + std::to_string(v.id));
            ImGui::TableSetColumnIndex(1);
            std::string sites;
            for (const auto& s : v.sites) {
                const core::CatalogSite* known = state.clinic.sites().find(s.location);
                // "; " between sites: their names have commas of their own ("Abdomen, left lower").
                sites += (sites.empty() ? "" : ";  ") + (known != nullptr ? known->name : s.location) +
                         (s.usable ? "" : " (removed: blood)");
            }
            fitted_text(sites);  // one line a row (the clipper's), cut with "..." and whole under the pointer
            ImGui::TableSetColumnIndex(2);
            if (v.reaction) ImGui::TextColored(error_colour(), "reaction");
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace

// ---- 5. the screen -----------------------------------------------------------------------------
void draw_site_history_screen(AppState& state) {
    const app::Acting* who = supervisor_or_refusal(state, "site history");
    if (who == nullptr) return;
    auto& h = state.site_history;
    if (h.stale) reload(state, *who);
    if (big_button(state, "< Back", "history.back")) {
        state.screen = h.back_to;
        return;
    }
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    review_title(state, "Site history");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    platform::note_text(h.patient_name);
    ImGui::Text("%s", h.patient_name.c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0F);
    if (ImGui::InputTextWithHint("##patient", "patient id", &h.patient_id, ImGuiInputTextFlags_EnterReturnsTrue)) {
        h.patient_name.clear();
        h.stale = true;
    }
    remember(state, "history.patient");
    ImGui::SameLine();
    ImGui::TextUnformatted("last");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 2.5F);
    if (ImGui::InputInt("##visits", &h.visits, 0, 0)) {
        h.visits = std::clamp(h.visits, 1, 100);
        h.stale = true;
    }
    remember(state, "history.visits");
    ImGui::SameLine();
    ImGui::TextUnformatted("visits");
    if (!h.error.empty()) ImGui::TextColored(error_colour(), "%s", h.error.c_str());
    if (!h.history) {
        ImGui::TextColored(muted_colour(), "Open a patient's history from a visit or the queue, or type a patient id.");
        return;
    }
    const storage::SiteHistory& history = *h.history;
    if (history.visits.empty()) {
        ImGui::TextColored(muted_colour(), "No signed visits for %s.", h.patient_id.c_str());
        return;
    }
    const float map_width = std::min(ImGui::GetContentRegionAvail().x * 0.5F, ImGui::GetFontSize() * 30.0F);
    ImGui::BeginGroup();
    draw_map(state, history, ImVec2(map_width, map_width * 0.72F));
    ImGui::PushTextWrapPos(map_width);
    ImGui::TextColored(muted_colour(),
                       "Number: uses at the last %zu visits. Darker: used more often and more "
                       "recently. Orange ring: a reaction there.",
                       history.visits.size());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    draw_site_table(state, history);
    ImGui::EndGroup();
    ImGui::Spacing();
    draw_timeline(state, history);
}

}  // namespace infusion::ui
