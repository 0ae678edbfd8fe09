// Sections: 1. loading  2. plot helpers  3. the three sections  4. the screen
#include "ui/overview_screen.hpp"

#include "ui/review_common.hpp"
#include "ui/widgets.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <optional>

namespace infusion::ui {
namespace {

// ---- 1. loading --------------------------------------------------------------------------------
void set_range(AppState& state, int weeks) {
    // Whole ISO weeks: from a Monday, so the first week is not a partial one with a misleading rate.
    const auto today = std::chrono::sys_days{state.today_date()};
    const auto monday = today - (std::chrono::weekday{today} - std::chrono::Monday);
    state.overview.from = core::format_date(monday - std::chrono::weeks{weeks - 1});
    state.overview.to = core::format_date(today);
    state.overview.stale = true;
}

void reload(AppState& state, const app::Acting& who) {
    auto& o = state.overview;
    o.stale = false;
    o.error.clear();
    o.data.reset();
    const DayRange days = parse_day_range(o.from, o.to, true);
    if (!days.error.empty()) {
        o.error = days.error;
        return;
    }
    auto loaded = state.clinic.review().overview(who, *days.from, *days.to);
    if (!loaded) {
        o.error = loaded.error().describe();
        return;
    }
    o.data = std::move(loaded.value());
}

// ---- 2. plot helpers ---------------------------------------------------------------------------
constexpr ImGuiTableFlags number_table =
    ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;

// The title, and in muted text what the plot's scale is (ImGui's plots have no axes).
void section_title(AppState& state, const char* title, const std::string& note) {
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.large);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextColored(muted_colour(), "%s", note.c_str());
}

// Where the plot just drawn puts value i of n: bars are centred in n slots, line points spread edge
// to edge (as ImGui draws them).
float value_x(std::size_t i, std::size_t n, bool line) {
    const ImVec2 lo = ImGui::GetItemRectMin();
    const ImVec2 hi = ImGui::GetItemRectMax();
    const float pad = ImGui::GetStyle().FramePadding.x;
    const float w = hi.x - lo.x - 2.0F * pad;
    if (line) return lo.x + pad + (n > 1 ? w * static_cast<float>(i) / static_cast<float>(n - 1) : w * 0.5F);
    return lo.x + pad + w * (static_cast<float>(i) + 0.5F) / static_cast<float>(n);
}

// The value under the mouse on the plot just drawn, if any.
std::optional<std::size_t> hovered_value(std::size_t n, bool line) {
    if (n == 0 || !ImGui::IsItemHovered()) return std::nullopt;
    const float pad = ImGui::GetStyle().FramePadding.x;
    const float lo = ImGui::GetItemRectMin().x + pad;
    const float w = ImGui::GetItemRectMax().x - pad - lo;
    const float t = std::clamp((ImGui::GetIO().MousePos.x - lo) / w, 0.0F, 0.9999F);
    return line ? static_cast<std::size_t>(t * static_cast<float>(n - 1) + 0.5F)
                : static_cast<std::size_t>(t * static_cast<float>(n));
}

// Labels under the plot just drawn: every `step`-th, centred on its value, kept inside the frame.
void axis_labels(const std::vector<std::string>& labels, std::size_t step, bool line) {
    const ImVec2 lo = ImGui::GetItemRectMin();
    const ImVec2 hi = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < labels.size(); i += step) {
        const ImVec2 size = ImGui::CalcTextSize(labels[i].c_str());
        const float x = std::clamp(value_x(i, labels.size(), line) - size.x * 0.5F, lo.x, hi.x - size.x);
        dl->AddText(ImVec2(x, hi.y + 2.0F), ImGui::GetColorU32(ImGuiCol_TextDisabled), labels[i].c_str());
    }
    ImGui::Dummy(ImVec2(hi.x - lo.x, ImGui::GetTextLineHeight() + 2.0F));
}

float plot_height(float h) { return h - ImGui::GetTextLineHeight() - 2.0F - ImGui::GetStyle().ItemSpacing.y; }

// ---- 3. the three sections ---------------------------------------------------------------------
void reactions(AppState& state, const storage::ClinicOverview& data, float plot_w, float h) {
    std::vector<float> values;
    std::vector<std::string> labels;
    double total_infusions = 0.0;
    double total_reactions = 0.0;
    for (const auto& w : data.weeks) {
        values.push_back(static_cast<float>(w.per_100()));
        labels.push_back(core::format_date(w.monday).substr(5));  // "11-16": the year is in the range
        total_infusions += static_cast<double>(w.infusions);
        total_reactions += static_cast<double>(w.reactions);
    }
    const float top = std::max(5.0F, values.empty() ? 0.0F : *std::max_element(values.begin(), values.end()) * 1.2F);
    char note[96];
    std::snprintf(note, sizeof note, "overall %.1f; scale 0 to %.0f",
                  total_infusions > 0.0 ? 100.0 * total_reactions / total_infusions : 0.0, static_cast<double>(top));
    section_title(state, "Reactions per 100 infusions, by week", note);
    ImGui::BeginGroup();
    ImGui::PlotLines("##reactions", values.data(), static_cast<int>(values.size()), 0, nullptr, 0.0F, top,
                     ImVec2(plot_w, plot_height(h)));
    remember(state, "overview.reactions");
    if (const auto i = hovered_value(values.size(), true)) {
        const auto& w = data.weeks[*i];
        ImGui::SetTooltip("Week of %s: %.1f per 100 (%lld reactions in %lld infusions)",
                          core::format_date(w.monday).c_str(), w.per_100(), static_cast<long long>(w.reactions),
                          static_cast<long long>(w.infusions));
    }
    axis_labels(labels, std::max<std::size_t>(1, labels.size() / 8), true);
    ImGui::EndGroup();
    ImGui::SameLine();
    if (!ImGui::BeginTable("weeks", 4, number_table, ImVec2(0, h))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Week of");
    ImGui::TableSetupColumn("Infusions");
    ImGui::TableSetupColumn("Reactions");
    ImGui::TableSetupColumn("Per 100");
    ImGui::TableHeadersRow();
    for (auto it = data.weeks.rbegin(); it != data.weeks.rend(); ++it) {  // the latest week on top
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(core::format_date(it->monday).c_str());
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("%lld", static_cast<long long>(it->infusions));
        ImGui::TableSetColumnIndex(2);
        ImGui::Text("%lld", static_cast<long long>(it->reactions));
        ImGui::TableSetColumnIndex(3);
        ImGui::Text("%.1f", it->per_100());
    }
    ImGui::EndTable();
}

std::string quarter(std::size_t i) {
    return std::to_string(i / 4) + ":" + (i % 4 == 0 ? "00" : std::to_string(i % 4 * 15));
}

void lengths(AppState& state, const storage::ClinicOverview& data, float plot_w, float h) {
    const auto& d = data.lengths;
    std::vector<float> values;
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < d.quarter_hours.size(); ++i) {
        values.push_back(static_cast<float>(d.quarter_hours[i]));
        labels.push_back(std::to_string(i / 4) + "h");
    }
    values.push_back(static_cast<float>(d.over_six_hours));
    labels.emplace_back("6h+");
    section_title(state, "Infusion length", "visits per quarter hour, 0 to 6 hours and over");
    ImGui::BeginGroup();
    ImGui::PlotHistogram("##lengths", values.data(), static_cast<int>(values.size()), 0, nullptr, 0.0F, FLT_MAX,
                         ImVec2(plot_w, plot_height(h)));
    remember(state, "overview.lengths");
    if (const auto i = hovered_value(values.size(), false)) {
        const std::string span = *i < d.quarter_hours.size() ? quarter(*i) + " to " + quarter(*i + 1) : "over 6:00";
        ImGui::SetTooltip("%s: %.0f visits", span.c_str(), static_cast<double>(values[*i]));
    }
    axis_labels(labels, 4, false);
    ImGui::EndGroup();
    ImGui::SameLine();
    if (!ImGui::BeginTable("lengths", 2, number_table, ImVec2(0, h))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Length");
    ImGui::TableSetupColumn("Visits");
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] <= 0.0F) continue;  // the busy lengths, not 25 rows of mostly zeros
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        if (i < d.quarter_hours.size()) {
            ImGui::Text("%s to %s", quarter(i).c_str(), quarter(i + 1).c_str());
        } else {
            ImGui::TextUnformatted("over 6 hours");
        }
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("%.0f", static_cast<double>(values[i]));
    }
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextColored(muted_colour(), "no time documented");
    ImGui::TableSetColumnIndex(1);
    ImGui::TextColored(muted_colour(), "%lld", static_cast<long long>(d.unknown));
    ImGui::EndTable();
}

void completeness(AppState& state, const storage::ClinicOverview& data, float plot_w, float h) {
    std::vector<float> values;
    std::vector<std::string> labels;
    for (const auto& n : data.nurses) {
        values.push_back(static_cast<float>(100.0 * n.share()));
        labels.push_back(n.nurse);
    }
    // Nurses mostly document 90% or more: from 0 every bar would look full. The scale starts at the
    // ten below the lowest share, and the title says so.
    const float lowest = values.empty() ? 0.0F : *std::min_element(values.begin(), values.end());
    const float bottom = std::clamp(std::floor((lowest - 5.0F) / 10.0F) * 10.0F, 0.0F, 90.0F);
    char note[96];
    std::snprintf(note, sizeof note, "prep, aspiration and securing documented; scale %.0f to 100%%",
                  static_cast<double>(bottom));
    section_title(state, "Documentation complete, by nurse", note);
    ImGui::BeginGroup();
    ImGui::PlotHistogram("##complete", values.data(), static_cast<int>(values.size()), 0, nullptr, bottom, 100.0F,
                         ImVec2(plot_w, plot_height(h)));
    remember(state, "overview.completeness");
    if (const auto i = hovered_value(values.size(), false)) {
        const auto& n = data.nurses[*i];
        ImGui::SetTooltip("%s: %.0f%% complete (%lld of %lld visits)", n.nurse.c_str(), 100.0 * n.share(),
                          static_cast<long long>(n.complete), static_cast<long long>(n.visits));
    }
    if (!labels.empty()) axis_labels(labels, 1, false);
    ImGui::EndGroup();
    ImGui::SameLine();
    if (!ImGui::BeginTable("nurses", 4, number_table, ImVec2(0, h))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Nurse");
    ImGui::TableSetupColumn("Visits");
    ImGui::TableSetupColumn("Complete");
    ImGui::TableSetupColumn("%");
    ImGui::TableHeadersRow();
    for (const auto& n : data.nurses) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(n.nurse.c_str());
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("%lld", static_cast<long long>(n.visits));
        ImGui::TableSetColumnIndex(2);
        ImGui::Text("%lld", static_cast<long long>(n.complete));
        ImGui::TableSetColumnIndex(3);
        ImGui::TextColored(n.share() < 0.9 ? warning_colour() : ok_colour(), "%.0f", 100.0 * n.share());
    }
    ImGui::EndTable();
}

}  // namespace

// ---- 4. the screen -----------------------------------------------------------------------------
void draw_overview_screen(AppState& state) {
    const app::Acting* who = supervisor_or_refusal(state, "clinic overview");
    if (who == nullptr) return;
    auto& o = state.overview;
    if (o.from.empty() || o.to.empty()) set_range(state, 12);
    if (o.stale) reload(state, *who);
    review_title(state, "Clinic overview");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("from");
    ImGui::SameLine();
    bool changed = day_field(state, "from", o.from, "overview.from");
    ImGui::SameLine();
    ImGui::TextUnformatted("to");
    ImGui::SameLine();
    changed |= day_field(state, "to", o.to, "overview.to");
    if (changed) o.stale = true;
    ImGui::SameLine();
    if (ImGui::Button("Last 12 weeks")) set_range(state, 12);
    remember(state, "overview.12weeks");
    ImGui::SameLine();
    if (ImGui::Button("Last year")) set_range(state, 52);
    remember(state, "overview.52weeks");
    if (!o.error.empty()) ImGui::TextColored(error_colour(), "%s", o.error.c_str());
    if (!o.data) return;
    const storage::ClinicOverview& data = *o.data;
    if (data.weeks.empty()) {
        ImGui::TextColored(muted_colour(), "No signed visits from %s to %s.", o.from.c_str(), o.to.c_str());
        return;
    }
    // Three sections share the height; plots take 60% of the width, their numbers the rest.
    // A section's title line: Spacing(), the large font, the spacing after it.
    const float large = state.fonts.large != nullptr ? state.fonts.large->FontSize : ImGui::GetFontSize() * 1.3F;
    const float title = large + ImGui::GetStyle().ItemSpacing.y * 3.0F;
    const float h = std::max(ImGui::GetFontSize() * 6.0F, (ImGui::GetContentRegionAvail().y - 3.0F * title) / 3.0F);
    const float plot_w = ImGui::GetContentRegionAvail().x * 0.6F;
    reactions(state, data, plot_w, h);
    lengths(state, data, plot_w, h);
    completeness(state, data, plot_w, h);
}

}  // namespace infusion::ui
