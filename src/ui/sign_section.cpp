// The visit screen's footer: what holds Sign, signing, and amending a signed visit (with its
// confirmation popup). Split from visit_sections.cpp, which draws what the nurse documents.
#include "ui/visit_sections.hpp"

#include "app/draft_changes.hpp"
#include "app/export_billing.hpp"
#include "app/hold_reasons.hpp"
#include "core/codes.hpp"
#include "core/field_path.hpp"
#include "core/time_entry.hpp"
#include "ui/billing_panel.hpp"
#include "ui/review_common.hpp"
#include "ui/tab_order.hpp"
#include "ui/time_field.hpp"
#include "ui/widgets.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <optional>

namespace infusion::ui {
namespace {

// What a signature stores, in a confirmation: the lines as the footer says them, the warnings still to note,
// and whether billing is held.
void draw_what_is_signed(AppState& state) {
    const auto& coding = state.editor.coding();
    const auto holds = coding.billable ? request_holds(state) : std::vector<std::string>{};
    if (coding.billable && holds.empty()) {
        ImGui::TextColored(ok_colour(), "%s", ready_summary(coding).c_str());
        remember(state, "sign.lines");
    } else if (coding.billable) {
        // Not "ready": a correction request on the patient's other visit of the date holds these lines too
        // (found from outside: the dialog promised "Billing ready", the screen said held right after).
        std::string lines = ready_summary(coding);
        lines.replace(0, std::string("Billing ready").size(), "Lines");
        ImGui::TextUnformatted(lines.c_str());
        remember(state, "sign.lines");
        ImGui::PushStyleColor(ImGuiCol_Text, error_colour());
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetFontSize() * 34.0F);
        for (const auto& why : holds) ImGui::TextWrapped("Billing held once signed: %s", why.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        remember(state, "sign.held_by_request");
    }
    int warnings = 0;
    const auto note = [&](const std::string& text) {
        if (warnings++ == 0) ImGui::TextColored(warning_colour(), "Still to note:");
        // Wrapped at a width the dialog keeps: an auto-sized dialog grew past the window's edge and
        // cut a long warning off ("...(another package of the same product):").
        ImGui::Bullet();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetFontSize() * 34.0F);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
    };
    for (const auto& p : coding.problems) {
        if (p.severity == core::Severity::warning) note(p.message);
    }
    // The rotation warnings too (a site used within the rest period, or where a reaction was recorded): at the
    // chair they showed under the map and beside the tap for a few seconds, below the fold at 1024x700, and the
    // nurse signed without reading them (found from outside).
    for (const auto& warning : state.visit_screen.site_warnings) {
        note("Rotation: " + warning + ".");
        remember(state, "sign.rotation");
    }
    if (!coding.billable) {
        // Not "a coder": only the visit's nurse amends it (found from outside).
        ImGui::TextColored(warning_colour(), "Billing will be held until an amendment fixes what holds it.");
    }
}

// Who else changed the draft since the signer last saved it, and what, before she signs it as her own
// (found from outside: "last saved by rn.lindqvist" said nothing of the dose she had changed).
void draw_changes_by_others(AppState& state) {
    const auto& changes = state.visit_screen.changes_by_others;
    const auto& error = state.visit_screen.changes_by_others_error;
    if (changes.empty() && error.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, warning_colour());
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetFontSize() * 34.0F);
    if (!error.empty()) ImGui::TextWrapped("Who else changed this draft could not be read (%s).", error.c_str());
    for (const auto& c : changes) {
        std::string parts;
        for (const auto& p : c.parts) parts += (parts.empty() ? "" : ", ") + p;
        ImGui::TextWrapped("Changed by %s since %s (last at %s): %s. Read them before you sign.", c.user.c_str(),
                           c.since_begun ? "the draft was begun" : "you last saved it",
                           clinic_stamp(state, c.last_at).c_str(), parts.empty() ? "nothing named" : parts.c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    remember(state, "sign.changed_by_others");
}

// Where the supervisor's review stands for what the visit says now: countersigned, or back in review
// because an amendment came after the countersignature (the nurse's screen said neither; found from
// outside). Nothing for a visit never countersigned: not every signed visit waits for one.
void draw_review_state(AppState& state) {
    const auto& countersignatures = state.visit_screen.countersignatures;
    if (countersignatures.empty()) return;
    const int current = state.editor.revisions().back().number;
    if (const auto* c = app::countersignature_of(countersignatures, current)) {
        ImGui::TextColored(ok_colour(), "Countersigned by %s at %s", c->supervisor.c_str(),
                           clinic_stamp(state, c->at).c_str());
        remember(state, "signed.countersigned");
    } else {
        const auto& last = countersignatures.back();
        ImGui::TextColored(warning_colour(), "Back in review: %s countersigned %s, not %s", last.supervisor.c_str(),
                           revision_phrase(last.revision).c_str(), revision_phrase(current).c_str());
        remember(state, "signed.back_in_review");
    }
}

// Enter confirms a dialog, but not the key that opened it: not on the frame it appears (a button pressed with
// Enter, or the Ctrl+Enter that asks to sign), nor its key repeat.
bool enter_confirms() {
    return !ImGui::IsWindowAppearing() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) &&
           !ImGui::GetIO().KeyCtrl;
}

void draw_amendment_confirmation(AppState& state) {
    auto& editor = state.editor;
    auto& screen = state.visit_screen;
    if (screen.confirm_amendment) {
        editor.refresh_coding();  // what is signed now, not at the last edit
        ImGui::OpenPopup("Sign this amendment?");
        screen.confirm_amendment = false;
    }
    if (!ImGui::BeginPopupModal("Sign this amendment?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    // Found from outside: one click sealed an amendment for good, where signing the visit asks first.
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0F);
    ImGui::Text(
        "Amendment %d is sealed with your name and reason, and cannot be changed; the original stays on "
        "record.",
        editor.revisions().back().number + 1);
    const std::string reason(core::trim_blanks(screen.amend_reason));
    ImGui::Text("Reason: %s", reason.c_str());
    // What it changes, as its audit row and the supervisor will read it (an amendment that changed nothing
    // closed a correction request unnoticed: found from outside).
    const storage::Revision& was = editor.revisions().back();
    const std::string changed = app::changed_parts(was.content, editor.visit());
    // Nothing to record and no request to answer: VisitService::amend refuses it, so the dialog says so and
    // offers no Sign (it offered one, and the signature was refused after: found from outside).
    const bool same_lines =
        was.coding && was.coding->lines == editor.coding().lines && was.coding->billable == editor.coding().billable;
    const bool refused = changed.empty() && same_lines && screen.open_corrections.empty();
    if (refused) {
        ImGui::TextColored(warning_colour(),
                           "Nothing is changed, and no correction request is open: an amendment records a "
                           "correction. Cancel, change what is wrong, then sign.");
    } else if (changed.empty()) {
        ImGui::TextColored(warning_colour(),
                           "Changed: nothing in the documentation. Signed so, it only answers an open correction "
                           "request with the reason above, or codes the visit again.");
    } else {
        ImGui::Text("Changed: %s", changed.c_str());
    }
    remember(state, "amend.confirm.changed");
    // The countersignature stays with what it covered: the supervisor reads the amendment in its turn.
    const int current = editor.revisions().back().number;
    if (const auto* c = app::countersignature_of(screen.countersignatures, current)) {
        ImGui::TextColored(warning_colour(),
                           "%s countersigned %s; the countersignature does not cover this amendment, "
                           "which goes back to the supervisor for review.",
                           c->supervisor.c_str(), revision_phrase(current).c_str());
        remember(state, "amend.confirm.review");
    }
    // Lines already sent to billing that the amendment changes are taken back and sent again: the nurse was not
    // told that an amendment puts credits against a claim already billed (found from outside).
    if (const auto& row = editor.billing_state(); row && row->batch &&
                                                  (row->state == storage::WorklistState::exported ||
                                                   row->state == storage::WorklistState::amended_after_export)) {
        const std::string next = app::next_export_for(row->sent_as);
        if (!editor.coding().billable) {
            // Held by this amendment: only reversals go ("sends it as amended" stood above "Billing will be held";
            // found from outside).
            ImGui::TextColored(warning_colour(),
                               "The visit's lines went to billing in batch %lld: this amendment holds its billing, so "
                               "%s takes back every line still standing and sends nothing new until an amendment "
                               "releases it.",
                               static_cast<long long>(*row->batch), next.c_str());
            remember(state, "amend.confirm.exported_held");
        } else if (was.coding && !was.coding->billable) {
            // The signed revision holds billing, and the lines sent before it still stand (their reversals not sent
            // yet): what goes depends on the sent revision, not on the held one this amendment is compared with. It
            // said every line would be taken back and sent again for an amendment that put the sent diagnosis back,
            // and nothing went (found from outside).
            ImGui::TextColored(warning_colour(),
                               "The visit's lines went to billing in batch %lld and are not taken back yet: %s takes "
                               "back each of them this amendment changes and sends it as amended; a line that comes "
                               "back as it was sent stands.",
                               static_cast<long long>(*row->batch), next.c_str());
            remember(state, "amend.confirm.exported_from_held");
        } else if (const std::string every_line = app::line_wide_changes(was.content, editor.visit());
                   !every_line.empty()) {
            // On every line: each is taken back and sent again (a diagnosis added was said to send nothing; found
            // from outside).
            ImGui::TextColored(warning_colour(),
                               "The visit's lines went to billing in batch %lld: this amendment changes %s, which "
                               "every line carries, so %s takes back every line and sends it as amended.",
                               static_cast<long long>(*row->batch), every_line.c_str(), next.c_str());
            remember(state, "amend.confirm.exported_every_line");
        } else if (same_lines) {
            // A note alone: nothing goes to billing again (it said lines would be taken back; found from outside).
            ImGui::TextColored(muted_colour(),
                               "The visit's lines went to billing in batch %lld; this amendment does not change "
                               "them: nothing is sent again.",
                               static_cast<long long>(*row->batch));
            remember(state, "amend.confirm.exported_unchanged");
        } else {
            ImGui::TextColored(warning_colour(),
                               "The visit's lines went to billing in batch %lld: %s takes back each line this "
                               "amendment changes and sends it as amended; unchanged lines stand.",
                               static_cast<long long>(*row->batch), next.c_str());
            remember(state, "amend.confirm.exported");
        }
    } else if (row && !row->batch && !row->sent_as.empty() && editor.coding().billable) {
        // Sent before, all taken back: this amendment releases new lines, which go where the first ones went (it
        // said only "Billing ready"; found from outside).
        ImGui::TextColored(warning_colour(),
                           "The visit's earlier lines went out as %s and were taken back: its lines go in %s.",
                           app::format_name(row->sent_as).c_str(), app::next_export_for(row->sent_as).c_str());
        remember(state, "amend.confirm.released");
    }
    ImGui::PopTextWrapPos();
    draw_what_is_signed(state);
    ImGui::BeginDisabled(refused);
    const bool sign = big_button(state, "Sign amendment (Enter)", "amend.confirm", ImGui::GetFontSize() * 12.0F) ||
                      (!refused && enter_confirms());
    ImGui::EndDisabled();
    if (sign) {
        if (auto done = editor.sign_amendment(screen.amend_reason); !done) {
            screen.action_error = done.error().describe();
        } else {
            // The amendment answered any open correction request (VisitService::amend): it left the nurse's list.
            screen.action_error.clear();
            screen.action_notice = done.value();
            screen.open_corrections.clear();
            state.today.stale = true;
        }
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (big_button(state, "Cancel (Esc)", "amend.confirm.cancel", ImGui::GetFontSize() * 9.0F) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace

// ---- 4. signing and amending -------------------------------------------------------------------
void draw_sign_section(AppState& state) {
    auto& editor = state.editor;
    auto& screen = state.visit_screen;
    ImGui::Separator();
    // What holds Sign and Sign amendment, said once for both, as a link to its field: a time typed but
    // refused (red, "Not saved"), which would be signed with the time it had (found in the real window);
    // else the first of the signature's own blockers (app::signature_blockers: the record's problems, a
    // time in the future, a note with no text), which app/ applies to every way of signing.
    struct Hold {
        std::string reason;
        std::string field;
        bool for_now = true;  // documentation can still change; who signs cannot
    };
    std::optional<Hold> hold;
    if (const std::string* field = refused_time_entry(state)) {
        // The field named: "a time typed here" left the nurse to find which (found from outside).
        hold = Hold{core::path::human_name(*field) +
                        ": the time typed was not saved (framed red); correct it, or press Escape in it to keep the "
                        "saved time",
                    *field};
    } else if ((editor.status() == storage::VisitStatus::draft || editor.amending()) &&
               (editor.conflict() || editor.written_elsewhere())) {
        // The screen shows a version older than the stored one: what would be signed is not what is read
        // here. Ctrl+Enter opened the confirmation over it, and its refusal came only after (found from
        // outside).
        hold = Hold{
            "this screen shows the visit as it was before a change made elsewhere; reload the saved visit "
            "first (the button above)",
            ""};
    } else if (editor.status() == storage::VisitStatus::draft || editor.amending()) {
        // Before the documentation's own holds: no correction of the visit lifts this one (found from
        // outside: Sign stayed enabled and the refusal came after the confirmation, cut at the window's edge).
        if (const auto problem = state.billing_configuration_problem(); problem && !editor.draft_read_only()) {
            hold = Hold{*problem + "; ask the clinic's administrator", "", false};
        } else if (const auto blockers = editor.sign_blockers(); !blockers.empty()) {
            hold = Hold{blockers.front().message, blockers.front().field,
                        blockers.front().code != "sign.not-the-performer"};
        }
    }
    // The reason beside the greyed button; a click goes to the field.
    const auto say_hold = [&](const char* what, const char* name) {
        bool hovered = false;
        if (text_link(std::string("Cannot ") + what + (hold->for_now ? " yet: " : ": ") + hold->reason, error_colour(),
                      &hovered)) {
            screen.focus_field = hold->field;
        }
        remember(state, name);
        if (hovered) ImGui::SetTooltip("click to go to the field");
    };
    // A click on Sign while a typed time was still being edited: the click leaves the field, which saves
    // the time and lifts the hold one frame later, when the button was already greyed for that click (the
    // first click did nothing, found in the real window). Asked again on the next frame.
    if (screen.sign_clicked_while_held) {
        screen.sign_clicked_while_held = false;
        if (!hold && editor.status() == storage::VisitStatus::draft) screen.confirm_sign = true;
    }
    if (editor.status() == storage::VisitStatus::draft) {
        ImGui::BeginDisabled(hold.has_value());
        // Pressed counts only while Sign is not held: ImGui 1.86 presses a greyed button that had the keyboard's
        // focus before it was greyed, on Enter (found from outside: "Sign this visit?" opened over a change
        // elsewhere, with a green "Billing ready" the footer disowned).
        if (big_button(state, "Sign visit", "sign", ImGui::GetFontSize() * 10.0F) && !hold) screen.confirm_sign = true;
        if (hold && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && ImGui::IsMouseClicked(0)) {
            screen.sign_clicked_while_held = true;
        }
        // Ctrl+Enter from anywhere on the visit asks to sign (the confirmation still asks).
        const ImGuiIO& io = ImGui::GetIO();
        if (!hold && io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) &&
            !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
            screen.confirm_sign = true;
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Ctrl+Enter");
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginGroup();
        draw_billing_state(state);
        if (hold) {
            say_hold("sign", "sign.blocker");
        } else {
            // The hold's line kept as room: the footer grows upwards with its lines, and Sign moved 7 px
            // under the pointer in the frame its hold went away (found from outside).
            ImGui::Dummy(ImVec2(0.0F, ImGui::GetTextLineHeight()));
        }
        ImGui::EndGroup();
    } else if (!editor.amending()) {
        const auto& last = editor.revisions().back();
        // Only the visit's clinician amends it: for another nurse the button is off and says why (pressing it
        // would only be refused, and audited as a refusal). Someone who documents nothing (a biller, an
        // administrator, a supervisor only) is offered no amendment at all: a greyed button read as one to
        // press, and clicking it did nothing (found from outside).
        const bool documents = state.who().holds(app::Role::nurse);
        if (documents) {
            ImGui::BeginDisabled(editor.amendment_refused().has_value());
            if (big_button(state, "Add amendment", "amend.start", ImGui::GetFontSize() * 10.0F)) {
                if (auto ok = editor.begin_amendment(); !ok) {
                    screen.action_error = ok.error().message;
                } else {
                    screen.action_error.clear();
                    screen.action_notice.clear();
                    screen.amend_reason.clear();
                }
            }
            ImGui::EndDisabled();
            ImGui::SameLine();
        }
        ImGui::BeginGroup();
        // The last revision's signature: an amendment's says so (its time read as the visit's signing
        // time, found from outside). In the clinic's zone, as every record stamp: in the visit's own (a file
        // from Chicago) it read an hour off `visits show` (found from outside).
        if (editor.revisions().size() > 1) {
            ImGui::TextColored(ok_colour(), "Amendment %d signed by %s at %s", last.number, last.signed_by.c_str(),
                               clinic_stamp(state, last.signed_at).c_str());
            remember(state, "signed.stamp");
            ImGui::SameLine();
            ImGui::TextColored(muted_colour(), "- the original stays on record");
        } else {
            ImGui::TextColored(ok_colour(), "Signed by %s at %s", last.signed_by.c_str(),
                               clinic_stamp(state, last.signed_at).c_str());
            remember(state, "signed.stamp");
        }
        draw_billing_state(state);
        draw_review_state(state);
        if (editor.amendment_refused() && documents) {
            ImGui::PushTextWrapPos(0.0F);
            ImGui::TextColored(muted_colour(), "Cannot amend: %s", editor.amendment_refused()->c_str());
            ImGui::PopTextWrapPos();
            remember(state, "amend.refused");
        }
        ImGui::EndGroup();
    } else {
        ImGui::TextColored(warning_colour(), "Amending: change what was wrong, say why, then sign the amendment.");
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Reason");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(-1.0F);
        ImGui::InputTextWithHint("##reason", "why the record is corrected", &screen.amend_reason);
        remember(state, "amend.reason");
        tab_stop(state, "amend.reason", true);
        const bool no_reason = core::trim_blanks(screen.amend_reason).empty();
        ImGui::BeginDisabled(no_reason || hold.has_value());
        if (big_button(state, "Sign amendment...", "amend.sign") && !no_reason && !hold) {
            screen.confirm_amendment = true;
        }
        // Ctrl+Enter asks to sign an amendment as it asks to sign a draft (found from outside: it did nothing).
        if (!no_reason && !hold && ImGui::GetIO().KeyCtrl &&
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) &&
            !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
            screen.confirm_amendment = true;
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Ctrl+Enter");
        ImGui::EndDisabled();
        ImGui::SameLine();
        // Asked first when the amendment changed something or has its reason: Cancel, beside "Sign amendment...",
        // threw an added needle away at once (found from outside).
        if (screen.confirm_cancel_amendment) {
            if (big_button(state, "Keep amending", "amend.cancel.keep")) screen.confirm_cancel_amendment = false;
            ImGui::SameLine();
            if (big_button(state, "Discard changes", "amend.cancel.discard")) {
                screen.confirm_cancel_amendment = false;
                editor.cancel_amendment();
            }
        } else if (big_button(state, "Cancel", "amend.cancel")) {
            settle_clicks(state);
            if (editor.amendment_changed() || !no_reason) {
                screen.confirm_cancel_amendment = true;
            } else {
                editor.cancel_amendment();
            }
        }
        if (screen.confirm_cancel_amendment) {
            ImGui::TextColored(warning_colour(),
                               "Discard this amendment's changes and its reason? The signed visit "
                               "stays as it is.");
            remember(state, "amend.cancel.question");
        } else if (hold) {
            say_hold("sign the amendment", "amend.blocker");
        } else if (no_reason) {
            // Greyed for want of a reason, said as the other holds are (found from outside).
            ImGui::TextColored(muted_colour(), "Sign amendment needs the reason: why the record is corrected.");
            remember(state, "amend.needs_reason");
        } else {
            // A line in its place: the footer is as tall as its lines, and with the first letter of the reason
            // the line above went away and the Reason field jumped down under the pointer (found in the real
            // window: a click meant for Sign amendment landed between the field and the button).
            ImGui::TextColored(muted_colour(), "Sign amendment... shows what the amendment bills before it is sealed.");
            remember(state, "amend.ready");
        }
    }
    if (!screen.action_error.empty()) {
        ImGui::PushTextWrapPos(0.0F);  // a refusal says what to do at its end: never cut at the window's edge
        ImGui::TextColored(error_colour(), "%s", screen.action_error.c_str());
        ImGui::PopTextWrapPos();
    }
    if (!screen.action_notice.empty()) {
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(warning_colour(), "%s", screen.action_notice.c_str());
        ImGui::PopTextWrapPos();
        remember(state, "amend.notice");
    }

    if (screen.confirm_sign) {
        editor.refresh_coding();  // what is signed now, not at the last edit
        auto changes = state.clinic.visits().changes_by_others(state.who(), editor.id());
        screen.changes_by_others = changes ? std::move(changes.value()) : decltype(screen.changes_by_others){};
        screen.changes_by_others_error = changes ? std::string() : changes.error().message;
        ImGui::OpenPopup("Sign this visit?");
        screen.confirm_sign = false;
    }
    if (ImGui::BeginPopupModal("Sign this visit?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted("Once signed, the visit cannot be changed; corrections are amendments.");
        draw_changes_by_others(state);
        draw_what_is_signed(state);
        // Changed elsewhere while the confirmation is open (the live lists' look): what it shows is no longer
        // the stored visit, so it is not offered for signing (it stayed live, found from outside).
        const bool stale = editor.written_elsewhere().has_value() || editor.conflict();
        if (stale) {
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0F);
            ImGui::TextColored(error_colour(),
                               "The visit was changed elsewhere since this opened: Cancel, then reload "
                               "the saved visit and read it before you sign.");
            ImGui::PopTextWrapPos();
            remember(state, "sign.stale");
        }
        ImGui::BeginDisabled(stale);
        const bool sign_pressed = big_button(state, "Sign (Enter)", "sign.confirm", ImGui::GetFontSize() * 9.0F);
        ImGui::EndDisabled();
        if (!stale && (sign_pressed || enter_confirms())) {
            if (auto done = editor.sign(); !done) {
                screen.action_error = done.error().describe();
            } else {
                screen.action_error.clear();
            }
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (big_button(state, "Cancel (Esc)", "sign.cancel", ImGui::GetFontSize() * 9.0F) ||
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    draw_amendment_confirmation(state);
}

}  // namespace infusion::ui
