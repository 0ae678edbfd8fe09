// Sections: 1. patient and visit  2. substances  3. notes (signing and amending: sign_section.cpp)
#include "ui/visit_sections.hpp"

#include "core/codes.hpp"
#include "core/field_path.hpp"
#include "core/product_choice.hpp"
#include "core/time_entry.hpp"
#include "platform/glyph_demand.hpp"
#include "ui/billing_panel.hpp"
#include "ui/tab_order.hpp"
#include "ui/time_field.hpp"
#include "ui/widgets.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace infusion::ui {
namespace {

float label_column() { return ImGui::GetFontSize() * 6.5F; }

void section_title(AppState& state, const char* title) {
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.large);
    // Wrapped in a narrow column: at 1024 wide "Notes: monitoring, reactions, site condition, instructions" was
    // cut mid-word at the edge (found from outside).
    ImGui::PushTextWrapPos(0.0F);
    ImGui::TextUnformatted(title);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::Separator();
}

bool text_row(AppState& state, const char* label, std::string& value, const std::string& field, float width = 0.0F) {
    platform::note_text(value);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(label_column());
    focus_if_requested(state, field);
    ImGui::SetNextItemWidth(width > 0.0F ? width : ImGui::GetFontSize() * 16.0F);
    const bool changed = ImGui::InputText(("##" + field).c_str(), &value);
    remember(state, field);
    tab_stop(state, field, true);
    return changed;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : " ") + s;
    return out;
}

std::vector<std::string> split_codes(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text) {
        if (c == ' ' || c == ',' || c == ';') {
            if (!current.empty()) out.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) out.push_back(current);
    return out;
}

std::string colleague_text(const std::string& username, const std::vector<app::Colleague>& nurses) {
    for (const auto& n : nurses) {
        if (n.username == username && !n.display_name.empty()) return username + " (" + n.display_name + ")";
    }
    return username;
}

// "Hand this visit over?" for the colleague picked as Clinician: true when confirmed (the visit's
// clinician is then hers).
bool confirm_handover(AppState& state, core::Visit& v) {
    std::string& to = state.visit_screen.handover_to;
    const char* title = "Hand this visit over?";
    if (!to.empty() && !ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return false;
    bool changed = false;
    ImGui::Text("%s will be the clinician of this visit: only %s can then sign it, or hand it back.", to.c_str(),
                to.c_str());
    if (big_button(state, "Hand over", "handover.confirm", ImGui::GetFontSize() * 9.0F)) {
        v.clinician = to;
        changed = true;
        to.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (big_button(state, "Cancel (Esc)", "handover.cancel", ImGui::GetFontSize() * 9.0F) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        to.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
    return changed;
}

// Who performed the visit, picked from the nurses who sign (a typed name could be nobody's, or pass
// through a colleague's name on its way). Only the clinician hands her visit over; on a colleague's
// draft the row is shown disabled with the reason under it. A database without users has no list:
// the name is typed there.
bool clinician_row(AppState& state, core::Visit& v, bool editable) {
    const auto& nurses = state.editor.nurses();
    if (nurses.empty()) return text_row(state, "Clinician", v.clinician, "visit.clinician");
    const auto& fixed = state.editor.clinician_fixed();
    bool changed = false;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Clinician");
    ImGui::SameLine(label_column());
    focus_if_requested(state, "visit.clinician");
    // As wide as the longest name it can show: "sup.nakamura (Haruto Nakamura, RN)" was cut at 16 ems.
    float widest = 0.0F;
    for (const auto& n : nurses)
        widest = std::max(widest, ImGui::CalcTextSize(colleague_text(n.username, nurses).c_str()).x);
    ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 16.0F,
                                     widest + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2.0F));
    ImGui::BeginDisabled(fixed.has_value());
    const std::string shown = v.clinician.empty() ? std::string("choose") : colleague_text(v.clinician, nurses);
    if (ImGui::BeginCombo("##clinician", shown.c_str())) {
        for (const auto& n : nurses) {
            const std::string item = colleague_text(n.username, nurses);
            if (ImGui::Selectable(item.c_str(), n.username == v.clinician, 0, ImVec2(0, touch_height())) &&
                n.username != v.clinician) {
                // Naming herself needs no question; naming a colleague gives the visit away, which
                // only that colleague can undo: asked first, so one slip of the finger is not that.
                const app::Acting* who = state.editor.acting();
                if (who != nullptr && n.username == who->username()) {
                    v.clinician = n.username;
                    changed = true;
                } else {
                    state.visit_screen.handover_to = n.username;
                }
            }
            remember(state, "clinician.pick." + n.username);
        }
        ImGui::EndCombo();
    }
    remember(state, "visit.clinician");
    tab_stop(state, "visit.clinician", false);
    ImGui::EndDisabled();
    changed |= confirm_handover(state, v);
    // Said under the row (it would not fit beside it), and only where the rest of the visit is editable:
    // a signed visit shown read-only needs no reason for one disabled row.
    if (fixed && editable) {
        ImGui::SetCursorPosX(label_column());
        ImGui::PushTextWrapPos(0.0F);
        ImGui::PushStyleColor(ImGuiCol_Text, muted_colour());
        ImGui::TextUnformatted(fixed->c_str());
        ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
        remember(state, "visit.clinician.fixed");
    }
    return changed;
}

// A new patient's birth date: the banner said "birth date not recorded" and no field took one (found
// from outside). Offered while the visit has none, and while it is being typed; a birth date on record
// comes from the record (a change of it is a rename, asked on New visit). Taken when it reads as a
// date, not after today; anything else stays in the field, in red, not saved.
constexpr const char* birth_date_path = "patient.birth_date";

bool birth_date_offered(const AppState& state, const core::Visit& v) {
    return !v.patient.birth_date || state.visit_screen.time_drafts.count(birth_date_path) != 0;
}

bool birth_date_field(AppState& state, core::Visit& v) {
    constexpr const char* field = birth_date_path;
    auto& screen = state.visit_screen;
    TimeDraft& draft = screen.time_drafts[field];
    ImGui::TextUnformatted("Birth date");
    ImGui::SameLine();
    focus_if_requested(state, field);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0F);
    bool changed = false;
    std::string& message = screen.birth_date_message;
    // All of it selected on a click, as a time field: a click put the caret inside a refused date and the date
    // typed next went into it ("1950-01950-02..."; found from outside).
    if (ImGui::InputTextWithHint("##birth_date", "YYYY-MM-DD", &draft.text, ImGuiInputTextFlags_AutoSelectAll)) {
        message.clear();
        const std::string_view text = core::trim_blanks(draft.text);
        const auto date = core::parse_date(text);
        const auto now = core::wall_time_at(std::chrono::floor<std::chrono::seconds>(state.now()),
                                            core::effective_time_zone(v, state.clinic.settings()));
        const auto today =
            now ? std::optional<std::chrono::year_month_day>(std::chrono::floor<std::chrono::days>(now->local))
                : std::nullopt;
        if (text.empty()) {
            changed = v.patient.birth_date.has_value();
            v.patient.birth_date.reset();
        } else if (!date || !date->ok() || date->year() < std::chrono::year{1900} || (today && *date > *today)) {
            message = "Not saved: YYYY-MM-DD";  // one line, beside the field; the tooltip says the rest
        } else if (v.patient.birth_date != date) {
            v.patient.birth_date = date;
            changed = true;
        }
    }
    remember(state, field);
    tab_stop(state, field, true);
    // Beside the field, in the row's height, as a refused time's reason: under it, the line appeared with the
    // first wrong keystroke and pushed the form down, and the click meant for Diagnoses opened the Clinician
    // list; the diagnosis typed next was lost (found from outside).
    if (!message.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(error_colour(), "%s", message.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Write the birth date as YYYY-MM-DD, not after today");
        remember(state, std::string(field) + ".message");
    }
    return changed;
}

}  // namespace

// ---- 1. patient and visit ----------------------------------------------------------------------
bool draw_patient_section(AppState& state, bool editable) {
    core::Visit& v = state.editor.visit();
    bool changed = false;
    ImGui::BeginDisabled(!editable);
    // The birth date field, when offered, shares the allergies' row: a row more pushed a refused stop's
    // reason below the fold at 1280x800.
    const bool birth_date = editable && birth_date_offered(state, v);
    const float em = ImGui::GetFontSize();
    float allergies_width = em * 24.0F;
    if (birth_date) {
        // Room kept on the row for the birth date and its refusal: at 1024x700 "Not saved: YYYY-MM-DD" was cut to
        // "Nc" at the column's edge (found from outside).
        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        const float reserved = ImGui::CalcTextSize("Birth date").x + em * 7.0F +
                               ImGui::CalcTextSize("Not saved: YYYY-MM-DD").x + spacing * 4.0F;
        allergies_width =
            std::clamp(ImGui::GetContentRegionAvail().x - label_column() - reserved, em * 6.0F, em * 14.0F);
    }
    changed |= text_row(state, "Allergies", v.patient.allergies, "patient.allergies", allergies_width);
    if (birth_date) {
        ImGui::SameLine();
        changed |= birth_date_field(state, v);
    }
    changed |= clinician_row(state, v, editable);
    // Diagnoses as a space-separated list: "D80.1 E86.0".
    std::string& dx = state.visit_screen.time_drafts["visit.diagnoses"].text;
    if (!state.visit_screen.time_drafts["visit.diagnoses"].editing) dx = join(v.diagnoses);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Diagnoses");
    ImGui::SameLine(label_column());
    focus_if_requested(state, "visit.diagnoses");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16.0F);
    // ICD-10-CM has no lower case: "e11.9" typed is E11.9 on screen, as it will be stored.
    if (ImGui::InputTextWithHint("##dx", "ICD-10-CM, e.g. D80.1", &dx, ImGuiInputTextFlags_CharsUppercase)) {
        v.diagnoses = split_codes(dx);
        changed = true;
    }
    state.visit_screen.time_drafts["visit.diagnoses"].editing = ImGui::IsItemActive();
    remember(state, "visit.diagnoses");
    tab_stop(state, "visit.diagnoses", true);
    ImGui::EndDisabled();
    return changed;
}

// ---- 2. substances -----------------------------------------------------------------------------
bool draw_substance_section(AppState& state, bool editable) {
    core::Visit& v = state.editor.visit();
    bool changed = false;
    section_title(state, "Substance");
    if (const auto& copied = state.editor.copied_from(); copied && editable) {
        // Last visit's product, dose and NDC are a guess for today's (found from outside: nothing said
        // they were copied, and a nurse could sign last time's dose without reading it).
        const std::string when = copied->date ? " (" + core::format_date(*copied->date) + ")" : std::string{};
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(warning_colour(),
                           "Copied from visit %lld%s: substance, dose, NDC, diagnoses and pump. Check each against "
                           "today's order.",
                           static_cast<long long>(copied->visit), when.c_str());
        ImGui::PopTextWrapPos();
        remember(state, "substances.copied");
    }
    ImGui::BeginDisabled(!editable);
    std::optional<std::size_t> remove;
    for (std::size_t i = 0; i < v.substances.size(); ++i) {
        core::Substance& s = v.substances[i];
        const std::string base = core::path::substance(i);
        ImGui::PushID(base.c_str());
        // Two or more substances are numbered, as the problems name them ("Substance 2 has no name"), and
        // each can be removed: a stray scan of an unknown product added one that nothing could take away,
        // and the visit could never be signed (found from outside).
        if (v.substances.size() > 1) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextColored(muted_colour(), "Substance %zu", i + 1);
            if (editable) {
                ImGui::SameLine();
                if (ImGui::Button("Remove substance")) remove = i;
                remember(state, base + ".remove");
            }
        }
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Product");
        ImGui::SameLine(label_column());
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12.0F);
        if (ImGui::BeginCombo("##product", s.name.empty() ? "choose" : s.name.c_str())) {
            for (const auto& product : state.clinic.substances().substances) {
                if (ImGui::Selectable(product.name.c_str(), core::iequals(product.name, s.name), 0,
                                      ImVec2(0, touch_height()))) {
                    if (s.dose && !s.name.empty() && !core::iequals(product.name, s.name))
                        state.visit_screen.dose_of_other_product[i] = s.name;
                    core::name_product(s, product.name, state.clinic.substances());
                    if (!s.unit)
                        s.unit = product.category == core::SubstanceCategory::hydration ? core::DoseUnit::mL
                                                                                        : core::DoseUnit::g;
                    changed = true;
                }
                remember(state, "pick." + product.name);
            }
            ImGui::EndCombo();
        }
        remember(state, base + ".name");
        tab_stop(state, base + ".name", false);
        // Free entry stays possible for what the catalog lacks; it yields no drug line, with a warning.
        ImGui::SameLine();
        // "Go to the field" for a missing product lands here, in a field that takes typing: on the drop-down, what
        // the nurse typed next was lost (found from outside). A name typed as the list spells it is the product.
        focus_if_requested(state, base + ".name");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.0F);
        std::string typed = s.name;
        if (ImGui::InputTextWithHint("##free", "or type another", &typed)) {
            // Typed over as chosen from the list: the dose was entered for the product before (found from outside:
            // only the list said so). The first name stays the one named; typing it back takes the notice away.
            auto& other = state.visit_screen.dose_of_other_product;
            if (s.dose && !s.name.empty() && !other.count(i)) other[i] = s.name;
            if (const auto was = other.find(i); was != other.end() && core::iequals(was->second, typed))
                other.erase(was);
            core::name_product(s, typed, state.clinic.substances());
            changed = true;
        }
        remember(state, base + ".free");
        tab_stop(state, base + ".free", true);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Dose");
        ImGui::SameLine(label_column());
        focus_if_requested(state, base + ".dose");
        std::optional<double> dose = s.dose;
        if (amount_field("##dose", dose, ImGui::GetFontSize() * 6.0F)) {
            s.dose = dose && *dose > 0.0 ? dose : std::nullopt;
            changed = true;
            state.visit_screen.dose_of_other_product.erase(i);
        }
        remember(state, base + ".dose");
        tab_stop(state, base + ".dose", true);
        ImGui::SameLine();
        for (auto unit : {core::DoseUnit::g, core::DoseUnit::mg, core::DoseUnit::mL, core::DoseUnit::units}) {
            if (ImGui::RadioButton(core::to_string(unit), s.unit == unit)) {
                s.unit = unit;
                changed = true;
                state.visit_screen.dose_of_other_product.erase(i);
            }
            remember(state, base + ".unit." + core::to_string(unit));
            // A radio group is one Tab stop (the chosen unit, else g); arrows move between its choices.
            if (s.unit.value_or(core::DoseUnit::g) == unit) tab_stop(state, base + ".unit", false);
            ImGui::SameLine();
        }
        ImGui::NewLine();
        if (const auto other = state.visit_screen.dose_of_other_product.find(i);
            other != state.visit_screen.dose_of_other_product.end() && s.dose) {
            ImGui::PushTextWrapPos(0.0F);
            ImGui::TextColored(warning_colour(), "This dose was entered for %s: check it against today's order for %s.",
                               other->second.c_str(), s.name.c_str());
            ImGui::PopTextWrapPos();
            remember(state, base + ".dose_of_other_product");
        }
        changed |= text_row(state, "NDC", s.ndc, base + ".ndc", ImGui::GetFontSize() * 9.0F);
        ImGui::SameLine();
        ImGui::TextUnformatted("Lot");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0F);
        changed |= ImGui::InputText("##lot", &s.lot);
        remember(state, base + ".lot");
        tab_stop(state, base + ".lot", true);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Discarded");
        ImGui::SameLine(label_column());
        focus_if_requested(state, base + ".wasted");
        std::optional<double> wasted = s.wasted;
        if (amount_field("##wasted", wasted, ImGui::GetFontSize() * 6.0F)) {
            s.wasted = wasted;
            changed = true;
        }
        remember(state, base + ".wasted");
        tab_stop(state, base + ".wasted", true);
        ImGui::SameLine();
        ImGui::TextColored(muted_colour(), "%s left in the vial and thrown away (JW/JZ)",
                           s.unit ? core::to_string(*s.unit) : "");
        ImGui::PopID();
    }
    if (remove) {
        state.visit_screen.dose_of_other_product.clear();  // the indices move
        v.substances.erase(v.substances.begin() + static_cast<std::ptrdiff_t>(*remove));
        changed = true;
    }
    ImGui::EndDisabled();
    return changed;
}

// ---- 3. notes ----------------------------------------------------------------------------------
namespace {

// "Reaction note removed (Swelling 3 cm at the left ...)."
std::string removed_note_text(const core::Note& note) {
    constexpr std::size_t shown = 40;
    std::string words(core::trim_blanks(note.text));
    for (auto& c : words) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    if (words.size() > shown) {
        std::size_t cut = shown;
        while (cut > 0 && (static_cast<unsigned char>(words[cut]) & 0xC0U) == 0x80U) --cut;  // not inside a letter
        words = words.substr(0, cut) + "...";
    }
    std::string kind = core::to_string(note.kind);
    if (!kind.empty()) kind[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(kind[0])));
    return kind + " note removed" + (words.empty() ? std::string(".") : " (" + words + ").");
}

// The first note with no text (blanks only), which is written before another is added and holds signing.
std::optional<std::size_t> first_empty_note(const core::Visit& v) {
    for (std::size_t i = 0; i < v.notes.size(); ++i) {
        if (core::trim_blanks(v.notes[i].text).empty()) return i;
    }
    return std::nullopt;
}

}  // namespace

bool draw_notes_section(AppState& state, bool editable) {
    core::Visit& v = state.editor.visit();
    const std::string zone = core::effective_time_zone(v, state.clinic.settings());
    bool changed = false;
    section_title(state, "Notes: monitoring, reactions, site condition, instructions");
    ImGui::BeginDisabled(!editable);
    const char* kinds[] = {"general", "monitoring", "reaction", "site-condition", "instructions"};
    std::optional<std::size_t> remove;
    for (std::size_t i = 0; i < v.notes.size(); ++i) {
        core::Note& n = v.notes[i];
        const std::string base = core::path::note(i);
        ImGui::PushID(base.c_str());
        changed |= time_field(state, "At", n.at, base + ".at", zone);
        // The kind and Remove on a line of their own: beside the time, a refused time's reason pushed them
        // past the column's edge, out of reach (found from outside).
        int kind = static_cast<int>(n.kind);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.0F);  // "site-condition" whole, with its arrow
        if (ImGui::Combo("##kind", &kind, kinds, 5)) {
            n.kind = static_cast<core::NoteKind>(kind);
            changed = true;
        }
        remember(state, base + ".kind");
        tab_stop(state, base + ".kind", false);
        if (editable) {
            ImGui::SameLine();
            if (ImGui::Button("Remove")) remove = i;
            remember(state, base + ".remove");
            tab_stop(state, base + ".remove", false);
        }
        focus_if_requested(state, base + ".text");
        changed |= wrapped_text_box("##text", n.text, ImVec2(-1.0F, ImGui::GetTextLineHeight() * 3.6F));
        remember(state, base + ".text");
        tab_stop(state, base + ".text", true);
        ImGui::PopID();
    }
    auto& removed = state.visit_screen.removed_note;
    if (remove) {
        settle_clicks(state);
        removed = RemovedNote{*remove, v.notes[*remove]};
        v.notes.erase(v.notes.begin() + static_cast<std::ptrdiff_t>(*remove));
        forget_time_drafts(state, "notes[");
        changed = true;
    }
    if (editable && removed) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(warning_colour(), "%s", removed_note_text(removed->note).c_str());
        remember(state, "note.removed");
        ImGui::SameLine();
        if (big_button(state, "Undo##note", "note.undo_remove", ImGui::GetFontSize() * 5.0F)) {
            settle_clicks(state);
            const auto at = std::min(removed->position, v.notes.size());
            v.notes.insert(v.notes.begin() + static_cast<std::ptrdiff_t>(at), removed->note);
            removed.reset();
            forget_time_drafts(state, "notes[");
            changed = true;
        }
    }
    const auto add = [&](core::NoteKind kind, const char* label, const char* name) {
        if (big_button(state, label, name)) {
            settle_clicks(state);
            // A note with no text yet is written first: a Tab out of a note lands on these buttons, and
            // each space typed there added an empty note while the words were lost (the real window).
            if (const auto empty = first_empty_note(v)) {
                state.visit_screen.focus_field = core::path::note(*empty) + ".text";
                ImGui::SameLine();
                return;
            }
            core::Note note;
            note.kind = kind;
            note.at = core::wall_time_at(state.now(), zone);
            if (note.at) note.at->local = std::chrono::floor<std::chrono::minutes>(note.at->local);
            v.notes.push_back(note);
            // Its text takes the keyboard: words typed after the click went nowhere, and the note was saved
            // empty (found from outside).
            state.visit_screen.focus_field = core::path::note(v.notes.size() - 1) + ".text";
            changed = true;
        }
        ImGui::SameLine();
    };
    if (editable) {
        add(core::NoteKind::monitoring, "+ Site check", "note.add.monitoring");
        add(core::NoteKind::reaction, "+ Reaction", "note.add.reaction");
        add(core::NoteKind::site_condition, "+ Site condition", "note.add.site");
        add(core::NoteKind::instructions, "+ Instructions", "note.add.instructions");
        ImGui::NewLine();
    }
    ImGui::EndDisabled();
    return changed;
}

}  // namespace infusion::ui
