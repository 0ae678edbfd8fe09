// Sections: 1. loading  2. header  3. audit trail  4. the screen
#include "ui/visit_review_screen.hpp"

#include "core/wall_time.hpp"
#include "ui/body_map.hpp"
#include "ui/leave_guard.hpp"
#include "ui/patient_banner.hpp"
#include "ui/review_actions_panel.hpp"
#include "ui/review_common.hpp"
#include "ui/visit_record_panel.hpp"
#include "ui/widgets.hpp"

#include <algorithm>

namespace infusion::ui {
namespace {

// ---- 1. loading --------------------------------------------------------------------------------
void load(AppState& state, const app::Acting& who) {
    auto& r = state.visit_review;
    auto opened = state.clinic.review().open(who, r.id);  // audited as a view
    if (!opened) {
        r.error = opened.error().describe();
        return;
    }
    r.record = std::move(opened.value());
    // The same rotation context the nurse had at the chair: the patient's five visits before this one,
    // not the latest five (a visit reviewed weeks later would show sites used after it, and their days
    // counted from today).
    const auto& current = r.record->visit.current();
    const std::string& patient = current.content.patient.id;
    r.visit_date = current.coding ? current.coding->date_of_service : std::nullopt;
    std::optional<storage::PageCursor> before;
    if (r.visit_date) before = storage::PageCursor{core::format_date(*r.visit_date), r.id};
    if (auto recent = state.clinic.visits().recent_sites(who, patient, 5, r.id, before))
        r.recent_sites = recent.value();
}

const storage::Revision& shown_revision(const VisitReviewState& r) {
    const auto& revisions = r.record->visit.revisions;
    if (r.revision < 0 || static_cast<std::size_t>(r.revision) >= revisions.size()) return revisions.back();
    return revisions[static_cast<std::size_t>(r.revision)];
}

// ---- 2. header ---------------------------------------------------------------------------------
void draw_header(AppState& state) {
    auto& r = state.visit_review;
    const auto& visit = r.record->visit;
    const core::Visit& content = visit.current().content;
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("Visit %lld, %s, by %s", static_cast<long long>(r.id),
                day_text(core::first_start_date(content)).c_str(), content.clinician.c_str());
    if (visit.revisions.size() > 1) {
        // The original stays on record: the reviewer can read every revision, the current by default. Before the
        // status, whose length changes as review goes on: after it, the box moved under the mouse (found from outside).
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0F);
        const storage::Revision& shown = shown_revision(r);
        const std::string label = revision_name(shown.number);
        if (ImGui::BeginCombo("##revision", label.c_str())) {
            for (const auto& rev : visit.revisions) {
                const std::string name = revision_name(rev.number);
                if (ImGui::Selectable(name.c_str(), rev.number == shown.number)) r.revision = rev.number;
                remember(state, "review.revision." + std::to_string(rev.number));
            }
            ImGui::EndCombo();
        }
        remember(state, "review.revision");
    }
    // Says what happened on this screen too: countersigned shows the moment it is done.
    ImVec4 colour = muted_colour();
    std::string status = std::string(storage::to_string(visit.status)) + " - read-only";
    const auto& corrections = r.record->corrections;
    if (const auto* countersigned = r.record->countersignature()) {
        colour = ok_colour();
        status = std::string(storage::to_string(visit.status)) + ", countersigned by " + countersigned->supervisor +
                 " - read-only";
    } else if (std::any_of(corrections.begin(), corrections.end(), [](const auto& c) { return c.open(); })) {
        // A correction asked: the header said "signed - read-only" as if nothing were waiting (found from outside).
        colour = warning_colour();
        status = std::string(storage::to_string(visit.status)) +
                 ", correction asked: waits for the nurse's amendment - read-only";
    } else if (!r.record->countersignatures.empty()) {
        // Countersigned before an amendment: it waits for review again, which the header says too.
        colour = warning_colour();
        status =
            std::string(storage::to_string(visit.status)) + " since its countersignature, waits for review - read-only";
    }
    // Always beside the visit, before Site history: cut to the room there (" - read-only" first, then with
    // "...", the whole under the pointer). At 1024 wide it ran under the button (found from outside); on a line
    // of its own when too long, the whole screen moved down a line under the pointer in the frame a correction
    // was asked or the visit countersigned, as the status grew (found from outside).
    ImGui::SameLine();
    const float em = ImGui::GetFontSize();
    const float button_x = ImGui::GetWindowContentRegionMax().x - em * 8.0F;
    const float room = button_x - ImGui::GetCursorPosX() - ImGui::GetStyle().ItemSpacing.x;
    const std::string short_status = status.substr(0, status.rfind(" - read-only"));
    ImGui::AlignTextToFramePadding();
    if (ImGui::CalcTextSize(status.c_str()).x <= room) {
        ImGui::TextColored(colour, "%s", status.c_str());
    } else if (ImGui::CalcTextSize(short_status.c_str()).x <= room) {
        ImGui::TextColored(colour, "%s", short_status.c_str());
    } else {
        ImGui::TextColored(colour, "%s", fit_to_width(short_status, std::max(room, em)).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", status.c_str());
    }
    remember(state, "review.status");
    ImGui::SameLine(button_x);
    if (big_button(state, "Site history", "review.history", em * 8.0F)) {
        state.open_site_history(content.patient.id, content.patient.name);
    }
}

// ---- 3. audit trail ----------------------------------------------------------------------------
// Each entry as a line of when, who and what, its detail wrapped under it.
void draw_trail_as_lines(AppState& state) {
    const auto& trail = *state.visit_review.trail;
    for (const auto& e : trail) {
        ImGui::Separator();
        ImGui::TextColored(muted_colour(), "%s   %s   %s", clinic_stamp(state, e.at).c_str(), e.actor.c_str(),
                           e.action.c_str());
        ImGui::Indent();
        ImGui::TextWrapped("%s", e.detail.c_str());
        if (&e == &trail.front()) remember(state, "review.trail.detail");
        ImGui::Unindent();
    }
}

void draw_trail(AppState& state, const app::Acting& who) {
    auto& r = state.visit_review;
    const bool open = ImGui::CollapsingHeader("Audit trail of this visit");
    remember(state, "review.trail");
    if (!open) return;
    if (!r.trail) {
        // Read on request: reading the trail is itself recorded (as an audit report on this visit).
        app::AuditQuery query;
        query.visit = r.id;
        query.limit = 1000;
        auto page = state.clinic.audit().report(who, query);
        if (!page) {
            r.error = page.error().describe();
            r.trail.emplace();
        } else {
            r.trail = page.value().rows;
        }
    }
    const float em = ImGui::GetFontSize();
    // Who and What as wide as their widest entry: fixed widths cut "correction-request" to
    // "correction-reques" (found from outside). The trail of one visit is short.
    float who_width = em * 6.5F, what_width = em * 7.0F;
    for (const auto& e : *r.trail) {
        who_width = std::max(who_width, ImGui::CalcTextSize(e.actor.c_str()).x);
        what_width = std::max(what_width, ImGui::CalcTextSize(e.action.c_str()).x);
    }
    // Too narrow for a detail column (1024 wide: one letter a line, found from outside): each entry's
    // detail on the lines under it instead.
    if (ImGui::GetContentRegionAvail().x < em * 10.0F + who_width + what_width + em * 14.0F) {
        draw_trail_as_lines(state);
        return;
    }
    if (!ImGui::BeginTable("trail", 4,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        return;
    }
    ImGui::TableSetupColumn("At", ImGuiTableColumnFlags_WidthFixed, em * 10.0F);
    ImGui::TableSetupColumn("Who", ImGuiTableColumnFlags_WidthFixed, who_width);
    ImGui::TableSetupColumn("What", ImGuiTableColumnFlags_WidthFixed, what_width);
    ImGui::TableSetupColumn("Detail", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    // Every row drawn, no clipper: a detail wraps to several lines, and ImGuiListClipper takes every row for as
    // tall as the first (on the worklist it left rows blank under a tall one; found from outside). One
    // visit's trail is short.
    for (const auto& e : *r.trail) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(clinic_stamp(state, e.at).c_str());
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(e.actor.c_str());
        ImGui::TableSetColumnIndex(2);
        ImGui::TextUnformatted(e.action.c_str());
        ImGui::TableSetColumnIndex(3);
        ImGui::TextWrapped("%s", e.detail.c_str());
        if (&e == &r.trail->front()) remember(state, "review.trail.detail");
    }
    ImGui::EndTable();
}

// The needles of this visit and the rings of the visits before it, with the key to read them.
void draw_review_body_map(AppState& state, const storage::Revision& revision, float map_width) {
    const auto& r = state.visit_review;
    BodyMapMarks marks;
    marks.current = needles_of(revision);
    marks.recent = r.recent_sites;
    marks.today = r.visit_date;  // "3d": three days before this visit
    // Figures about 1.7 times as tall as wide, as on the nurse's screen.
    const float height = (map_width * 0.5F - 8.0F) * 1.7F + ImGui::GetTextLineHeightWithSpacing();
    (void)draw_body_map(state, marks, ImVec2(map_width, height), false);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + map_width);
    ImGui::TextColored(muted_colour(),
                       "Numbers: set-ups; red: removed (blood). Rings: the 5 visits before this one, with "
                       "the days between; orange: a reaction then.");
    ImGui::PopTextWrapPos();
}

}  // namespace

// ---- 4. the screen -----------------------------------------------------------------------------
void draw_visit_review_screen(AppState& state) {
    const app::Acting* who = supervisor_or_refusal(state, "visit review");
    if (who == nullptr) return;
    auto& r = state.visit_review;
    if (!r.record && r.error.empty() && r.id != 0) load(state, *who);
    // A note, comment or reason typed and not sent: leaving asks first (ui/leave_guard.hpp).
    if (big_button(state, "< Back", "review.back")) {
        leave_to(state, r.back_to);
        if (state.screen != Screen::visit_review) return;
    }
    if (!r.record) {
        ImGui::SameLine();
        ImGui::TextColored(error_colour(), "%s", r.error.empty() ? "No visit chosen" : r.error.c_str());
        return;
    }
    draw_header(state);
    const storage::Revision& revision = shown_revision(r);
    draw_patient_banner(state, revision.content.patient);

    // The record on the left (the body map beside the patient), the review on the right: the actions
    // must be in view without scrolling, the record may scroll.
    const float em = ImGui::GetFontSize();
    const float right_width = std::max(ImGui::GetContentRegionAvail().x * 0.37F, em * 28.5F);
    ImGui::BeginChild("record", ImVec2(-right_width, 0), false);
    // Beside the patient when there is room for both; on a narrow screen (1024 wide) below it, or the
    // patient's values would be squeezed into a column one letter wide.
    const float map_width = em * 19.0F;
    const bool map_beside = ImGui::GetContentRegionAvail().x >= map_width + em * 20.0F;
    if (map_beside && ImGui::BeginTable("top", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("patient", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("map", ImGuiTableColumnFlags_WidthFixed, map_width);
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        draw_visit_patient(state, revision);
        ImGui::TableSetColumnIndex(1);
        draw_review_body_map(state, revision, map_width);
        ImGui::EndTable();
    } else if (!map_beside) {
        draw_visit_patient(state, revision);
        ImGui::Spacing();
        draw_review_body_map(state, revision, map_width);
    }
    const auto& corrections = r.record->corrections;
    const bool correction_open =
        std::any_of(corrections.begin(), corrections.end(), [](const auto& c) { return c.open(); });
    draw_visit_record(state, r.record->visit, revision, r.record->countersignatures, correction_open);
    ImGui::Spacing();
    draw_trail(state, *who);
    ImGui::EndChild();
    remember(state, "review.record");

    ImGui::SameLine();
    ImGui::BeginChild("review", ImVec2(0, 0), true);
    draw_review_actions(state, *who);
    ImGui::EndChild();
}

}  // namespace infusion::ui
