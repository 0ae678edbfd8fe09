// Sections: 1. pick-lists  2. one needle's checklist  3. the card
#include "ui/setup_card.hpp"

#include "app/site_rotation.hpp"
#include "core/field_path.hpp"
#include "ui/tab_order.hpp"
#include "ui/time_field.hpp"
#include "ui/widgets.hpp"

#include <algorithm>

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <array>
#include <utility>

namespace infusion::ui {
namespace {

// ---- 1. pick-lists -----------------------------------------------------------------------------
// practice.md: the pumps clinics use. Free entry stays possible for anything else.
constexpr std::array<const char*, 9> pumps{"Freedom60",     "EMED SCIg60", "Crono S-PID 50",
                                           "CANè S-PID 50", "CADD Solis",  "CADD Legacy PLUS",
                                           "Curlin 6000",   "Niki T34",    "BodyGuard"};
constexpr std::array<const char*, 5> needles{"27G 6mm", "27G 9mm", "27G 12mm", "26G 9mm", "24G 12mm"};

// The frame padding that makes a combo as tall as the toggles and buttons beside it: a finger-sized
// target (touch_height(), at least 40 px at scale 1; ImGui's own frame is about 32).
ImVec2 touch_padding() {
    return ImVec2(ImGui::GetStyle().FramePadding.x, (touch_height() - ImGui::GetFontSize()) * 0.5F);
}

// Lines the text that follows up with the middle of a touch-height control on the same line.
void align_text_to_touch_height() {
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, touch_padding());
    ImGui::AlignTextToFramePadding();
    ImGui::PopStyleVar();
}

bool combo_with_entry(AppState& state, const char* id, std::string& value, const char* const* items, std::size_t count,
                      float width) {
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, touch_padding());
    const bool open = ImGui::BeginCombo(id, value.empty() ? "choose" : value.c_str());
    ImGui::PopStyleVar();
    if (open) {
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
// A checklist answer as a finger-sized toggle that says its state in words and colour, not by a tick
// box alone; Space or Enter toggles it once it has the keyboard focus (Tab reaches it).
// `stop`: in the Tab order; the other choices of a group are reached with the arrow keys.
bool toggle(AppState& state, const char* label, bool on, const std::string& name, float width, ImVec4 on_colour,
            bool stop = true) {
    if (on) {
        ImGui::PushStyleColor(ImGuiCol_Button, on_colour);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, on_colour);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0F, 1.0F, 1.0F, 1.0F));
    }
    const std::string text = std::string(on ? "\u2713 " : "") + label + "##" + name;
    // Taken as the button goes down, and a double click's second click not at all: a double click on
    // "Prepped" turned it on and straight off again, and the missing tick read as done (found from outside).
    const bool pressed =
        ImGui::ButtonEx(text.c_str(), ImVec2(width, touch_height()), ImGuiButtonFlags_PressedOnClick) &&
        !ImGui::GetIO().MouseDoubleClicked[0];
    remember(state, name);
    if (stop) tab_stop(state, name, false);
    if (on) ImGui::PopStyleColor(3);
    return pressed;
}

bool draw_site_row(AppState& state, std::size_t setup_index, std::size_t site_index, bool editable, bool& remove) {
    core::Site& site = state.editor.visit().pump_setups[setup_index].sites[site_index];
    const std::string base = core::path::site(setup_index, site_index);
    bool changed = false;
    ImGui::PushID(static_cast<int>(site_index));
    const core::CatalogSite* known = state.clinic.sites().find(site.location);
    const std::string name = known != nullptr ? known->name : site.location;
    const float em = ImGui::GetFontSize();
    ImGui::Separator();
    // Line 1: where, which needle, and (well away from the checklist) removing it.
    align_text_to_touch_height();
    const std::string head = std::to_string(site_index + 1) + ". " + name;
    // Beside the site, as much of the note as the row has room for beside the needle list and Delete entry,
    // never a line of its own: at 1024 wide the long label pushed the needle list over "Delete entry" (a click
    // on it opened the list), and then the note on a line of its own pushed the checklist down under the
    // pointer in the frame "Blood" was clicked, so the next click landed on the text (both found from
    // outside). The whole note is under the pointer; the red name, the red "Blood" and the map say it too.
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float room = ImGui::GetContentRegionAvail().x - em * 9.0F - (editable ? em * 7.5F : 0.0F) - spacing * 3.0F;
    if (!site.usable()) {
        std::string label = head;
        for (const char* note : {" - removed, blood returned", " - removed"}) {
            if (ImGui::CalcTextSize((head + note).c_str()).x <= room) {
                label = head + note;
                break;
            }
        }
        ImGui::TextColored(error_colour(), "%s", label.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: removed, blood returned", head.c_str());
    } else {
        ImGui::TextUnformatted(head.c_str());
    }
    remember(state, base + ".name");
    ImGui::SameLine();
    focus_if_requested(state, base + ".needle");
    changed |= combo_with_entry(state, "##needle", site.needle, needles.data(), needles.size(), em * 9.0F);
    remember(state, base + ".needle");
    tab_stop(state, base + ".needle", false);
    if (editable) {
        // Deleting the row, not taking the needle out: "Remove needle" on a needle that returned blood (whose
        // row already says "removed, blood returned") read as the removal itself, and took the blood return
        // off the record (found from outside).
        // A needle that returned blood stays on the record (visit-screen.md): its Delete entry is greyed, in
        // place. "Delete entry" still read as "needle removed" and erased the blood return, and the site
        // that bled was then suggested again (found from outside). Blood marked by mistake is undone by
        // choosing the aspiration again first.
        const float remove_width = em * 7.5F;
        const bool bled = site.aspiration == core::Aspiration::blood;
        ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - remove_width));
        ImGui::BeginDisabled(bled);
        if (big_button(state, "Delete entry", base + ".remove", remove_width)) remove = true;
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
            ImGui::SetTooltip(bled ? "A needle that returned blood stays on the record: it is already marked removed. "
                                     "If Blood was marked by mistake, choose the aspiration again first."
                                   : "Deletes this needle from the record: a needle entered by mistake (Undo brings "
                                     "it back)");
        }
    }
    // Line 2: the checklist in the order it is done: prep, aspiration, secured.
    const ImVec4 green = ok_colour();
    focus_if_requested(state, base + ".prepped");
    if (toggle(state, "Prepped", site.prepped.value_or(false), base + ".prepped", em * 6.5F, green)) {
        site.prepped = !site.prepped.value_or(false);
        changed = true;
    }
    ImGui::SameLine();
    focus_if_requested(state, base + ".aspiration");
    const char* labels[] = {"No blood", "Blood", "Not checked"};
    const float widths[] = {em * 6.0F, em * 5.0F, em * 7.5F};
    const ImVec4 colours[] = {green, error_colour(), warning_colour()};
    // One Tab stop for the three (the chosen one, else "No blood"), like a radio group.
    const int home = site.aspiration ? static_cast<int>(*site.aspiration) : 0;
    for (int i = 0; i < 3; ++i) {
        const bool on = site.aspiration && static_cast<int>(*site.aspiration) == i;
        if (toggle(state, labels[i], on, base + ".aspiration." + std::to_string(i), widths[i], colours[i], i == home)) {
            site.aspiration = static_cast<core::Aspiration>(i);
            changed = true;
        }
        ImGui::SameLine();
    }
    focus_if_requested(state, base + ".secured");
    if (toggle(state, "Secured", site.secured.value_or(false), base + ".secured", em * 6.5F, green)) {
        site.secured = !site.secured.value_or(false);
        changed = true;
    }
    ImGui::PopID();
    return changed;
}

}  // namespace

// ---- 3. the card -------------------------------------------------------------------------------
bool add_site(AppState& state, std::size_t index, const std::string& location) {
    auto& setups = state.editor.visit().pump_setups;
    if (index >= setups.size()) return false;
    // One needle per site and set-up: a double tap stored two needles at one site, the second drawn under
    // the first where nobody saw it (found from outside; practice.md: sites at least 5 cm apart).
    state.visit_screen.site_refused.clear();
    const auto& sites = setups[index].sites;
    if (std::any_of(sites.begin(), sites.end(), [&](const core::Site& s) { return s.location == location; })) {
        const core::CatalogSite* known = state.clinic.sites().find(location);
        state.visit_screen.site_refused_at = {index, location};
        state.visit_screen.site_refused = (known != nullptr ? known->name : location) + " has a needle of " +
                                          core::path::setup_name(index) +
                                          " already: a second needle goes at another site, at least 5 cm away.";
        return false;
    }
    core::Site site;
    site.location = location;
    site.needle = setups[index].sites.empty() ? std::string("27G 9mm") : setups[index].sites.back().needle;
    setups[index].sites.push_back(site);
    state.visit_screen.site_warnings_stale = true;  // rotation: said under the map (visit_screen.cpp)
    return true;
}

// One line under the times, whatever they hold, so that the controls below never move when a time is
// entered: "Infusing for" appearing in the frame that committed the start pushed "+ Additional pump
// set-up" away from the click that committed it, and the click was lost (found from outside).
void draw_infusion_state(AppState& state, const core::PumpSetup& setup, const std::string& zone,
                         const std::string& base) {
    const core::ResolvedTime started = setup.start ? core::resolve(*setup.start, zone) : core::ResolvedTime{};
    const bool placed = setup.start && started.status == core::TimeResolution::ok;
    if (!placed || started.instant > state.now()) {
        ImGui::TextColored(muted_colour(), "%s", setup.start ? "Not started yet" : "Not started");
        return;
    }
    // The pauses documented so far, and one still open (paused, not resumed yet).
    std::chrono::seconds paused{0};
    std::optional<std::string> open_pause;
    for (const auto& pause : setup.pauses) {
        if (!pause.start) continue;
        const auto from = core::resolve(*pause.start, zone);
        if (from.status != core::TimeResolution::ok) continue;
        if (!pause.stop) {
            open_pause = core::format_local(*pause.start).substr(11, 5);
            continue;
        }
        const auto to = core::resolve(*pause.stop, zone);
        if (to.status == core::TimeResolution::ok && to.instant > from.instant) paused += to.instant - from.instant;
    }
    const std::string paused_text = paused.count() > 0 ? " (" + elapsed_text(paused) + " of it paused)" : "";
    if (setup.stop) {
        const auto stopped = core::resolve(*setup.stop, zone);
        if (stopped.status == core::TimeResolution::ok && stopped.instant > started.instant) {
            ImGui::TextColored(muted_colour(), "Stopped after %s%s",
                               elapsed_text(stopped.instant - started.instant).c_str(), paused_text.c_str());
        } else if (stopped.status == core::TimeResolution::ok) {
            // Said here, under the two times, and not only in the footer's list of what blocks signing, which
            // at 1024x700 is below the fold (found from outside: a stop typed before the start read "Stopped").
            ImGui::TextColored(warning_colour(), "Stop %s is not after the start %s: check both times",
                               core::format_local(*setup.stop).substr(11, 5).c_str(),
                               core::format_local(*setup.start).substr(11, 5).c_str());
            remember(state, base + ".stop_before_start");
        } else {
            ImGui::TextColored(muted_colour(), "Stopped");
        }
        return;
    }
    // A running timer while infusing; the window wakes once a second for it.
    const auto elapsed = state.now() - started.instant;
    // A draft left without its stop time days ago is no running infusion: a green "Infusing for 125:32:17"
    // read as one (found from outside). Past the longest infusion the rules accept, it asks.
    const std::chrono::minutes longest{state.clinic.config().rules.max_infusion_minutes};
    if (elapsed > longest) {
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(warning_colour(),
                           "No stop time: started %s ago, longer than any infusion. Enter the stop time from the "
                           "record.",
                           elapsed_text(elapsed).c_str());
        ImGui::PopTextWrapPos();
        remember(state, base + ".no_stop");
    } else if (open_pause) {
        ImGui::TextColored(warning_colour(), "Paused since %s: enter when it resumed", open_pause->c_str());
    } else {
        ImGui::TextColored(ok_colour(), "Infusing for %s%s", elapsed_text(elapsed).c_str(), paused_text.c_str());
    }
}

// The set-up's pauses, each with when the pump stopped and resumed and why: they come off the billed time
// (coding-rules.md section 2), and the window had no place for them: a pause written in a note was billed as
// infusion, and one imported from a file cut the minutes unseen (found from outside).
bool draw_pauses(AppState& state, core::PumpSetup& setup, std::size_t index, bool editable, const std::string& zone) {
    bool changed = false;
    std::optional<std::size_t> remove;
    for (std::size_t j = 0; j < setup.pauses.size(); ++j) {
        core::Pause& pause = setup.pauses[j];
        const std::string base = core::path::pause(index, j);
        ImGui::PushID(base.c_str());
        align_text_to_touch_height();
        ImGui::TextColored(warning_colour(), "Pause %zu", j + 1);
        if (editable) {
            ImGui::SameLine(ImGui::GetFontSize() * 6.5F);
            if (ImGui::Button("Remove pause", ImVec2(0.0F, touch_height()))) remove = j;
            remember(state, base + ".remove");
            tab_stop(state, base + ".remove", false);
        }
        ImGui::BeginDisabled(!editable);
        changed |= time_field(state, "Paused", pause.start, base + ".start", zone);
        changed |= time_field(state, "Resumed", pause.stop, base + ".stop", zone);
        align_text_to_touch_height();
        ImGui::TextUnformatted("Why");
        ImGui::SameLine(ImGui::GetFontSize() * 6.5F);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16.0F);
        changed |= ImGui::InputTextWithHint("##reason", "e.g. site swelling, patient break", &pause.reason);
        remember(state, base + ".reason");
        tab_stop(state, base + ".reason", true);
        ImGui::EndDisabled();
        ImGui::PopID();
    }
    const auto forget_drafts = [&] { forget_time_drafts(state, core::path::setup(index) + ".pauses["); };
    auto& removed = state.visit_screen.removed_pause;
    if (remove) {
        // Kept for Undo: a Tab out of a typed Stop lands on "Remove pause", and the Enter that followed took the
        // pause and its minutes off the billed time with no way back (found from outside).
        settle_clicks(state);
        removed = RemovedPause{index, *remove, setup.pauses[*remove]};
        setup.pauses.erase(setup.pauses.begin() + static_cast<std::ptrdiff_t>(*remove));
        forget_drafts();
        changed = true;
    }
    if (editable && removed && removed->setup == index) {
        const auto shown = [&](const std::optional<core::WallTime>& t) {
            return t ? core::format_local(*t).substr(11) : std::string("-");
        };
        ImGui::AlignTextToFramePadding();
        if (!removed->pause.start && !removed->pause.stop && removed->pause.reason.empty()) {
            ImGui::TextColored(warning_colour(), "An empty pause removed.");  // it said "Pause --- removed."
        } else {
            ImGui::TextColored(warning_colour(), "Pause %s-%s%s removed.", shown(removed->pause.start).c_str(),
                               shown(removed->pause.stop).c_str(),
                               removed->pause.reason.empty() ? "" : (" (" + removed->pause.reason + ")").c_str());
        }
        remember(state, core::path::setup(index) + ".pause_removed");
        ImGui::SameLine();
        if (big_button(state, "Undo##pause", core::path::setup(index) + ".undo_remove_pause",
                       ImGui::GetFontSize() * 5.0F)) {
            settle_clicks(state);
            const auto at = std::min(removed->position, setup.pauses.size());
            setup.pauses.insert(setup.pauses.begin() + static_cast<std::ptrdiff_t>(at), removed->pause);
            removed.reset();
            forget_drafts();
            changed = true;
        }
    }
    if (editable) {
        // There before the start too, greyed: appearing with the start it moved what is below (the click
        // meant for "+ Additional pump set-up" was lost, as nurse_screen_test shows).
        ImGui::BeginDisabled(!setup.start);
        const bool add = ImGui::Button("+ Pause", ImVec2(0.0F, touch_height()));  // a finger-sized target
        ImGui::EndDisabled();
        if (add) {
            settle_clicks(state);
            setup.pauses.push_back({});
            state.visit_screen.focus_field = core::path::pause(index, setup.pauses.size() - 1) + ".start";
            changed = true;
        }
        remember(state, core::path::setup(index) + ".add_pause");
        tab_stop(state, core::path::setup(index) + ".add_pause", false);
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
            ImGui::SetTooltip(setup.start ? "The pump stopped and started again: the time between is not billed "
                                            "as infusion"
                                          : "A pause is entered once the infusion has started");
        }
    }
    return changed;
}

bool draw_setup_card(AppState& state, std::size_t index, bool editable) {
    core::Visit& visit = state.editor.visit();
    core::PumpSetup& setup = visit.pump_setups[index];
    const std::string base = core::path::setup(index);
    const std::string zone = core::effective_time_zone(visit, state.clinic.settings());
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
        if (ImGui::Button("Place needles here")) state.visit_screen.active_setup = static_cast<int>(index);
        remember(state, base + ".activate");
        tab_stop(state, base + ".activate", false);
    }
    const bool removable = editable && visit.pump_setups.size() > 1;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float remove_width = ImGui::CalcTextSize("Remove set-up").x + style.FramePadding.x * 2.0F;
    if (editable && active) {
        // Cut to the room Remove set-up leaves: at 1024 wide the button was drawn over it (found from outside).
        ImGui::SameLine();
        const float room = ImGui::GetContentRegionAvail().x - (removable ? remove_width + style.ItemSpacing.x : 0.0F);
        ImGui::TextColored(muted_colour(), "%s",
                           fit_to_width("(taps on the body map add needles here)", std::max(room, 0.0F)).c_str());
        remember(state, base + ".hint");
    }
    // A set-up added by mistake (a double click that landed on "+ Additional pump set-up") held signing for
    // want of a site, and nothing took it off (found from outside). At the card's right edge, away from
    // "Place needles here"; Undo brings it back whole.
    if (removable) {
        const float after = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetScrollX() +
                            style.ItemSpacing.x;  // never over what is before it on the line
        ImGui::SameLine(std::max(after, ImGui::GetContentRegionMax().x - remove_width));
        if (ImGui::Button("Remove set-up")) state.visit_screen.remove_setup = index;
        remember(state, base + ".remove");
        tab_stop(state, base + ".remove", false);
    }
    ImGui::BeginDisabled(!editable);
    align_text_to_touch_height();
    ImGui::TextUnformatted("Pump");
    ImGui::SameLine(ImGui::GetFontSize() * 6.5F);
    focus_if_requested(state, base + ".pump");
    changed |= combo_with_entry(state, "##pump", setup.pump, pumps.data(), pumps.size(), ImGui::GetFontSize() * 13.0F);
    remember(state, base + ".pump");
    tab_stop(state, base + ".pump", false);
    changed |= time_field(state, "Set up", setup.set_up_at, base + ".set_up_at", zone);
    ImGui::EndDisabled();

    ImGui::BeginDisabled(!editable);
    std::optional<std::size_t> remove_index;
    for (std::size_t s = 0; s < setup.sites.size(); ++s) {
        bool remove = false;
        changed |= draw_site_row(state, index, s, editable, remove);
        if (remove) remove_index = s;
    }
    ImGui::EndDisabled();
    auto& removed = state.visit_screen.removed_needle;
    if (remove_index) {
        // Kept aside so one tap brings it back: removing is one tap too, and taps slip.
        settle_clicks(state);  // the next needle's "Delete entry" comes under the pointer
        removed = RemovedNeedle{index, *remove_index, setup.sites[*remove_index]};
        setup.sites.erase(setup.sites.begin() + static_cast<std::ptrdiff_t>(*remove_index));
        changed = true;
    }
    if (editable && removed && removed->setup == index) {
        const core::CatalogSite* known = state.clinic.sites().find(removed->site.location);
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(warning_colour(), "Needle at %s removed.",
                           known != nullptr ? known->name.c_str() : removed->site.location.c_str());
        ImGui::SameLine();
        if (big_button(state, "Undo##needle", base + ".undo_remove", ImGui::GetFontSize() * 5.0F)) {
            settle_clicks(state);
            const auto at = std::min(removed->position, setup.sites.size());
            setup.sites.insert(setup.sites.begin() + static_cast<std::ptrdiff_t>(at), removed->site);
            removed.reset();
            changed = true;
        }
    }
    // "No site documented" clicked in the footer: the keyboard goes to "+ Needle", whose Enter takes it to the map.
    // It went to the next field after the "No needle yet" line, Start, and what was typed next became a start
    // time (found from outside).
    if (editable && setup.sites.empty() && state.visit_screen.focus_field == base + ".sites") {
        state.visit_screen.focus_field.clear();
        state.tab_order.pending = base + ".add_needle";  // buttons take the focus through the tab order
    }
    if (editable && big_button(state, "+ Needle (body map)", base + ".add_needle")) {
        // From the keyboard: the map takes the focus on the suggested site; arrows move, Enter places.
        state.visit_screen.active_setup = static_cast<int>(index);
        state.visit_screen.focus_map = true;
    }
    if (editable && ImGui::IsItemHovered()) ImGui::SetTooltip("Then tap a site, or use the arrow keys and Enter");
    // What to do after a blood return, until it is done: once a needle is placed after the removed one
    // (or on a signed record) the instruction no longer applies, and the site list still says which
    // needle was removed (it stayed, even on the signed record; found from outside). Beside "+ Needle",
    // within its height: as lines of their own above Start, they moved Start and Stop down 44 px under
    // the pointer in the frame "Blood" was clicked (found from outside).
    for (std::size_t i = 0; editable && i < setup.sites.size(); ++i) {
        const core::Site& site = setup.sites[i];
        if (site.usable()) continue;
        const bool replaced = std::any_of(setup.sites.begin() + static_cast<std::ptrdiff_t>(i) + 1, setup.sites.end(),
                                          [](const core::Site& later) { return later.usable(); });
        if (replaced) continue;
        const core::CatalogSite* known = state.clinic.sites().find(site.location);
        const float y = ImGui::GetItemRectMin().y;
        ImGui::SameLine();
        ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, y));
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(warning_colour(), "%s returned blood: tap a new site for the new needle.",
                           known != nullptr ? known->name.c_str() : site.location.c_str());
        ImGui::PopTextWrapPos();
        remember(state, base + ".replace_needle");
        break;  // one instruction: the last needle that bled is the one to replace
    }
    if (setup.sites.empty()) {
        if (!editable) focus_if_requested(state, base + ".sites");
        ImGui::TextColored(warning_colour(), "No needle yet: tap the sites on the body map");
    }
    // Then the infusion, as it is done (practice.md): start once the needles are in, stop at the end.
    ImGui::BeginDisabled(!editable);
    changed |= time_field(state, "Start", setup.start, base + ".start", zone);
    changed |= time_field(state, "Stop", setup.stop, base + ".stop", zone);
    ImGui::EndDisabled();
    draw_infusion_state(state, setup, zone, base);
    changed |= draw_pauses(state, setup, index, editable, zone);

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

bool take_off_removed_setup(AppState& state, bool editable) {
    auto& screen = state.visit_screen;
    auto& setups = state.editor.visit().pump_setups;
    bool changed = false;
    const auto forget_drafts = [&] {
        // The set-ups after it moved: their typed times, and a removed needle's or pause's place (by set-up
        // number), belong to others now: an Undo would put them back in another set-up.
        forget_time_drafts(state, "pump_setups[");
        screen.removed_needle.reset();
        screen.removed_pause.reset();
    };
    if (const auto index = std::exchange(screen.remove_setup, std::nullopt); index && *index < setups.size()) {
        settle_clicks(state);
        screen.removed_setup = RemovedSetup{*index, setups[*index]};
        setups.erase(setups.begin() + static_cast<std::ptrdiff_t>(*index));
        if (screen.active_setup >= static_cast<int>(*index) && screen.active_setup > 0) --screen.active_setup;
        forget_drafts();
        changed = true;
    }
    if (!editable || !screen.removed_setup) return changed;
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(warning_colour(), "Pump set-up %zu removed (%zu needle%s).", screen.removed_setup->position + 1,
                       screen.removed_setup->setup.sites.size(),
                       screen.removed_setup->setup.sites.size() == 1 ? "" : "s");
    remember(state, "setup.removed");
    ImGui::SameLine();
    if (big_button(state, "Undo##setup", "setup.undo_remove", ImGui::GetFontSize() * 5.0F)) {
        settle_clicks(state);
        const auto at = std::min(screen.removed_setup->position, setups.size());
        setups.insert(setups.begin() + static_cast<std::ptrdiff_t>(at), screen.removed_setup->setup);
        // The body map's taps go to it again, as before it was removed (they went to set-up 1; found from
        // outside).
        screen.active_setup = static_cast<int>(at);
        screen.removed_setup.reset();
        forget_drafts();
        changed = true;
    }
    return changed;
}

}  // namespace infusion::ui
