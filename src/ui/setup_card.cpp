// Sections: 1. pick-lists  2. one needle's checklist  3. the card
#include "ui/setup_card.hpp"

#include "core/field_path.hpp"
#include "ui/widgets.hpp"

#include <imgui_stdlib.h>

#include <array>

namespace infusion::ui {
namespace {

// ---- 1. pick-lists -----------------------------------------------------------------------------
// practice.md: the pumps clinics use. Free entry stays possible for anything else.
constexpr std::array<const char*, 9> pumps{"Freedom60",     "EMED SCIg60", "Crono S-PID 50",
                                           "CANè S-PID 50", "CADD Solis",  "CADD Legacy PLUS",
                                           "Curlin 6000",   "Niki T34",    "BodyGuard"};
constexpr std::array<const char*, 5> needles{"27G 6mm", "27G 9mm", "27G 12mm", "26G 9mm", "24G 12mm"};

bool combo_with_entry(AppState& state, const char* id, std::string& value, const char* const* items, std::size_t count,
                      float width) {
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo(id, value.empty() ? "choose" : value.c_str())) {
        for (std::size_t i = 0; i < count; ++i) {
            const bool selected = value == items[i];
            if (ImGui::Selectable(items[i], selected, 0, ImVec2(0, touch_height()))) {
                value = items[i];
                changed = true;
            }
            remember(state, std::string("pick.") + items[i]);
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    return changed;
}

std::string elapsed_text(std::chrono::seconds s) {
    const auto total = s.count();
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                  static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
    return buffer;
}

// ---- 2. one needle's checklist -----------------------------------------------------------------
bool draw_site_row(AppState& state, std::size_t setup_index, std::size_t site_index, bool editable, bool& remove) {
    core::Site& site = state.editor.visit().pump_setups[setup_index].sites[site_index];
    const std::string base = core::path::site(setup_index, site_index);
    bool changed = false;
    ImGui::PushID(static_cast<int>(site_index));
    const core::CatalogSite* known = state.config.sites.find(site.location);
    const std::string name = known != nullptr ? known->name : site.location;
    ImGui::TableNextRow(0, touch_height());
    ImGui::TableSetColumnIndex(0);
    ImGui::AlignTextToFramePadding();
    if (!site.usable()) {
        ImGui::TextColored(error_colour(), "%zu. %s: removed, blood", site_index + 1, name.c_str());
    } else {
        ImGui::Text("%zu. %s", site_index + 1, name.c_str());
    }
    ImGui::TableSetColumnIndex(1);
    changed |= combo_with_entry(state, "##needle", site.needle, needles.data(), needles.size(), -1.0F);
    remember(state, base + ".needle");
    ImGui::TableSetColumnIndex(2);
    changed |= check_item(state, "##prep", site.prepped, base + ".prepped");
    ImGui::TableSetColumnIndex(3);
    // Aspiration: no blood / blood (needle removed) / not checked per protocol.
    focus_if_requested(state, base + ".aspiration");
    int aspiration = !site.aspiration ? -1 : static_cast<int>(*site.aspiration);
    const char* labels[] = {"No blood", "Blood", "Not checked"};
    for (int i = 0; i < 3; ++i) {
        if (i > 0) ImGui::SameLine();
        if (ImGui::RadioButton(labels[i], aspiration == i)) {
            site.aspiration = static_cast<core::Aspiration>(i);
            changed = true;
        }
        remember(state, base + ".aspiration." + std::to_string(i));
    }
    ImGui::TableSetColumnIndex(4);
    changed |= check_item(state, "##secured", site.secured, base + ".secured");
    ImGui::TableSetColumnIndex(5);
    if (editable && ImGui::SmallButton("X")) remove = true;
    if (editable && ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this needle from the record");
    ImGui::PopID();
    return changed;
}

}  // namespace

// ---- 3. the card -------------------------------------------------------------------------------
bool add_site(AppState& state, std::size_t index, const std::string& location) {
    auto& setups = state.editor.visit().pump_setups;
    if (index >= setups.size()) return false;
    core::Site site;
    site.location = location;
    site.needle = setups[index].sites.empty() ? std::string("27G 9mm") : setups[index].sites.back().needle;
    setups[index].sites.push_back(site);
    return true;
}

bool draw_setup_card(AppState& state, std::size_t index, bool editable) {
    core::Visit& visit = state.editor.visit();
    core::PumpSetup& setup = visit.pump_setups[index];
    const std::string base = core::path::setup(index);
    const std::string zone = core::effective_time_zone(visit, state.config.clinic);
    bool changed = false;
    ImGui::PushID(base.c_str());
    const bool active = state.visit_screen.active_setup == static_cast<int>(index);
    // A card is a group with a frame drawn around it (ImGui 1.86 child windows cannot size to content).
    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.large);
    ImGui::Text("Pump set-up %zu", index + 1);
    ImGui::PopFont();
    if (editable && !active) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Place needles here")) state.visit_screen.active_setup = static_cast<int>(index);
        remember(state, base + ".activate");
    } else if (editable) {
        ImGui::SameLine();
        ImGui::TextColored(muted_colour(), "(taps on the body map add needles here)");
    }
    ImGui::BeginDisabled(!editable);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Pump");
    ImGui::SameLine(ImGui::GetFontSize() * 6.5F);
    focus_if_requested(state, base + ".pump");
    changed |= combo_with_entry(state, "##pump", setup.pump, pumps.data(), pumps.size(), ImGui::GetFontSize() * 12.0F);
    remember(state, base + ".pump");
    changed |= time_field(state, "Set up", setup.set_up_at, base + ".set_up_at", zone);
    changed |= time_field(state, "Start", setup.start, base + ".start", zone);
    changed |= time_field(state, "Stop", setup.stop, base + ".stop", zone);
    ImGui::EndDisabled();

    if (setup.start && !setup.stop) {
        // A running timer while infusing; the window wakes once a second for it.
        const auto started = core::resolve(*setup.start, zone);
        if (started.status == core::TimeResolution::ok && started.instant <= state.now()) {
            ImGui::TextColored(ok_colour(), "Infusing for %s", elapsed_text(state.now() - started.instant).c_str());
        }
    }

    if (ImGui::BeginTable("sites", 6, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
        const float em = ImGui::GetFontSize();
        ImGui::TableSetupColumn("Site", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Needle", ImGuiTableColumnFlags_WidthFixed, em * 6.0F);
        ImGui::TableSetupColumn("Prep", ImGuiTableColumnFlags_WidthFixed, em * 2.6F);
        ImGui::TableSetupColumn("Aspiration", ImGuiTableColumnFlags_WidthFixed, em * 18.5F);
        ImGui::TableSetupColumn("Secured", ImGuiTableColumnFlags_WidthFixed, em * 3.4F);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, em * 1.6F);
        ImGui::TableHeadersRow();
        ImGui::BeginDisabled(!editable);
        std::optional<std::size_t> remove_index;
        for (std::size_t s = 0; s < setup.sites.size(); ++s) {
            bool remove = false;
            changed |= draw_site_row(state, index, s, editable, remove);
            if (remove) remove_index = s;
        }
        ImGui::EndDisabled();
        ImGui::EndTable();
        if (remove_index) {
            setup.sites.erase(setup.sites.begin() + static_cast<std::ptrdiff_t>(*remove_index));
            changed = true;
        }
    }
    for (const auto& site : setup.sites) {
        if (site.usable()) continue;
        const core::CatalogSite* known = state.config.sites.find(site.location);
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(warning_colour(),
                           "The needle at %s returned blood and was removed: place a new needle "
                           "by tapping a new site on the body map.",
                           known != nullptr ? known->name.c_str() : site.location.c_str());
        ImGui::PopTextWrapPos();
    }
    if (setup.sites.empty()) {
        focus_if_requested(state, base + ".sites");
        ImGui::TextColored(warning_colour(), "No needle yet: tap the sites on the body map");
    }
    ImGui::EndGroup();
    const ImVec2 pad(6.0F, 4.0F);
    const ImVec2 lo(ImGui::GetItemRectMin().x - pad.x, ImGui::GetItemRectMin().y - pad.y);
    const ImVec2 hi(ImGui::GetItemRectMax().x + pad.x, ImGui::GetItemRectMax().y + pad.y);
    ImGui::GetWindowDrawList()->AddRect(lo, hi, active ? IM_COL32(40, 110, 200, 255) : IM_COL32(170, 170, 180, 255),
                                        6.0F, 0, active ? 2.5F : 1.0F);
    ImGui::Dummy(ImVec2(0, pad.y * 2.0F));
    ImGui::PopID();
    return changed;
}

}  // namespace infusion::ui
