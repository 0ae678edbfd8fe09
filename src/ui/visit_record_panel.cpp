// Sections: 1. small readers  2. patient and substances  3. set-ups  4. notes, billing, revisions
#include "ui/visit_record_panel.hpp"

#include "core/drug_lines.hpp"
#include "ui/review_common.hpp"
#include "ui/time_field.hpp"
#include "ui/widgets.hpp"

#include <cstdio>

namespace infusion::ui {
namespace {

// ---- 1. small readers --------------------------------------------------------------------------
constexpr ImGuiTableFlags table_flags =
    ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;

void heading(AppState& state, const char* title) {
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.large);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    ImGui::Separator();
}

// A checklist answer: what was not documented is as visible as what went wrong.
void yes_no(const std::optional<bool>& value) {
    if (!value) {
        coloured_wrapped_text(warning_colour(), "not documented");
    } else if (*value) {
        coloured_wrapped_text(ok_colour(), "yes");
    } else {
        coloured_wrapped_text(error_colour(), "no");
    }
}

void aspiration(const std::optional<core::Aspiration>& value) {
    if (!value) {
        coloured_wrapped_text(warning_colour(), "not documented");
        return;
    }
    switch (*value) {
        case core::Aspiration::no_blood: coloured_wrapped_text(ok_colour(), "no blood"); break;
        case core::Aspiration::blood: coloured_wrapped_text(error_colour(), "blood: removed"); break;
        case core::Aspiration::not_checked: coloured_wrapped_text(warning_colour(), "not checked"); break;
    }
}

// With the zone's name: a reviewer may sit in another zone than the clinic's.
std::string time_text(const AppState& state, const std::optional<core::WallTime>& t) {
    return t ? time_with_zone(*t, state.clinic.settings().time_zone) : "-";
}

void label_value(AppState& state, const char* label, const std::string& value, const char* when_empty = "-") {
    ImGui::TextColored(muted_colour(), "%s", label);
    ImGui::SameLine(ImGui::GetFontSize() * 6.5F);
    ImGui::TextWrapped("%s", value.empty() ? when_empty : value.c_str());
    remember(state, std::string("review.patient.") + label);
}

// ---- 2. patient and substances -----------------------------------------------------------------
void patient(AppState& state, const core::Visit& v) {
    ImGui::PushFont(state.fonts.large);
    ImGui::TextWrapped("%s  %s", v.patient.name.empty() ? "(no name)" : v.patient.name.c_str(), v.patient.id.c_str());
    ImGui::PopFont();
    label_value(state, "Born", v.patient.birth_date ? core::format_date(*v.patient.birth_date) : "");
    // In the banner's words: "-" read as "none" to a supervisor, where nothing was documented at all.
    label_value(state, "Allergies", v.patient.allergies, "none documented");
    label_value(state, "Clinician", v.clinician);
    std::string dx;
    for (const auto& d : v.diagnoses) dx += (dx.empty() ? "" : "  ") + d;
    label_value(state, "Diagnoses", dx);
}

// As wrapped lines, not a table: beside the body map the column is narrow, and an NDC cut off is
// worse than one on the next line.
void substances(AppState& state, const core::Visit& v) {
    heading(state, "Substance");
    if (v.substances.empty()) ImGui::TextColored(warning_colour(), "None documented");
    for (const auto& s : v.substances) {
        const char* unit = s.unit ? core::to_string(*s.unit) : "";
        if (s.dose) {
            ImGui::Text("%s  %s %s", s.name.empty() ? "-" : s.name.c_str(), core::amount_text(*s.dose).c_str(), unit);
        } else {
            ImGui::Text("%s", s.name.empty() ? "-" : s.name.c_str());
            ImGui::SameLine();
            ImGui::TextColored(warning_colour(), "no dose");
        }
        std::string detail = "NDC " + (s.ndc.empty() ? std::string("-") : s.ndc);
        if (s.wasted) {
            char wasted[64];
            std::snprintf(wasted, sizeof wasted, "  discarded %s %s", core::amount_text(*s.wasted).c_str(), unit);
            detail += wasted;
        }
        ImGui::PushStyleColor(ImGuiCol_Text, muted_colour());
        ImGui::TextWrapped("%s", detail.c_str());
        ImGui::PopStyleColor();
        if (s.lot.empty()) {
            ImGui::TextColored(warning_colour(), "lot not documented");
        } else {
            ImGui::TextColored(muted_colour(), "lot %s", s.lot.c_str());
        }
    }
}

// ---- 3. set-ups --------------------------------------------------------------------------------
void setup(AppState& state, const core::PumpSetup& p, std::size_t index) {
    ImGui::PushID(static_cast<int>(index));
    ImGui::Spacing();
    ImGui::Text("Pump set-up %zu: %s", index + 1, p.pump.empty() ? "(no pump)" : p.pump.c_str());
    flowing_parts({"set up " + time_text(state, p.set_up_at), "start " + time_text(state, p.start),
                   "stop " + time_text(state, p.stop)},
                  muted_colour());
    remember(state, "review.setup" + std::to_string(index + 1) + ".times");  // the last part: the stop
    for (const auto& pause : p.pauses) {
        ImGui::TextColored(muted_colour(), "paused %s to %s: %s", time_text(state, pause.start).c_str(),
                           time_text(state, pause.stop).c_str(), pause.reason.c_str());
    }
    if (ImGui::BeginTable("needles", 5, table_flags)) {
        ImGui::TableSetupColumn("Site", ImGuiTableColumnFlags_WidthStretch, 1.5F);
        ImGui::TableSetupColumn("Needle", ImGuiTableColumnFlags_WidthStretch, 0.8F);
        ImGui::TableSetupColumn("Prep", ImGuiTableColumnFlags_WidthStretch, 1.05F);
        ImGui::TableSetupColumn("Aspiration", ImGuiTableColumnFlags_WidthStretch, 1.1F);
        ImGui::TableSetupColumn("Secured", ImGuiTableColumnFlags_WidthStretch, 1.05F);
        ImGui::TableHeadersRow();
        for (std::size_t s = 0; s < p.sites.size(); ++s) {
            const core::Site& site = p.sites[s];
            const core::CatalogSite* known = state.clinic.sites().find(site.location);
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            // Wrapped in their columns: a narrow panel cut "24G SC cannula" to "24G SC cann" (found from outside).
            ImGui::TextWrapped("%zu. %s", s + 1, known != nullptr ? known->name.c_str() : site.location.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextWrapped("%s", site.needle.c_str());
            ImGui::TableSetColumnIndex(2);
            yes_no(site.prepped);
            ImGui::TableSetColumnIndex(3);
            aspiration(site.aspiration);
            ImGui::TableSetColumnIndex(4);
            if (!site.usable() && !site.secured) {
                ImGui::TextColored(muted_colour(), "-");  // removed at once: nothing to secure
            } else {
                yes_no(site.secured);
            }
        }
        ImGui::EndTable();
    }
    if (p.sites.empty()) ImGui::TextColored(warning_colour(), "No needle documented");
    ImGui::PopID();
}

// ---- 4. notes, billing, revisions --------------------------------------------------------------
void notes(AppState& state, const core::Visit& v) {
    heading(state, "Notes");
    if (v.notes.empty()) ImGui::TextColored(muted_colour(), "No notes");
    for (const auto& n : v.notes) {
        const bool problem = n.kind == core::NoteKind::reaction || n.kind == core::NoteKind::site_condition;
        ImGui::TextColored(problem ? error_colour() : muted_colour(), "%s  %s", time_text(state, n.at).c_str(),
                           core::to_string(n.kind));
        ImGui::Indent();
        ImGui::TextWrapped("%s", n.text.c_str());
        ImGui::Unindent();
    }
}

void billing(AppState& state, const storage::Revision& revision, bool correction_open) {
    heading(state, "Billing, as signed");
    if (!revision.coding) {
        ImGui::TextColored(muted_colour(), "Not signed: no lines yet");
        return;
    }
    const storage::SignedCoding& c = *revision.coding;
    if (c.billable && correction_open) {
        // The biller's worklist holds it from the request on: "ready" here said otherwise (found from outside).
        ImGui::TextColored(error_colour(), "held: a correction was requested; the lines wait for the amendment");
        remember(state, "review.billing_held");
        ImGui::TextColored(muted_colour(), "as signed: SC infusion %d min (rules %s)", c.infusion_minutes.value_or(0),
                           c.rules_version.c_str());
    } else if (c.billable) {
        ImGui::TextColored(ok_colour(), "ready, SC infusion %d min (rules %s)", c.infusion_minutes.value_or(0),
                           c.rules_version.c_str());
    } else {
        ImGui::TextColored(error_colour(), "held (rules %s)", c.rules_version.c_str());
    }
    if (!c.lines.empty() && ImGui::BeginTable("lines", 3, table_flags)) {
        ImGui::TableSetupColumn("Code", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0F);
        ImGui::TableSetupColumn("Units", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 3.0F);
        ImGui::TableSetupColumn("Why", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const auto& line : c.lines) {
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
    for (const auto& p : c.problems) {
        const bool error = p.severity == core::Severity::error;
        ImGui::PushStyleColor(ImGuiCol_Text, error ? error_colour() : warning_colour());
        ImGui::TextWrapped("%s %s", error ? "Error:" : "Check:", p.message.c_str());
        ImGui::PopStyleColor();
    }
}

void revisions(AppState& state, const storage::StoredVisit& visit,
               const std::vector<storage::Countersignature>& countersignatures) {
    heading(state, "Signatures and amendments");
    for (const auto& r : visit.revisions) {
        const std::string what = r.number == 0 ? "Original" : "Amendment " + std::to_string(r.number);
        // Wrapped: at 1024 wide "... at 2026-11-26 14:37 EST" lost its zone at the panel's edge (found from outside).
        if (r.sealed) {
            ImGui::TextWrapped("%s: signed by %s at %s", what.c_str(), r.signed_by.c_str(),
                               clinic_stamp(state, r.signed_at).c_str());
        } else {
            coloured_wrapped_text(warning_colour(), (what + ": not signed (by " + r.author + ")").c_str());
        }
        ImGui::Indent();
        if (!r.reason.empty()) ImGui::TextWrapped("Why: %s", r.reason.c_str());
        // Each revision's countersignature under it (its comment is in the review panel's history): the
        // list named none, so which revision a supervisor had read was said only in the header (found from
        // outside).
        for (const auto& c : countersignatures) {
            if (c.revision != r.number) continue;
            coloured_wrapped_text(ok_colour(),
                                  ("Countersigned by " + c.supervisor + " at " + clinic_stamp(state, c.at)).c_str());
            remember(state, "record.countersignature." + std::to_string(r.number));
        }
        ImGui::Unindent();
    }
}

}  // namespace

std::vector<std::tuple<std::string, int, bool>> needles_of(const storage::Revision& revision) {
    std::vector<std::tuple<std::string, int, bool>> out;
    const auto& setups = revision.content.pump_setups;
    for (std::size_t i = 0; i < setups.size(); ++i) {
        for (const auto& site : setups[i].sites)
            out.emplace_back(site.location, static_cast<int>(i + 1), site.usable());
    }
    return out;
}

void draw_visit_patient(AppState& state, const storage::Revision& revision) {
    patient(state, revision.content);
    substances(state, revision.content);
}

void draw_visit_record(AppState& state, const storage::StoredVisit& visit, const storage::Revision& revision,
                       const std::vector<storage::Countersignature>& countersignatures, bool correction_open) {
    const core::Visit& v = revision.content;
    heading(state, "Pump set-ups and needles");
    for (std::size_t i = 0; i < v.pump_setups.size(); ++i) setup(state, v.pump_setups[i], i);
    notes(state, v);
    // An open request holds the current revision's lines; an earlier revision shown is as it was.
    billing(state, revision, correction_open && revision.number == visit.current().number);
    revisions(state, visit, countersignatures);
}

}  // namespace infusion::ui
