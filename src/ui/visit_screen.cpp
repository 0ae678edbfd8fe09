#include "ui/visit_screen.hpp"

#include "app/site_rotation.hpp"
#include "core/field_path.hpp"
#include "ui/billing_panel.hpp"
#include "ui/body_map.hpp"
#include "ui/leave_guard.hpp"
#include "ui/patient_banner.hpp"
#include "ui/print_panel.hpp"
#include "ui/review_common.hpp"
#include "ui/screen_registry.hpp"
#include "ui/setup_card.hpp"
#include "ui/tab_order.hpp"
#include "ui/time_field.hpp"
#include "ui/vial_scan_panel.hpp"
#include "ui/visit_sections.hpp"
#include "ui/widgets.hpp"

#include <algorithm>

namespace infusion::ui {
namespace {

BodyMapMarks marks_of(AppState& state) {
    BodyMapMarks marks;
    const auto& setups = state.editor.visit().pump_setups;
    for (std::size_t i = 0; i < setups.size(); ++i) {
        for (const auto& site : setups[i].sites) {
            marks.current.emplace_back(site.location, static_cast<int>(i + 1), site.usable());
        }
    }
    marks.recent = state.visit_screen.recent_sites;
    // Read for the clinical side only (AppState::open_visit).
    marks.history_read = state.has_role(app::Role::nurse) || state.has_role(app::Role::supervisor);
    std::vector<std::string> ids;
    for (const auto& site : state.clinic.sites().sites) ids.push_back(site.id);
    std::vector<std::string> here;
    for (const auto& [location, number, usable] : marks.current) here.push_back(location);
    const std::string zone = core::effective_time_zone(state.editor.visit(), state.clinic.settings());
    marks.today = visit_day(state, zone);
    if (state.editor.editable()) marks.suggested = app::least_recently_used(marks.recent, ids, here, *marks.today, 3);
    marks.rest_days = state.clinic.site_rest_days();
    if (!setups.empty()) {
        marks.active_setup = std::clamp(state.visit_screen.active_setup, 0, static_cast<int>(setups.size()) - 1) + 1;
    }
    return marks;
}

// Rotation (practice.md): each site of this visit that rests under the clinic's policy or had a reaction,
// from the patient's recent visits (the choice stays the nurse's: ASCIA reuses sites, most US sources rotate).
// A signed visit being read warns of nothing: its later visits are among the recent ones.
void update_rotation_warnings(AppState& state) {
    auto& screen = state.visit_screen;
    screen.site_warnings_stale = false;
    screen.site_warnings.clear();
    if (!state.editor.editable()) return;
    const std::string zone = core::effective_time_zone(state.editor.visit(), state.clinic.settings());
    const auto day = visit_day(state, zone);
    std::vector<std::string> said;
    for (const auto& setup : state.editor.visit().pump_setups) {
        for (const auto& site : setup.sites) {
            // A needle taken out for blood is not where the infusion goes: its warning went on standing under the
            // map and in "Sign this visit?" after the nurse re-sited (found from outside).
            if (!site.usable()) continue;
            if (std::find(said.begin(), said.end(), site.location) != said.end()) continue;
            said.push_back(site.location);
            const core::CatalogSite* known = state.clinic.sites().find(site.location);
            auto warning = app::rotation_warning(screen.recent_sites, site.location,
                                                 known != nullptr ? known->name : site.location, day,
                                                 state.clinic.site_rest_days());
            if (!warning.empty()) screen.site_warnings.push_back(std::move(warning));
        }
    }
}

// Someone else wrote this visit (another window or workstation) after it was opened here. Said plainly
// in the footer: who and when, that what the nurse typed since is still on screen but not saved (it is
// never dropped without her asking), and Reload, which opens the stored visit in its place.
void draw_conflict(AppState& state) {
    ImGui::PushTextWrapPos(0.0F);
    ImGui::TextColored(error_colour(), "%s.", state.editor.save_error().c_str());
    remember(state, "visit.conflict");
    ImGui::TextColored(error_colour(),
                       "What you entered since is still shown above but is NOT saved. Note anything you need, "
                       "then Reload: the saved visit replaces it.");
    ImGui::PopTextWrapPos();
    if (big_button(state, "Reload the saved visit", "visit.reload")) state.open_visit(state.editor.id());
}

// The screen itself, inside the screen's own Tab order.
void draw_visit(AppState& state) {
    auto& editor = state.editor;
    const bool editable = editor.editable();
    bool changed = false;

    // Leaving asks first while an amendment is unsigned or a refused time stands (ui/leave_guard.hpp).
    if (big_button(state, state.visit_screen.back_label.c_str(), "back")) {
        leave_to(state, state.visit_screen.back_to);
        if (state.screen != Screen::visit) return;
    }
    ImGui::SameLine();
    // A draft its reader may not document says so before anyone types into it (the one status made per
    // frame; the others are constants).
    std::string read_only;
    if (editor.draft_read_only()) read_only = "Draft - read-only: " + *editor.draft_read_only();
    const char* status = !read_only.empty()                                 ? read_only.c_str()
                         : editor.status() == storage::VisitStatus::draft   ? "Draft - saved as you type"
                         : editor.amending()                                ? "Amending - not saved until signed"
                         : editor.status() == storage::VisitStatus::signed_ ? "Signed - read-only"
                                                                            : "Amended - read-only";
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(visit_heading(editor.id(), editor.visit()).c_str());
    ImGui::SameLine();
    ImGui::TextColored(editor.saved() ? muted_colour() : error_colour(), "%s",
                       editor.saved()      ? status
                       : editor.conflict() ? "NOT SAVED: changed elsewhere"
                                           : ("NOT SAVED: " + editor.save_error()).c_str());
    if (const auto& other = editor.last_saved_by_other(); other && editor.saved() && read_only.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(warning_colour(), "- last saved by %s at %s", other->user.c_str(),
                           clinic_stamp(state, other->at).c_str());
        remember(state, "visit.saved_by_other");
    }
    // Who this is, pinned above everything that scrolls.
    draw_patient_banner(state, editor.visit().patient);
    // A supervisor's correction request, first thing on screen: the amendment is the answer to it.
    for (const auto& request : state.visit_screen.open_corrections) {
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(warning_colour(), "Asked to correct by %s: %s  (answer with \"Add amendment\")",
                           request.requested_by.c_str(), request.reason.c_str());
        ImGui::PopTextWrapPos();
        remember(state, "visit.correction");
    }

    // The footer (billing state and Sign) is always in view; the two columns above it scroll. Its height
    // is last frame's (it grows while amending); a first frame uses one row of buttons plus a line.
    auto& screen = state.visit_screen;
    const float footer = screen.footer_height > 0.0F ? screen.footer_height
                                                     : touch_height() + ImGui::GetTextLineHeightWithSpacing() * 2.0F;
    const float columns_height = std::max(ImGui::GetContentRegionAvail().y - footer, touch_height() * 3.0F);
    const bool to_top = screen.scroll_to_top;  // a visit opens at its top, never at the last one's scroll
    screen.scroll_to_top = false;
    const float right_width = std::max(ImGui::GetContentRegionAvail().x * 0.36F, ImGui::GetFontSize() * 20.0F);
    ImGui::BeginChild("documentation", ImVec2(-right_width, columns_height), false);
    if (to_top) ImGui::SetScrollY(0.0F);
    changed |= draw_patient_section(state, editable);
    changed |= draw_substance_section(state, editable);
    changed |= draw_vial_scan_panel(state, state.vial_scan, editable);
    ImGui::Spacing();
    auto& setups = editor.visit().pump_setups;
    for (std::size_t i = 0; i < setups.size(); ++i) changed |= draw_setup_card(state, i, editable);
    changed |= take_off_removed_setup(state, editable);
    if (editable && big_button(state, "+ Additional pump set-up", "setup.add")) {
        settle_clicks(state);
        // The removed one's Undo goes: "Pump set-up 2 removed" stood over the new set-up 2, and Undo then put the old
        // one back as set-up 3 (found from outside).
        state.visit_screen.removed_setup.reset();
        setups.emplace_back();
        setups.back().pump = setups.size() > 1 ? setups[setups.size() - 2].pump : std::string{};
        state.visit_screen.active_setup = static_cast<int>(setups.size() - 1);
        // From the keyboard, the new card's first control is next (its pump is the last one's).
        if (ImGui::GetIO().NavVisible) state.tab_order.pending = core::path::setup(setups.size() - 1) + ".pump";
        changed = true;
    }
    changed |= draw_notes_section(state, editable);
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("map and billing", ImVec2(0, columns_height), true);
    if (to_top) ImGui::SetScrollY(0.0F);
    const float map_width = ImGui::GetContentRegionAvail().x;
    const BodyMapMarks marks = marks_of(state);
    const std::string tapped = draw_body_map(state, marks, ImVec2(map_width, map_width * 0.85F), editable);
    ImGui::PushTextWrapPos(0.0F);
    ImGui::TextColored(muted_colour(),
                       "Blue: this visit, by set-up; red: removed (blood). Rings: the last 5 visits, with days "
                       "ago; orange: used within %d days; red: a reaction there; green: suggested.%s",
                       state.clinic.site_rest_days(),
                       editable ? " Tap a site, or arrow keys and Enter, to place a needle." : "");
    if (!marks.suggested.empty()) {
        std::string names;
        for (const auto& id : marks.suggested) {
            const core::CatalogSite* site = state.clinic.sites().find(id);
            names += (names.empty() ? "" : ", ") + (site != nullptr ? site->name : id);
        }
        ImGui::TextColored(ok_colour(), "Least recently used: %s", names.c_str());
        remember(state, "map.suggested");
    }
    ImGui::PopTextWrapPos();
    if (!tapped.empty() && !setups.empty()) {
        const auto index = static_cast<std::size_t>(
            std::clamp(state.visit_screen.active_setup, 0, static_cast<int>(setups.size()) - 1));
        changed |= add_site(state, index, tapped);
        // Placed from the keyboard: its checklist is next.
        if (ImGui::GetIO().NavVisible) {
            state.tab_order.pending = core::path::site(index, setups[index].sites.size() - 1) + ".prepped";
        }
    }
    // Where the nurse tapped, and for as long as the site is on the visit: under the set-up it was below the
    // fold, and gone once the visit was opened again (found from outside).
    if (changed) screen.site_warnings_stale = true;
    if (screen.site_warnings_stale) update_rotation_warnings(state);
    ImGui::PushTextWrapPos(0.0F);
    for (const auto& warning : screen.site_warnings) {
        ImGui::TextColored(warning_colour(), "Rotation: %s.", warning.c_str());
        remember(state, "site.warning");
    }
    if (!screen.site_refused.empty()) {
        // Only while the needle it names is there: it stood after that needle was taken off (found from outside).
        const auto& [refused_setup, refused_site] = screen.site_refused_at;
        const auto& all = editor.visit().pump_setups;
        if (refused_setup >= all.size() ||
            std::none_of(all[refused_setup].sites.begin(), all[refused_setup].sites.end(),
                         [&](const core::Site& s) { return s.location == refused_site; })) {
            screen.site_refused.clear();
        }
    }
    if (!screen.site_refused.empty()) {
        ImGui::TextColored(warning_colour(), "%s", screen.site_refused.c_str());
        remember(state, "site.refused");
    }
    ImGui::PopTextWrapPos();
    // What a tap says is shown beside the finger for a few seconds too, over the screen, moving nothing: at
    // 1024x700 a rotation warning fell below the panel's fold, and scrolling it into view moved the map under the
    // finger, so the next tap placed a needle at another site (both found from outside).
    if (!tapped.empty()) {
        const core::CatalogSite* site = state.clinic.sites().find(tapped);
        const std::string name = site != nullptr ? site->name : tapped;
        std::string said = screen.site_refused;
        for (const auto& warning : screen.site_warnings) {
            if (said.empty() && warning.rfind(name, 0) == 0) said = "Rotation: " + warning + ".";
        }
        screen.tap_notice = said;
        screen.tap_notice_at = ImGui::GetMousePos();
        screen.tap_notice_until = ImGui::GetTime() + 4.0;
    }
    if (!screen.tap_notice.empty() && ImGui::GetTime() < screen.tap_notice_until) {
        ImDrawList* front = ImGui::GetForegroundDrawList();
        const float wrap = ImGui::GetFontSize() * 18.0F;
        const ImVec2 size = ImGui::CalcTextSize(screen.tap_notice.c_str(), nullptr, false, wrap);
        const ImVec2 display = ImGui::GetIO().DisplaySize;
        // Above the finger: the site's own tooltip opens below it.
        ImVec2 at(screen.tap_notice_at.x - size.x * 0.5F, screen.tap_notice_at.y - size.y - 24.0F);
        at.x = std::max(4.0F, std::min(at.x, display.x - size.x - 12.0F));
        at.y = std::max(4.0F, std::min(at.y, display.y - size.y - 12.0F));
        front->AddRectFilled(ImVec2(at.x - 6.0F, at.y - 4.0F), ImVec2(at.x + size.x + 6.0F, at.y + size.y + 4.0F),
                             IM_COL32(60, 40, 10, 240), 4.0F);
        front->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at, ImGui::GetColorU32(warning_colour()),
                       screen.tap_notice.c_str(), nullptr, wrap);
    }
    draw_billing_panel(state);
    draw_print_panel(state, state.print_panel);
    ImGui::EndChild();

    const float footer_top = ImGui::GetCursorPosY();
    if (editor.conflict()) {
        // In the footer too, which grows upwards: on top, its three lines pushed the whole visit down 104 px
        // under the nurse's finger in the frame after she typed (found from outside).
        draw_conflict(state);
        if (!editor.conflict()) return;  // reloaded: the next frame draws the stored visit
    }
    if (const auto& elsewhere = editor.written_elsewhere(); elsewhere && !editor.conflict()) {
        // Known from the live lists' look, with no input: said in the footer, which grows upwards, so that
        // nothing the nurse is about to tap moves (on top, it pushed the whole visit down under her finger and
        // a tap on Stop's "Now" pressed Start's; found from outside).
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(warning_colour(), "%s. What is shown above is the earlier version: reload to see it.",
                           elsewhere->c_str());
        ImGui::PopTextWrapPos();
        remember(state, "visit.written_elsewhere");
        if (big_button(state, "Reload the saved visit", "visit.reload_elsewhere")) {
            state.open_visit(editor.id());
            return;
        }
    }
    draw_sign_section(state);
    screen.footer_height = ImGui::GetCursorPosY() - footer_top;

    changed |= dst_choice_popup(state);
    if (changed) editor.changed();
}

}  // namespace

std::string visit_heading(storage::VisitId id, const core::Visit& visit) {
    const auto date = core::first_start_date(visit);
    return "Visit " + std::to_string(id) + ", " + (date ? core::format_date(*date) : std::string("not started"));
}

void draw_visit_screen(AppState& state) {
    tab_order_begin(state);
    draw_visit(state);
    tab_order_end(state);
}

}  // namespace infusion::ui
