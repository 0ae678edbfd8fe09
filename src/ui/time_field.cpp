// The time fields of the visit screen: what is typed is read on leaving the field, refused with its reason
// beside it, or asks which of a fall-back's two readings was meant (widgets.hpp's sections 1 and 2 are the rest).
#include "ui/time_field.hpp"

#include "core/time_entry.hpp"
#include "ui/tab_order.hpp"
#include "ui/time_slots.hpp"
#include "ui/widgets.hpp"

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace infusion::ui {
namespace {

std::string offset_name(std::chrono::minutes offset) { return "UTC" + core::format_offset(offset); }

std::optional<std::chrono::year_month_day> local_date(const core::WallTime& t) {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t.local)};
}

// How a stored time reads in its field: "09:40" on the visit's day, with the date on any other day.
std::string display(const core::WallTime& t, std::chrono::year_month_day day) {
    std::string text = core::format_local(t);  // "YYYY-MM-DD HH:MM"
    if (local_date(t) == day && text.size() == 16) return text.substr(11);
    return text;
}

// Why a reading that resolved cannot be taken, or "" when it can.
std::string refusal(const AppState& state, core::Instant at, const std::string& zone) {
    const core::Instant now = state.now();
    // The clinic's allowance (coding rules [signing] clock_skew_minutes), the one signing checks with.
    if (!core::later_than_now(at, now, state.clinic.clock_skew())) return {};
    return "Later than now (" + core::format_stamp(now, zone) +
           "): a time is documented once it has happened. Not saved.";
}

// The day a time typed without a date is on: the visit's day, or the day before or after when that puts it
// nearer the visit's other documented times (its set-ups' set-up, start and stop; now, when none is).
// Charting after midnight, "00:45" for a set-up of a visit begun at 23:30 was taken as 00:45 of the day
// before, 23 hours earlier, and billed 96370 x23 (found from outside); "23:50" for a set-up of a visit
// started at 00:30 was refused as later than now. The field then shows the date it took.
std::chrono::year_month_day day_for_time_alone(const AppState& state, const std::optional<core::WallTime>& self,
                                               core::LocalSeconds on_day, const std::string& zone,
                                               std::chrono::year_month_day day) {
    std::vector<core::Instant> documented;
    for (const auto& setup : state.editor.visit().pump_setups) {
        for (const auto* t : {&setup.set_up_at, &setup.start, &setup.stop}) {
            if (t == &self || !*t) continue;  // the field being typed into: its old value is what changes
            const core::ResolvedTime r = core::resolve(**t, zone);
            if (r.status == core::TimeResolution::ok) documented.push_back(r.instant);
        }
    }
    if (documented.empty()) documented.push_back(std::chrono::floor<std::chrono::seconds>(state.now()));
    const auto distance = [&](core::LocalSeconds local) {
        const core::ResolvedTime r = core::resolve(core::WallTime{local, std::nullopt, {}}, zone);
        if (r.status != core::TimeResolution::ok && r.status != core::TimeResolution::ambiguous) {
            return std::chrono::seconds::max();
        }
        const core::Instant at = r.status == core::TimeResolution::ok ? r.instant : r.first;
        auto nearest = std::chrono::seconds::max();
        for (const auto& t : documented) nearest = std::min(nearest, at > t ? at - t : t - at);
        return nearest;
    };
    std::chrono::year_month_day best = day;
    auto best_distance = distance(on_day);
    for (const int shift : {-1, 1}) {
        const auto other = on_day + std::chrono::days{shift};
        const auto d = distance(other);
        // Only a clearly nearer day (more than 12 hours nearer): a time of day belongs to the visit's day.
        if (d != std::chrono::seconds::max() && d + std::chrono::hours{12} < best_distance) {
            best = std::chrono::year_month_day{std::chrono::sys_days{day} + std::chrono::days{shift}};
            best_distance = d;
        }
    }
    return best;
}

// Reads what the nurse typed into `draft` and, when it is a time that can be documented, stores it.
// Anything else stays in the field with the reason (draft.message); the stored value is not touched.
bool commit(AppState& state, TimeDraft& draft, std::optional<core::WallTime>& value, const std::string& field,
            const std::string& zone, std::chrono::year_month_day day) {
    draft.message.clear();
    auto entry = core::read_time_entry(draft.text, day);
    if (!entry) {
        draft.message = entry.error().message + ". Not saved.";
        return false;
    }
    switch (entry.value().kind) {
        case core::TimeEntryKind::empty: {
            const bool had = value.has_value();
            value.reset();
            return had;
        }
        case core::TimeEntryKind::now: {
            auto now = core::wall_time_at(state.now(), zone);
            if (!now) {
                draft.message = "Unknown time zone " + zone + ". Not saved.";
                return false;
            }
            value = now;  // to the second: the running timer counts from the real instant
            return true;
        }
        case core::TimeEntryKind::reading: break;
    }
    core::WallTime typed = entry.value().reading;
    if (!entry.value().date_typed) {
        const auto taken = day_for_time_alone(state, value, typed.local, zone, day);
        typed.local += std::chrono::sys_days{taken} - std::chrono::sys_days{day};
    }
    const core::ResolvedTime r = core::resolve(typed, zone);
    if (r.status == core::TimeResolution::nonexistent) {
        draft.message = "Does not exist in " + zone + ": the clocks jumped forward over it. Not saved.";
        return false;
    }
    if (r.status == core::TimeResolution::unknown_zone) {
        draft.message = "Unknown time zone " + zone + ". Not saved.";
        return false;
    }
    if (r.status == core::TimeResolution::ambiguous) {
        if (auto why = refusal(state, r.first, zone); !why.empty()) {
            draft.message = why;
            return false;
        }
        // Keep the existing value until the nurse says which of the two it was.
        const auto offset_of = [&](core::Instant i) {
            return std::chrono::duration_cast<std::chrono::minutes>(typed.local.time_since_epoch() -
                                                                    i.time_since_epoch());
        };
        auto& screen = state.visit_screen;
        screen.dst_field = field;
        screen.dst_time = typed;
        screen.dst_first = offset_of(r.first);
        screen.dst_second = offset_of(r.second);
        screen.open_dst_choice = true;
        draft.message = "Occurs twice (clocks turned back): choose which";
        return false;
    }
    if (auto why = refusal(state, r.instant, zone); !why.empty()) {
        draft.message = why;
        return false;
    }
    const bool changed = !value || !(*value == typed);
    value = typed;
    return changed;
}

}  // namespace

bool commit_time_entries_being_typed(AppState& state) {
    if (!state.editor.is_open()) return false;
    const std::string zone = core::effective_time_zone(state.editor.visit(), state.clinic.settings());
    const auto day = visit_day(state, zone);
    bool changed = false;
    for (auto& [field, draft] : state.visit_screen.time_drafts) {
        if (!draft.editing) continue;
        std::optional<core::WallTime>* slot = time_slot(state.editor.visit(), field);
        if (slot == nullptr) continue;  // not a time (the diagnoses keep their text in the same map)
        const std::string shown = *slot ? display(**slot, day) : std::string{};
        if (draft.text != shown || !draft.message.empty()) changed |= commit(state, draft, *slot, field, zone, day);
        draft.editing = false;
    }
    return changed;
}

const std::string* refused_time_entry(const AppState& state) {
    for (const auto& [field, draft] : state.visit_screen.time_drafts) {
        if (!draft.message.empty()) return &field;
    }
    return nullptr;
}

std::chrono::year_month_day visit_day(const AppState& state, const std::string& zone) {
    const core::Visit& v = state.editor.visit();
    if (auto first = core::first_start_date(v)) return *first;
    for (const auto& setup : v.pump_setups) {
        if (setup.set_up_at) return *local_date(*setup.set_up_at);
    }
    if (auto now = core::wall_time_at(state.now(), zone)) return *local_date(*now);
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(state.now())};
}

std::string time_with_zone(const core::WallTime& t, const std::string& zone) {
    const core::ResolvedTime r = core::resolve(t, zone);
    std::string text = core::format_local(t);
    if (r.status == core::TimeResolution::ok) text += " " + core::zone_label(r.instant, zone);
    return text;
}

bool time_field(AppState& state, const char* label, std::optional<core::WallTime>& value, const std::string& field,
                const std::string& zone) {
    ImGui::PushID(field.c_str());
    TimeDraft& draft = state.visit_screen.time_drafts[field];
    const auto day = visit_day(state, zone);
    const std::string shown = value ? display(*value, day) : std::string{};
    bool changed = false;
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (touch_height() - ImGui::GetFrameHeight()) * 0.5F);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(ImGui::GetFontSize() * 6.5F);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() - (touch_height() - ImGui::GetFrameHeight()) * 0.5F);
    focus_if_requested(state, field);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.5F);
    // While the nurse types, and while what she typed is refused, the text is hers; otherwise it shows
    // the stored time. Nothing typed is ever replaced without a word.
    const bool refused = !draft.message.empty();
    if (!draft.editing && !refused) draft.text = shown;
    if (refused) {
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2.0F);
        ImGui::PushStyleColor(ImGuiCol_Border, error_colour());
    }
    // As tall as the "Now" button beside it: a finger-sized target.
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                        ImVec2(ImGui::GetStyle().FramePadding.x, (touch_height() - ImGui::GetFontSize()) * 0.5F));
    ImGui::InputTextWithHint("##time", "HH:MM or now", &draft.text, ImGuiInputTextFlags_AutoSelectAll);
    // A click into the field while it has the keyboard selects all of it too, as a click into it does when it
    // has not (AutoSelectAll): it put the cursor there, and "0710" typed after it made "08:100710" (found from
    // outside, after Enter on a refused time kept the keyboard in the field).
    if (ImGui::IsItemActive() && !ImGui::IsItemActivated() && ImGui::IsItemHovered() &&
        ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        if (ImGuiInputTextState* text_state = ImGui::GetInputTextState(ImGui::GetItemID())) text_state->SelectAll();
    }
    ImGui::PopStyleVar();
    if (refused) {
        ImGui::PopStyleColor();
        ImGui::PopStyleVar();
    }
    const bool active = ImGui::IsItemActive();
    if (active) state.active_time_field = ImGui::GetID("##time");
    remember(state, field);
    tab_stop(state, field, true);
    // Escape puts the stored time back, also over a refused entry (ImGui's own undo would restore the
    // refused text it began with).
    if (draft.editing && !active && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
        draft = {};
        draft.text = shown;
    }
    // Read on leaving the field (Tab, Enter, a click elsewhere; under the idle lock,
    // commit_time_entries_being_typed): partial typing such as "6:4" is never taken for a time.
    if (draft.editing && !active) {
        if (draft.text != shown || refused) changed = commit(state, draft, value, field, zone, day);
        // Enter (or Ctrl+Enter, asking to sign) on a time refused: the field keeps the keyboard, all of it
        // selected, so "now" typed next goes into it. It kept its frame but not the keyboard, and the "now"
        // the footer asked for went nowhere (found from outside).
        if (!draft.message.empty() && (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                                       ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false))) {
            state.visit_screen.focus_field = field;
        }
    }
    draft.editing = active;
    ImGui::SameLine();
    if (ImGui::Button("Now", ImVec2(ImGui::GetFontSize() * 3.5F, touch_height()))) {
        // "Now" carries its UTC offset: it is never ambiguous, even in the repeated hour. To the second,
        // so the running timer counts from the real instant.
        if (auto now = core::wall_time_at(state.now(), zone)) {
            value = now;
            draft = {};
            changed = true;
        }
    }
    remember(state, field + ".now");
    // A Tab stop only while the field is empty (nothing stored, nothing typed): Tab out of a typed time
    // landed on "Now", and the Enter (or the space) that followed replaced the time just typed with this
    // moment, without a word (found from outside). A time already there is changed by typing over it, by
    // "now" typed, or by a click.
    if (!value && draft.text.empty()) tab_stop(state, field + ".now", false);
    if (value && draft.message.empty()) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        const core::ResolvedTime r = core::resolve(*value, zone);
        const std::string label_text = r.status == core::TimeResolution::ok ? core::zone_label(r.instant, zone)
                                       : value->utc_offset                  ? offset_name(*value->utc_offset)
                                                                            : zone;
        ImGui::TextColored(muted_colour(), "%s", label_text.c_str());
    }
    if (!draft.message.empty()) {
        // Beside the field, where the zone is said, in the two lines the row's height holds: under it, the
        // line appeared in the frame that read the time and pushed what is below down, and a click on
        // "+ Additional pump set-up" that left the field was lost (found from outside; visit-screen.md). At
        // 1024 wide a reason of four lines did the same: as many lines as the row's height holds (two), the
        // rest under the pointer and in the footer's list of what blocks signing.
        ImGui::SameLine();
        // Drawn into a box as tall as the row, centred: as text on this line it began at the field's baseline,
        // half a row down, and its second line ran below the row (found from outside at 1024 wide).
        const float width = std::max(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize());
        ImGui::Dummy(ImVec2(width, touch_height()));
        const int lines = std::max(1, static_cast<int>(touch_height() / ImGui::GetTextLineHeight()));
        bool cut = false;
        const std::string reason = text_in_lines(draft.message, lines, width, &cut);
        const ImVec2 box = ImGui::GetItemRectMin();
        const float height = ImGui::CalcTextSize(reason.c_str()).y;
        ImGui::GetWindowDrawList()->AddText(ImVec2(box.x, box.y + (touch_height() - height) * 0.5F),
                                            ImGui::GetColorU32(error_colour()), reason.c_str());
        if (cut && ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0F);
            ImGui::TextUnformatted(draft.message.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
        remember(state, field + ".message");
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
