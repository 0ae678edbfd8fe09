// Sections: 1. what review added  2. the site-care note form  3. countersign and correction  4. panel
#include "ui/review_actions_panel.hpp"

#include "app/review_record.hpp"
#include "app/visit_service.hpp"
#include "ui/review_common.hpp"
#include "ui/widgets.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <array>

namespace infusion::ui {
namespace {

constexpr const auto& grades = app::site_care_grades;

std::string site_name(const AppState& state, const std::string& location) {
    if (location.empty()) return "the visit as a whole";
    const core::CatalogSite* known = state.clinic.sites().find(location);
    return known != nullptr ? known->name : location;
}

// ---- 1. what review added ----------------------------------------------------------------------
// The amendments made after the last countersignature, what each changed and why: "amended since" alone
// left the supervisor to compare the revisions by eye (found from outside). One that answered a correction
// request is said with the request, below.
void draw_amendments_since(AppState& state, const app::ReviewVisit& record, const storage::Countersignature& c) {
    const auto answered_a_request = [&](std::size_t number) {
        return std::any_of(record.corrections.begin(), record.corrections.end(), [&](const auto& r) {
            return r.resolved_revision && static_cast<std::size_t>(*r.resolved_revision) == number;
        });
    };
    const auto first = static_cast<std::size_t>(c.revision) + 1;
    for (std::size_t n = first; n < record.visit.revisions.size() && n < record.amendment_changes.size(); ++n) {
        if (answered_a_request(n)) continue;
        ImGui::PushStyleColor(ImGuiCol_Text, warning_colour());
        ImGui::TextWrapped("Amendment %zu changed: %s. Its reason: %s", n, record.amendment_changes[n].c_str(),
                           record.visit.revisions[n].reason.c_str());
        ImGui::PopStyleColor();
        remember(state, "review.amendment_changes");
    }
}

void draw_history(AppState& state, const app::ReviewVisit& record) {
    const storage::Countersignature* current = record.countersignature();
    for (const auto& c : record.countersignatures) {
        // Wrapped like the lines below it: on one line "(revision 0)" ran past the panel's edge. One of an earlier
        // revision says the amendment waits, until the amendment is countersigned in its turn.
        const char* since = &c == current ? ""
                            : current == nullptr && &c == &record.countersignatures.back()
                                ? "; amended since: the current revision waits for review"
                                : "; amended since";
        ImGui::PushStyleColor(ImGuiCol_Text, &c == current ? ok_colour() : muted_colour());
        ImGui::TextWrapped("Countersigned by %s at %s (%s%s)", c.supervisor.c_str(), clinic_stamp(state, c.at).c_str(),
                           revision_phrase(c.revision).c_str(), since);
        ImGui::PopStyleColor();
        // Labelled rather than quoted: a comment with its own quotes read ""Checked "long" run"" (found from outside).
        if (!c.comment.empty()) ImGui::TextWrapped("Comment: %s", c.comment.c_str());
        if (&c == &record.countersignatures.back() && current == nullptr) draw_amendments_since(state, record, c);
    }
    if (!record.countersignatures.empty()) remember(state, "review.countersignatures");
    for (const auto& r : record.corrections) {
        ImGui::PushStyleColor(ImGuiCol_Text, r.open() ? warning_colour() : muted_colour());
        if (r.open()) {
            ImGui::TextWrapped("Correction asked by %s at %s: %s", r.requested_by.c_str(),
                               clinic_stamp(state, r.at).c_str(), r.reason.c_str());
        } else {
            // "Corrected" only when the amendment changed something: one that changed nothing answered it.
            const auto answered = static_cast<std::size_t>(*r.resolved_revision);
            const bool unchanged = answered < record.amendment_changes.size() &&
                                   record.amendment_changes[answered] == app::nothing_changed;
            ImGui::TextWrapped("%s in amendment %d (asked by %s: %s)", unchanged ? "Answered" : "Corrected",
                               *r.resolved_revision, r.requested_by.c_str(), r.reason.c_str());
            // What the amendment changed and the nurse's reason: "corrected" alone took her word for it.
            if (answered < record.visit.revisions.size() && answered < record.amendment_changes.size()) {
                ImGui::TextWrapped("Amendment %zu changed: %s. Its reason: %s", answered,
                                   record.amendment_changes[answered].c_str(),
                                   record.visit.revisions[answered].reason.c_str());
                remember(state, "review.correction_changes");
            }
        }
        ImGui::PopStyleColor();
    }
    for (const auto& n : record.site_care) {
        std::string found;
        for (const auto& c : n.conditions) found += (found.empty() ? "" : ", ") + c;
        ImGui::TextWrapped("Site-care %s by %s, %s: %s%s%s%s", clinic_stamp(state, n.at).c_str(), n.author.c_str(),
                           site_name(state, n.location).c_str(), found.empty() ? "no findings" : found.c_str(),
                           n.grade > 0 ? (std::string(", ") + grades[static_cast<std::size_t>(n.grade)]).c_str() : "",
                           n.text.empty() ? "" : ". ", n.text.c_str());
    }
    if (record.countersignatures.empty() && record.corrections.empty() && record.site_care.empty()) {
        ImGui::TextColored(muted_colour(), "Not reviewed yet, no site-care note.");
    }
}

// ---- 2. the site-care note form ----------------------------------------------------------------
void draw_note_form(AppState& state, const app::Acting& who, app::ReviewVisit& record) {
    auto& r = state.visit_review;
    ImGui::TextUnformatted("Site-care note at follow-up");
    ImGui::SetNextItemWidth(-1.0F);
    if (ImGui::BeginCombo("##site", site_name(state, r.note_location).c_str())) {
        std::vector<std::string> choices{""};
        for (const auto& p : record.visit.current().content.pump_setups) {
            for (const auto& s : p.sites) {
                if (std::find(choices.begin(), choices.end(), s.location) == choices.end())
                    choices.push_back(s.location);
            }
        }
        for (const auto& location : choices) {
            if (ImGui::Selectable(site_name(state, location).c_str(), r.note_location == location, 0,
                                  ImVec2(0, touch_height()))) {
                r.note_location = location;
            }
            remember(state, "note.site." + (location.empty() ? std::string("visit") : location));
        }
        ImGui::EndCombo();
    }
    remember(state, "note.site");
    for (std::size_t i = 0; i < storage::site_conditions.size(); ++i) {
        if (i % 3 != 0) ImGui::SameLine(ImGui::GetFontSize() * 7.0F * static_cast<float>(i % 3));
        const std::string name(storage::site_conditions[i]);
        ImGui::Checkbox(name.c_str(), &r.note_conditions[i]);
        remember(state, "note.condition." + name);
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Grade");
    for (std::size_t g = 0; g < grades.size(); ++g) {
        ImGui::SameLine();
        ImGui::RadioButton(grades[g], &r.note_grade, static_cast<int>(g));
        remember(state, "note.grade." + std::to_string(g));
    }
    (void)wrapped_text_box("##note", r.note_text, ImVec2(-1.0F, ImGui::GetTextLineHeight() * 3.6F));
    remember(state, "note.text");
    storage::NewSiteCareNote note;
    note.location = r.note_location;
    note.grade = r.note_grade;
    note.text = r.note_text;
    for (std::size_t i = 0; i < storage::site_conditions.size(); ++i) {
        if (r.note_conditions[i]) note.conditions.emplace_back(storage::site_conditions[i]);
    }
    // "Nothing found" is a finding too, but it has to be said: an empty note says nothing.
    const bool empty = note.conditions.empty() && note.grade == 0 && note.text.empty();
    ImGui::BeginDisabled(empty);
    if (big_button(state, "Add site-care note", "note.add")) {
        if (auto added = state.clinic.review().add_site_care_note(who, r.id, note); !added) {
            r.error = added.error().describe();
        } else {
            // Shown from what was written, not re-read: a re-read would be another audited view.
            record.site_care.push_back({added.value(), r.id, who.username(), core::format_utc(state.now()),
                                        note.location, note.conditions, note.grade, note.text});
            r.message = "Site-care note added.";
            r.error.clear();
            r.note_conditions = {};
            r.note_grade = 0;
            r.note_text.clear();
            state.review_queue.stale = true;
            r.trail.reset();  // an open trail is read again with this action's row (it stood without it)
        }
    }
    ImGui::EndDisabled();
    // Greyed without a word said why (found from outside); a tooltip, so nothing below moves as the first letter is
    // typed.
    if (empty && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Tick a condition, choose a grade or write what was seen first");
}

// ---- 3. countersign and correction -------------------------------------------------------------
// A send-back reason is being typed (not yet sent).
bool reason_typed(const VisitReviewState& r) {
    return r.correction_reason.find_first_not_of(" \t") != std::string::npos;
}

// Why the countersignature is not allowed now, or "" (ReviewService refuses the same; this explains, and
// adds what only the screen knows: the revision on screen and a send-back reason being typed).
std::string countersign_blocker(const VisitReviewState& r, const app::ReviewVisit& record, const std::string& user) {
    if (record.countersignature() != nullptr) return "Countersigned already: once per revision.";
    const int current = record.visit.current().number;
    if (r.revision >= 0 && r.revision != current) {
        // A countersignature attests the current revision: offered over an older one, it attested what
        // was not on screen (found from outside).
        return "You are reading " + revision_phrase(r.revision) + ", not the current revision: choose " +
               revision_name(current) + " above to countersign it.";
    }
    if (reason_typed(r)) {
        // Countersigning would end review and strand the typed reason in a field that can no longer send.
        return "A send-back reason is typed below: send it, or clear it, before countersigning.";
    }
    if (record.visit.status == storage::VisitStatus::draft) return "A draft cannot be countersigned.";
    for (const auto& c : record.corrections) {
        if (c.open()) return "Waiting for the nurse's amendment.";
    }
    for (const auto& rev : record.visit.revisions) {
        if (rev.signed_by == user || rev.content.clinician == user) {
            return "You documented this visit: another supervisor countersigns.";
        }
    }
    return {};
}

void draw_countersign(AppState& state, const app::Acting& who, app::ReviewVisit& record) {
    auto& r = state.visit_review;
    const std::string blocker = countersign_blocker(r, record, who.username());
    ImGui::TextUnformatted("Countersign: you have reviewed this visit");
    ImGui::BeginDisabled(!blocker.empty());
    ImGui::SetNextItemWidth(-1.0F);
    ImGui::InputTextWithHint("##comment", "comment (optional)", &r.countersign_comment);
    remember(state, "countersign.comment");
    if (big_button(state, "Countersign...", "countersign")) r.confirm_countersign = true;
    ImGui::EndDisabled();
    if (!blocker.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::SetTooltip("%s", blocker.c_str());
    }
    // A reason being typed is said under its own field (draw_correction): said here, its line appeared with
    // the first letter typed and pushed the field being typed in down the panel (found in the real window).
    if (!blocker.empty() && !reason_typed(r)) {
        // On its own line, wrapped: beside the button it ran past the panel's edge ("another superv").
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(muted_colour(), "%s", blocker.c_str());
        ImGui::PopTextWrapPos();
        remember(state, "countersign.blocker");
    }
    if (r.confirm_countersign) {
        ImGui::OpenPopup("Countersign this visit?");
        r.confirm_countersign = false;
    }
    if (!ImGui::BeginPopupModal("Countersign this visit?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::Text("You confirm you reviewed %s of visit %lld. This cannot be undone.",
                revision_phrase(record.visit.current().number).c_str(), static_cast<long long>(r.id));
    // Enter confirms, as on the nurse's sign dialog (not a repeat of the Enter that opened it).
    const bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
    if (big_button(state, "Countersign (Enter)", "countersign.confirm", ImGui::GetFontSize() * 10.0F) || enter) {
        if (auto done = state.clinic.review().countersign(who, r.id, r.countersign_comment); !done) {
            r.error = done.error().describe();
        } else {
            record.countersignatures.push_back(done.value());
            r.message = "Countersigned.";
            r.countersign_comment.clear();  // it stands quoted above; left in the field it read as unsent
            r.error.clear();
            state.review_queue.stale = true;
            r.trail.reset();  // an open trail is read again with this action's row (it stood without it)
        }
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (big_button(state, "Cancel (Esc)", "countersign.cancel", ImGui::GetFontSize() * 9.0F) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void draw_correction(AppState& state, const app::Acting& who, app::ReviewVisit& record) {
    auto& r = state.visit_review;
    ImGui::TextUnformatted("Send back: the nurse corrects it with an amendment");
    if (record.countersignature() != nullptr) {
        // No field at all once countersigned: greyed, it still looked like something to fill in (found from
        // outside). Disabled without a word read as broken, so the reason is said.
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(muted_colour(), "Countersigned: review is done. A correction now is the nurse's amendment.");
        ImGui::PopTextWrapPos();
        remember(state, "correction.blocker");
        return;
    }
    ImGui::SetNextItemWidth(-1.0F);
    ImGui::InputTextWithHint("##reason", "what the nurse should correct", &r.correction_reason);
    remember(state, "correction.reason");
    ImGui::BeginDisabled(r.correction_reason.find_first_not_of(" \t") == std::string::npos);
    if (big_button(state, "Ask the nurse to correct", "correction.request")) {
        if (auto asked = state.clinic.review().request_correction(who, r.id, r.correction_reason); !asked) {
            r.error = asked.error().describe();
        } else {
            storage::CorrectionRequest request;
            request.id = asked.value();
            request.visit_id = r.id;
            request.revision = record.visit.current().number;
            request.requested_by = who.username();
            request.at = core::format_utc(state.now());
            request.reason = r.correction_reason;
            record.corrections.push_back(request);
            r.message = "Sent back to " + record.visit.current().content.clinician + "'s Today list.";
            r.error.clear();
            r.correction_reason.clear();
            state.review_queue.stale = true;
            r.trail.reset();  // an open trail is read again with this action's row (it stood without it)
        }
    }
    ImGui::EndDisabled();
    if (r.correction_reason.find_first_not_of(" \t") == std::string::npos &&
        ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Write above what the nurse should correct first");
    if (reason_typed(r)) {
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(muted_colour(), "Countersigning waits until this reason is sent or cleared.");
        ImGui::PopTextWrapPos();
        remember(state, "countersign.blocker");
    }
}

// A countersignature, a correction asked or a site-care note adds lines above the section the supervisor is in (to
// the history, or "Waiting for the nurse's amendment." under Countersign), and the panel scrolls by as much: the
// form she had scrolled to moved down under her pointer, 26 to 70 px (found from outside at 1024x700, twice).
void keep_section_under_pointer(VisitReviewState& r, const std::array<float, 3>& tops) {
    if (r.section_tops_of == r.id) {
        std::size_t section = 0;  // the pointer elsewhere: the actions as a whole
        if (ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows)) {
            const float pointer = ImGui::GetMousePos().y - ImGui::GetWindowPos().y + ImGui::GetScrollY();
            for (std::size_t k = tops.size(); k-- > 0;) {
                if (pointer >= r.section_tops[k]) {
                    section = k;
                    break;
                }
            }
        }
        const float moved = tops[section] - r.section_tops[section];
        if (moved != 0.0F) ImGui::SetScrollY(ImGui::GetScrollY() + moved);
    }
    r.section_tops = tops;
    r.section_tops_of = r.id;
}

}  // namespace

// ---- 4. panel ----------------------------------------------------------------------------------
void draw_review_actions(AppState& state, const app::Acting& who) {
    auto& r = state.visit_review;
    if (!r.record) return;
    app::ReviewVisit& record = *r.record;
    ImGui::PushFont(state.fonts.large);
    ImGui::TextUnformatted("Review");
    ImGui::PopFont();
    ImGui::Separator();
    draw_history(state, record);
    if (!r.message.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ok_colour());
        ImGui::TextWrapped("%s", r.message.c_str());
        ImGui::PopStyleColor();
    }
    if (!r.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, error_colour());
        ImGui::TextWrapped("%s", r.error.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
    if (record.visit.status == storage::VisitStatus::draft) {
        ImGui::TextColored(muted_colour(), "A draft: review begins once it is signed.");
        return;
    }
    std::array<float, 3> tops{};  // panel-local: the same while the panel only scrolls
    tops[0] = ImGui::GetCursorPosY();
    draw_note_form(state, who, record);
    ImGui::Separator();
    tops[1] = ImGui::GetCursorPosY();
    draw_countersign(state, who, record);
    ImGui::Separator();
    tops[2] = ImGui::GetCursorPosY();
    draw_correction(state, who, record);
    keep_section_under_pointer(r, tops);
    remember(state, "review.actions");
}

}  // namespace infusion::ui
