#include "ui/visit_screen.hpp"

#include "ui/billing_panel.hpp"
#include "ui/body_map.hpp"
#include "ui/print_panel.hpp"
#include "ui/setup_card.hpp"
#include "ui/vial_scan_panel.hpp"
#include "ui/visit_sections.hpp"
#include "ui/widgets.hpp"

namespace infusion::ui {
namespace {

BodyMapMarks marks_of(const AppState& state) {
    BodyMapMarks marks;
    const auto& setups = state.editor.visit().pump_setups;
    for (std::size_t i = 0; i < setups.size(); ++i) {
        for (const auto& site : setups[i].sites) {
            marks.current.emplace_back(site.location, static_cast<int>(i + 1), site.usable());
        }
    }
    marks.recent = state.visit_screen.recent_sites;
    return marks;
}

}  // namespace

void draw_visit_screen(AppState& state) {
    auto& editor = state.editor;
    const bool editable = editor.editable();
    bool changed = false;

    if (big_button(state, "< Today", "back")) {
        state.go_today();
        return;
    }
    ImGui::SameLine();
    const char* status = editor.status() == storage::VisitStatus::draft     ? "Draft - saved as you type"
                         : editor.status() == storage::VisitStatus::signed_ ? "Signed - read-only"
                                                                            : "Amended - read-only";
    ImGui::AlignTextToFramePadding();
    ImGui::Text("Visit %lld", static_cast<long long>(editor.id()));
    ImGui::SameLine();
    ImGui::TextColored(editor.saved() ? muted_colour() : error_colour(), "%s",
                       editor.saved() ? status : ("NOT SAVED: " + editor.save_error()).c_str());
    // A supervisor's correction request, first thing on screen: the amendment is the answer to it.
    for (const auto& request : state.visit_screen.open_corrections) {
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(warning_colour(), "Asked to correct by %s: %s  (answer with \"Add amendment\")",
                           request.requested_by.c_str(), request.reason.c_str());
        ImGui::PopTextWrapPos();
        remember(state, "visit.correction");
    }

    const float right_width = std::max(ImGui::GetContentRegionAvail().x * 0.36F, ImGui::GetFontSize() * 20.0F);
    ImGui::BeginChild("documentation", ImVec2(-right_width, 0), false);
    changed |= draw_patient_section(state, editable);
    changed |= draw_substance_section(state, editable);
    changed |= draw_vial_scan_panel(state, state.vial_scan, editable);
    ImGui::Spacing();
    auto& setups = editor.visit().pump_setups;
    for (std::size_t i = 0; i < setups.size(); ++i) changed |= draw_setup_card(state, i, editable);
    if (editable && big_button(state, "+ Additional pump set-up", "setup.add")) {
        setups.emplace_back();
        setups.back().pump = setups.size() > 1 ? setups[setups.size() - 2].pump : std::string{};
        state.visit_screen.active_setup = static_cast<int>(setups.size() - 1);
        changed = true;
    }
    changed |= draw_notes_section(state, editable);
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("map and billing", ImVec2(0, 0), true);
    const float map_width = ImGui::GetContentRegionAvail().x;
    const std::string tapped = draw_body_map(state, marks_of(state), ImVec2(map_width, map_width * 0.85F), editable);
    ImGui::PushTextWrapPos(0.0F);
    ImGui::TextColored(muted_colour(),
                       "Blue: this visit, by set-up. Red: removed (blood). Rings: last 5 visits; "
                       "orange ring: a reaction then. Tap a site to place a needle.");
    ImGui::PopTextWrapPos();
    if (!tapped.empty() && !setups.empty()) {
        const auto index = static_cast<std::size_t>(
            std::clamp(state.visit_screen.active_setup, 0, static_cast<int>(setups.size()) - 1));
        changed |= add_site(state, index, tapped);
    }
    draw_billing_panel(state);
    draw_sign_section(state);
    draw_print_panel(state, state.print_panel);
    ImGui::EndChild();

    changed |= dst_choice_popup(state);
    if (changed) editor.changed();
}

}  // namespace infusion::ui
