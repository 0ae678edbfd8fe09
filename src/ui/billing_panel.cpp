#include "ui/billing_panel.hpp"

#include "app/export_billing.hpp"
#include "app/hold_reasons.hpp"
#include "core/signing_policy.hpp"
#include "ui/widgets.hpp"

#include <algorithm>

namespace infusion::ui {
namespace {

void draw_lines(const std::vector<core::BillingLine>& lines) {
    if (!ImGui::BeginTable("lines", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        return;
    }
    ImGui::TableSetupColumn("Code", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5.0F);
    ImGui::TableSetupColumn("Units", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 3.0F);
    ImGui::TableSetupColumn("Why", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const auto& line : lines) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(core::code_with_modifiers(line).c_str());
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("%d", line.units);
        ImGui::TableSetColumnIndex(2);
        ImGui::TextWrapped("%s", line.reason.c_str());
    }
    ImGui::EndTable();
}

}  // namespace

std::string ready_summary(const core::Coding& coding) {
    std::string text = "Billing ready";
    if (coding.infusion_minutes) text += ": SC infusion " + std::to_string(*coding.infusion_minutes) + " min";
    std::string codes;
    for (const auto& line : coding.lines) {
        // With its modifiers, as the worklist writes it: a discarded amount's J1555-JW line read as a
        // second J1555 (found from outside).
        codes += (codes.empty() ? "" : ", ") + core::code_with_modifiers(line);
        if (line.units > 1) codes += " x" + std::to_string(line.units);
    }
    if (!codes.empty()) text += " - " + codes;
    return text;
}

// Its screen said "Billing ready" while the worklist said held (found from outside); and "Sign this
// amendment?" said "Billing ready" for an amendment a request on the patient's other visit held.
std::vector<std::string> request_holds(const AppState& state) {
    const auto& editor = state.editor;
    if (editor.status() == storage::VisitStatus::draft || editor.amending()) {
        // What is on screen is not stored yet: the requests that will hold it once signed (the draft had no row
        // of its own, and a request on a visit whose lines were all sent held no row; found from outside).
        storage::WorklistRow self;
        self.id = editor.id();
        self.date_of_service = editor.coding().date_of_service;  // a request on the old date is said by its date
        std::vector<std::string> out;
        for (const auto& hold : editor.holds_once_signed()) {
            out.push_back(app::request_hold_text(self, hold, state.clinic.settings().time_zone));
        }
        return out;
    }
    const auto& row = state.editor.billing_state();
    if (!row || row->state != storage::WorklistState::held || row->request_holds.empty()) return {};
    std::vector<std::string> out;
    for (const auto& hold : row->request_holds) {
        if (state.editor.amending() && hold.visit == state.editor.id()) continue;  // answered by the amendment
        out.push_back(app::request_hold_text(*row, hold, state.clinic.settings().time_zone));
    }
    return out;
}

std::string checks_summary(const core::Coding& coding) {
    const auto checks = std::count_if(coding.problems.begin(), coding.problems.end(),
                                      [](const core::Problem& p) { return p.severity == core::Severity::warning; });
    if (checks == 0) return {};
    return std::to_string(checks) + (checks == 1 ? " check" : " checks") + " under Billing";
}

namespace {

// Where a signed visit stands with the export, as the worklist says it; "" when it is not exported.
std::string export_standing(const AppState& state) {
    if (state.editor.amending()) return {};  // the amendment on screen is not exported yet
    const auto& row = state.editor.billing_state();
    // Sent before, all taken back, released by an amendment: its new lines go where its first ones went ("ready"
    // did not say which export; found from outside).
    if (row && row->state == storage::WorklistState::ready && !row->sent_as.empty())
        return "Ready for " + app::next_export_for(row->sent_as);
    if (!row || !row->batch) return {};
    const std::string batch = std::to_string(*row->batch);
    if (row->state == storage::WorklistState::exported) return "Exported in batch " + batch;
    if (row->state == storage::WorklistState::amended_after_export)
        return "Amended after export in batch " + batch + ": " + app::next_export_for(row->sent_as) +
               " sends its corrections";
    return {};
}

// Held by its amendment, with lines sent and standing: they are taken back (the screen said only "held"; found from
// outside). "" otherwise.
std::string held_reversals(const AppState& state) {
    if (state.editor.amending() || state.editor.coding().billable) return {};
    const auto& row = state.editor.billing_state();
    if (!row || !row->batch || row->state != storage::WorklistState::amended_after_export) return {};
    return "Its lines sent in batch " + std::to_string(*row->batch) + " are taken back by " +
           app::next_export_for(row->sent_as) + "; nothing new goes until an amendment releases its billing.";
}

void draw_request_holds(AppState& state, const std::vector<std::string>& holds) {
    ImGui::PushStyleColor(ImGuiCol_Text, error_colour());
    for (const auto& why : holds) ImGui::TextWrapped("Billing held: %s", why.c_str());
    ImGui::PopStyleColor();
    remember(state, "billing.held_by_request");
}

}  // namespace

void draw_billing_state(AppState& state) {
    const core::Coding& coding = state.editor.coding();
    if (state.editor.written_elsewhere() || state.editor.conflict()) {
        // The lines of what is on screen are not the stored visit's: "Billing ready ... x80" stood over a
        // draft a colleague had changed to x90 (found from outside).
        ImGui::TextColored(muted_colour(),
                           "Billing of the version on screen, not of the saved visit: reload to see it");
        remember(state, "billing.state");
        remember(state, "billing.stale");
        return;
    }
    if (const auto holds = request_holds(state); !holds.empty() && coding.billable) {
        draw_request_holds(state, holds);
    } else if (const std::string exported = export_standing(state); !exported.empty() && coding.billable) {
        // A visit already exported said "Billing ready" (found from outside): a biller could export it
        // again in her mind, a nurse could not tell it had gone.
        std::string text = exported;
        if (coding.infusion_minutes) text += ": SC infusion " + std::to_string(*coding.infusion_minutes) + " min";
        ImGui::TextColored(ok_colour(), "%s", text.c_str());
    } else if (coding.billable) {
        const std::string text = ready_summary(coding);
        ImGui::TextColored(ok_colour(), "%s", text.c_str());
        // Beside the green line, what is ready but worth a look (a JW line of 100 units from "50"
        // discarded after 11 g given read only "Billing ready" here; the check was out of sight).
        if (const std::string checks = checks_summary(coding); !checks.empty()) {
            ImGui::SameLine();
            ImGui::TextColored(warning_colour(), "- %s", checks.c_str());
            remember(state, "billing.checks");
        }
        // A product typed instead of chosen bills no drug: said on the green line's own terms, not as one more
        // "check" (found from outside: "Billing ready" over a visit of immune globulin without its J-code).
        for (const auto& p : coding.problems) {
            if (p.code != "substance.not-in-catalog") continue;
            ImGui::PushStyleColor(ImGuiCol_Text, warning_colour());
            ImGui::TextWrapped("%s", p.message.c_str());
            ImGui::PopStyleColor();
            remember(state, "billing.no_drug_line");
            break;
        }
    } else {
        int errors = 0;
        for (const auto& p : coding.problems) errors += p.severity == core::Severity::error ? 1 : 0;
        ImGui::TextColored(error_colour(), "Billing held: %d error%s (listed under Billing)", errors,
                           errors == 1 ? "" : "s");
        if (const std::string back = held_reversals(state); !back.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, warning_colour());
            ImGui::TextWrapped("%s", back.c_str());
            ImGui::PopStyleColor();
        }
    }
    remember(state, "billing.state");
}

void draw_billing_panel(AppState& state) {
    const core::Coding& coding = state.editor.coding();
    ImGui::PushFont(state.fonts.large);
    ImGui::TextUnformatted("Billing");
    ImGui::PopFont();
    const auto holds = request_holds(state);
    if (!holds.empty() && coding.billable) {
        ImGui::SameLine();
        ImGui::TextColored(error_colour(), "held by a correction request");  // why: on the lines below
        draw_request_holds(state, holds);
    } else if (const std::string exported = export_standing(state); !exported.empty() && coding.billable) {
        // Under the heading, wrapped: beside it, "Amended after export in batch 1: the next HL7 export ..." was cut
        // at "in bat" at 1024x700 (found from outside).
        ImGui::PushStyleColor(ImGuiCol_Text, ok_colour());
        ImGui::TextWrapped("%s", exported.c_str());
        ImGui::PopStyleColor();
        remember(state, "billing.export_standing");
    } else if (coding.billable) {
        ImGui::SameLine();
        ImGui::TextColored(ok_colour(), "ready%s",
                           coding.infusion_minutes
                               ? (" - SC infusion " + std::to_string(*coding.infusion_minutes) + " min").c_str()
                               : "");
    } else {
        ImGui::SameLine();
        ImGui::TextColored(error_colour(), "held: fix the errors below");
        if (const std::string back = held_reversals(state); !back.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, warning_colour());
            ImGui::TextWrapped("%s", back.c_str());
            ImGui::PopStyleColor();
            remember(state, "billing.held_reversals");
        }
    }
    if (coding.billable) {
        draw_lines(coding.lines);
    } else if (!coding.held_lines.empty()) {
        ImGui::TextColored(muted_colour(), "Once the errors are fixed:");
        draw_lines(coding.held_lines);
    }
    int index = 0;
    for (const auto& p : coding.problems) {
        ImGui::PushID(index++);
        const bool error = p.severity == core::Severity::error;
        const std::string label = std::string(error ? "Error: " : "Check: ") + p.message;
        if (p.field == "lines") {
            // About the lines themselves (an MUE), no field to go to: plain text, not a link that does
            // nothing (found in the real window).
            ImGui::PushStyleColor(ImGuiCol_Text, error ? error_colour() : warning_colour());
            ImGui::TextWrapped("%s", label.c_str());
            ImGui::PopStyleColor();
            remember(state, "problem." + p.code);
            ImGui::PopID();
            continue;
        }
        bool hovered = false;
        if (text_link(label, error ? error_colour() : warning_colour(), &hovered))
            state.visit_screen.focus_field = p.field;
        remember(state, "problem." + p.code);
        if (hovered) ImGui::SetTooltip("click to go to the field (%s)", p.code.c_str());
        ImGui::PopID();
    }
    if (coding.problems.empty()) ImGui::TextColored(ok_colour(), "No problems found.");
}

}  // namespace infusion::ui
