// Sections: 1. loading  2. filters  3. the table  4. the screen
#include "ui/review_queue_screen.hpp"

#include "ui/review_common.hpp"
#include "ui/widgets.hpp"

#include <imgui_stdlib.h>

#include <algorithm>

namespace infusion::ui {
namespace {

// ---- 1. loading --------------------------------------------------------------------------------
// `first`: the first page, at least `shown` rows long (a list read again keeps the rows it showed).
void load_page(AppState& state, const app::Acting& who, bool first, std::size_t shown = 0) {
    auto& q = state.review_queue;
    storage::ReviewQueueFilter filter;
    filter.state = static_cast<storage::ReviewState>(q.state_filter);
    if (!q.nurse.empty()) filter.nurse = q.nurse;
    if (!q.patient.empty()) filter.patient_id = q.patient;
    const DayRange days = parse_day_range(q.from, q.to, false);
    if (!days.error.empty()) {
        q.error = days.error;
        return;
    }
    filter.from = days.from;
    filter.to = days.to;
    const auto flags = review_flags();
    if (q.flag_filter > 0 && static_cast<std::size_t>(q.flag_filter) <= flags.size()) {
        filter.flags = flags[static_cast<std::size_t>(q.flag_filter - 1)].bit;
    }
    filter.follow_up_days = q.follow_up_days;
    filter.limit = first ? std::clamp(static_cast<int>(shown), 100, 10'000) : 100;
    if (!first) filter.after = q.next;
    auto page = state.clinic.review().queue(who, filter);
    if (!page) {
        q.error = page.error().describe();
        return;
    }
    if (first) q.rows.clear();
    q.rows.insert(q.rows.end(), page.value().rows.begin(), page.value().rows.end());
    q.next = page.value().next;
}

void reload(AppState& state, const app::Acting& who) {
    auto& q = state.review_queue;
    q.stale = false;
    q.error.clear();
    // Read again after another workstation's change, the list keeps as many rows as it showed.
    const std::size_t shown = q.rows.size();
    q.rows.clear();
    q.next.reset();
    load_page(state, who, true, shown);
}

// ---- 2. filters --------------------------------------------------------------------------------
void draw_filters(AppState& state) {
    auto& q = state.review_queue;
    bool changed = false;
    const char* states[] = {"Waiting for review", "Countersigned", "Asked to correct"};
    for (int i = 0; i < 3; ++i) {
        if (i > 0) ImGui::SameLine();
        changed |= ImGui::RadioButton(states[i], &q.state_filter, i);
        remember(state, "queue.state." + std::to_string(i));
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0F);
    changed |= ImGui::InputTextWithHint("##nurse", "nurse", &q.nurse);
    remember(state, "queue.nurse");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0F);
    changed |= ImGui::InputTextWithHint("##patient", "patient id", &q.patient);
    remember(state, "queue.patient");
    ImGui::SameLine();
    changed |= day_field(state, "from", q.from, "queue.from");
    ImGui::SameLine();
    changed |= day_field(state, "to", q.to, "queue.to");
    ImGui::SameLine();
    if (ImGui::Button("This week")) {
        // Monday to today, the clinic's week (ISO weeks, as the overview counts them).
        const auto today = std::chrono::sys_days{state.today_date()};
        const auto monday = today - (std::chrono::weekday{today} - std::chrono::Monday);
        q.from = core::format_date(monday);
        q.to = core::format_date(today);
        changed = true;
    }
    remember(state, "queue.this_week");
    ImGui::SameLine();
    const auto flags = review_flags();
    const char* shown = q.flag_filter == 0 ? "any flag" : flags[static_cast<std::size_t>(q.flag_filter - 1)].name;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0F);
    if (ImGui::BeginCombo("##flag", shown)) {
        for (std::size_t i = 0; i <= flags.size(); ++i) {
            const char* name = i == 0 ? "any flag" : flags[i - 1].name;
            if (ImGui::Selectable(name, q.flag_filter == static_cast<int>(i), 0, ImVec2(0, touch_height()))) {
                q.flag_filter = static_cast<int>(i);
                changed = true;
            }
            remember(state, std::string("queue.flag.") + name);
        }
        ImGui::EndCombo();
    }
    remember(state, "queue.flag");
    // "follow-up within N days" beside the filters when it fits, else on the next line: at 1024 wide "days"
    // was cut at the edge (found from outside).
    const ImGuiStyle& style = ImGui::GetStyle();
    const float follow_up_width = ImGui::CalcTextSize("follow-up within").x + ImGui::GetFontSize() * 2.5F +
                                  ImGui::CalcTextSize("days").x + style.ItemSpacing.x * 3.0F;
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + follow_up_width <=
        ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) {
        ImGui::SameLine();
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("follow-up within");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 2.5F);
    if (ImGui::InputInt("##followup", &q.follow_up_days, 0, 0)) {
        q.follow_up_days = std::clamp(q.follow_up_days, 1, 90);
        changed = true;
    }
    remember(state, "queue.follow_up_days");
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("A visit older than this many days without a site-care note is flagged 'no follow-up'");
    }
    ImGui::SameLine();
    ImGui::TextUnformatted("days");
    remember(state, "queue.follow_up_days_label");
    if (changed) q.stale = true;
}

// ---- 3. the table ------------------------------------------------------------------------------
// What the supervisor asked the nurse to correct, on its own line above the flags: the "Asked to correct"
// list showed the flags alone ("none" for a visit sent back over a missing lot number), so a supervisor saw
// which visits she had sent back but not why (found from outside). Whole under the pointer.
void draw_request_and_flags(AppState& state, const storage::ReviewQueueRow& row) {
    if (!row.asked_reason.empty()) {
        const ImVec4 colour = warning_colour();
        std::string asked = "Asked: " + row.asked_reason + " (" + row.asked_by + ")";
        std::replace(asked.begin(), asked.end(), '\n', ' ');  // one line; a reason may have several
        fitted_text(asked, &colour);
        remember(state, "queue.asked." + std::to_string(row.id));
        if (row.flags == 0) return;  // "none" under what was asked reads as if nothing were wrong
    } else if (!row.answered_reason.empty()) {
        // Back after its nurse's amendment: what was asked, so the supervisor checks that, not the visit anew.
        const ImVec4 colour = ok_colour();
        std::string answered = "Corrected as asked: " + row.answered_reason + " (" + row.answered_by + ")";
        std::replace(answered.begin(), answered.end(), '\n', ' ');
        fitted_text(answered, &colour);
        remember(state, "queue.answered." + std::to_string(row.id));
        if (row.flags == 0) return;
    }
    draw_flag_words(row.flags);
}

void draw_table(AppState& state) {
    auto& q = state.review_queue;
    const float footer = q.next ? touch_height() * 1.4F : 0.0F;
    if (!ImGui::BeginTable("queue", 6,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_SizingStretchProp,
                           ImVec2(0, ImGui::GetContentRegionAvail().y - footer))) {
        return;
    }
    const float em = ImGui::GetFontSize();
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, em * 6.0F);
    ImGui::TableSetupColumn("Patient", ImGuiTableColumnFlags_WidthStretch, 1.3F);
    ImGui::TableSetupColumn("Nurse", ImGuiTableColumnFlags_WidthFixed, em * 6.5F);
    ImGui::TableSetupColumn(q.state_filter == 2 ? "Asked to correct, flags" : "Flags",
                            ImGuiTableColumnFlags_WidthStretch, 2.2F);
    ImGui::TableSetupColumn("Days ago", ImGuiTableColumnFlags_WidthFixed, em * 5.5F);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, em * 9.0F);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    push_row_hover_tint();
    clipper.Begin(static_cast<int>(q.rows.size()), touch_height());
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& row = q.rows[static_cast<std::size_t>(i)];
            ImGui::PushID(static_cast<int>(row.id));
            ImGui::TableNextRow(0, touch_height());
            ImGui::TableSetColumnIndex(0);
            // The whole row opens the visit; the site-history button on it stays clickable.
            if (ImGui::Selectable(day_text(row.date_of_service).c_str(), false,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                                  ImVec2(0, touch_height()))) {
                state.open_review(row.id, Screen::review_queue);
            }
            remember(state, "queue.open." + std::to_string(row.id));
            ImGui::TableSetColumnIndex(1);
            // Wrapped in its column when two lines hold it (the row's touch height): a long name was cut at the
            // Nurse column ("Papadopoulos, Chlo"; found in the real window). Longer, one line cut with "...",
            // whole under the pointer: five wrapped lines ran over the rows below (found from outside).
            // With the visit's number: a patient's two visits of one date were two identical rows (found from
            // outside).
            wrapped_or_fitted_text(
                row.patient_id + "  " + row.patient_name + "  (visit " + std::to_string(row.id) + ")", 2);
            ImGui::TableSetColumnIndex(2);
            fitted_text(row.nurse);
            ImGui::TableSetColumnIndex(3);
            draw_request_and_flags(state, row);
            ImGui::TableSetColumnIndex(4);
            if (row.followed_up) {
                ImGui::TextColored(ok_colour(), "%d, seen", row.days_since);
            } else {
                ImGui::Text("%d", row.days_since);
            }
            ImGui::TableSetColumnIndex(5);
            // An explicit Open: the whole row opens the visit too, but nothing says so.
            if (ImGui::Button("Open", ImVec2(em * 4.0F, 0.0F))) state.open_review(row.id, Screen::review_queue);
            remember(state, "queue.button." + std::to_string(row.id));
            ImGui::SameLine();
            if (ImGui::Button("Sites", ImVec2(em * 4.0F, 0.0F)))
                state.open_site_history(row.patient_id, row.patient_name);
            remember(state, "queue.sites." + std::to_string(row.id));
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("The patient's site history");
            ImGui::PopID();
        }
    }
    pop_row_hover_tint();
    ImGui::EndTable();
}

}  // namespace

// ---- 4. the screen -----------------------------------------------------------------------------
void draw_review_queue_screen(AppState& state) {
    const app::Acting* who = supervisor_or_refusal(state, "review queue");
    if (who == nullptr) return;
    auto& q = state.review_queue;
    if (q.stale) reload(state, *who);
    review_title(state, "Review queue");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(muted_colour(), "most important first: reactions, blood returns, billing held, checklist gaps");
    draw_filters(state);
    if (!q.error.empty()) ImGui::TextColored(error_colour(), "%s", q.error.c_str());
    ImGui::Text("%zu visit%s%s", q.rows.size(), q.rows.size() == 1 ? "" : "s", q.next ? " shown, more below" : "");
    remember(state, "queue.count");
    draw_table(state);
    if (q.next && big_button(state, "Show more", "queue.more")) load_page(state, *who, false);
}

}  // namespace infusion::ui
