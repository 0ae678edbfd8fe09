// Sections: 1. colours and hooks  2. buttons and checklists  3. time fields and the DST choice
#include "ui/widgets.hpp"

#include "ui/time_slots.hpp"

#include <imgui_stdlib.h>

#include <cstdio>

namespace infusion::ui {

// ---- 1. colours and hooks ----------------------------------------------------------------------
ImVec4 error_colour() { return ImVec4(0.86F, 0.20F, 0.18F, 1.0F); }
ImVec4 warning_colour() { return ImVec4(0.80F, 0.50F, 0.05F, 1.0F); }
ImVec4 ok_colour() { return ImVec4(0.13F, 0.55F, 0.25F, 1.0F); }
ImVec4 muted_colour() { return ImVec4(0.45F, 0.45F, 0.48F, 1.0F); }

float touch_height() { return ImGui::GetFrameHeight() * 1.4F; }

void remember(AppState& state, const std::string& name) {
    if (!state.locations.enabled) return;
    if (state.locations.reveal == name) {
        ImGui::SetScrollHereY(0.5F);
        state.locations.reveal.clear();
    }
    if (!ImGui::IsItemVisible()) return;
    state.locations.rects[name] = ItemRect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
}

void focus_if_requested(AppState& state, const std::string& field) {
    if (state.visit_screen.focus_field.empty() || state.visit_screen.focus_field != field) return;
    ImGui::SetScrollHereY(0.3F);
    ImGui::SetKeyboardFocusHere();
    state.visit_screen.focus_field.clear();
}

// ---- 2. buttons and checklists -----------------------------------------------------------------
bool big_button(AppState& state, const char* label, const std::string& name, float width) {
    const bool pressed = ImGui::Button(label, ImVec2(width, touch_height()));
    remember(state, name);
    return pressed;
}

bool check_item(AppState& state, const char* label, std::optional<bool>& value, const std::string& field) {
    bool checked = value.value_or(false);
    focus_if_requested(state, field);
    const bool changed = ImGui::Checkbox(label, &checked);
    remember(state, field);
    if (changed) value = checked;
    return changed;
}

// ---- 3. time fields and the DST choice ---------------------------------------------------------
namespace {

std::string display(const core::WallTime& t) {
    std::string text = core::format_local(t);
    return text;
}

// "2026-03-02 09:10" or "2026-03-02T09:10[:SS]" -> a local reading.
std::optional<core::WallTime> parse_typed(const std::string& text) {
    std::string iso = text;
    for (auto& c : iso) {
        if (c == ' ') c = 'T';
    }
    if (iso.size() == 16) iso += ":00";
    auto parsed = core::parse_iso(iso);
    if (parsed) parsed->utc_offset.reset();  // typed readings are local; the zone places them
    return parsed;
}

std::string offset_name(std::chrono::minutes offset) { return "UTC" + core::format_offset(offset); }

}  // namespace

bool time_field(AppState& state, const char* label, std::optional<core::WallTime>& value, const std::string& field,
                const std::string& zone) {
    ImGui::PushID(field.c_str());
    TimeDraft& draft = state.visit_screen.time_drafts[field];
    bool changed = false;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(ImGui::GetFontSize() * 6.5F);
    focus_if_requested(state, field);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.5F);
    // While the nurse types, the text is hers; otherwise it shows the stored time.
    if (!draft.editing && draft.message.empty()) draft.text = value ? display(*value) : std::string{};
    const bool edited = ImGui::InputTextWithHint("##time", "YYYY-MM-DD HH:MM", &draft.text);
    const bool active = ImGui::IsItemActive();
    draft.editing = active;
    remember(state, field);
    if (edited) {
        draft.message.clear();
        if (draft.text.empty()) {
            changed = value.has_value();
            value.reset();
        } else if (auto typed = parse_typed(draft.text)) {
            const core::ResolvedTime r = core::resolve(*typed, zone);
            if (r.status == core::TimeResolution::nonexistent) {
                draft.message = "Does not exist in " + zone + ": the clocks jumped forward over it";
            } else if (r.status == core::TimeResolution::ambiguous) {
                // Keep the existing value until the nurse says which of the two it was.
                const auto offset_of = [&](core::Instant i) {
                    return std::chrono::duration_cast<std::chrono::minutes>(typed->local.time_since_epoch() -
                                                                            i.time_since_epoch());
                };
                state.visit_screen.dst_field = field;
                state.visit_screen.dst_time = *typed;
                state.visit_screen.dst_first = offset_of(r.first);
                state.visit_screen.dst_second = offset_of(r.second);
                state.visit_screen.open_dst_choice = true;
                draft.message = "Occurs twice (clocks turned back): choose which";
            } else {
                changed = !value || !(*value == *typed);
                value = typed;
            }
        } else if (!active) {
            draft.message = "Write it as YYYY-MM-DD HH:MM";
        }
    }
    ImGui::SameLine();
    if (ImGui::Button("Now", ImVec2(0, ImGui::GetFrameHeight()))) {
        // "Now" carries its UTC offset: it is never ambiguous, even in the repeated hour.
        if (auto now = core::wall_time_at(state.now(), zone)) {
            now->local = std::chrono::floor<std::chrono::minutes>(now->local);
            value = now;
            draft = {};
            changed = true;
        }
    }
    remember(state, field + ".now");
    if (value && value->utc_offset) {
        ImGui::SameLine();
        ImGui::TextColored(muted_colour(), "%s", offset_name(*value->utc_offset).c_str());
    }
    if (!draft.message.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(error_colour(), "%s", draft.message.c_str());
    }
    ImGui::PopID();
    return changed;
}

bool dst_choice_popup(AppState& state) {
    auto& s = state.visit_screen;
    if (s.open_dst_choice) {
        ImGui::OpenPopup("Which time?");
        s.open_dst_choice = false;
    }
    bool changed = false;
    if (ImGui::BeginPopupModal("Which time?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("%s happened twice: the clocks were turned back.", core::format_local(s.dst_time).c_str());
        ImGui::TextUnformatted("Which one did you mean?");
        const auto choose = [&](std::chrono::minutes offset) {
            core::WallTime chosen = s.dst_time;
            chosen.utc_offset = offset;
            if (auto* slot = time_slot(state.editor.visit(), s.dst_field)) {
                *slot = chosen;
                changed = true;
            }
            s.time_drafts.erase(s.dst_field);
            ImGui::CloseCurrentPopup();
        };
        const std::string first = "The first (summer time, " + offset_name(s.dst_first) + ")";
        const std::string second = "The second (standard time, " + offset_name(s.dst_second) + ")";
        if (big_button(state, first.c_str(), "dst.first")) choose(s.dst_first);
        ImGui::SameLine();
        if (big_button(state, second.c_str(), "dst.second")) choose(s.dst_second);
        if (big_button(state, "Cancel", "dst.cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
            s.time_drafts.erase(s.dst_field);
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    return changed;
}

}  // namespace infusion::ui
