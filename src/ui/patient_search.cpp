// Today's patient search and the New visit window it opens (split from today_screen.cpp: the list of the
// day is one job, finding a patient and starting or reopening a visit for her another).
// Sections: 1. the search  2. what New visit offers  3. New visit
#include "ui/patient_search.hpp"

#include "app/patient_names.hpp"

#include "platform/glyph_demand.hpp"

#include "core/catalog.hpp"
#include "core/codes.hpp"
#include "ui/widgets.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>

namespace infusion::ui {

// ---- 1. the search ----------------------------------------------------------------------------
void draw_patient_search(AppState& state) {
    auto& t = state.today;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18.0F);
    // Enter picks the first match, as a click on it does: the matches were out of the keyboard's reach (Tab
    // left the field for nothing, found in the real window).
    const bool entered = ImGui::InputTextWithHint("##search", "Find a patient: id or name", &t.search,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
    remember(state, "search");
    if (t.search != t.searched) {
        t.searched = t.search;
        t.matches.clear();
        if (t.search.size() >= 2) {
            if (auto found = state.clinic.visits().find_patients(state.who(), t.search, 12)) t.matches = found.value();
        }
    }
    if (t.matches.empty() && t.search.size() >= 2) {
        // Enter starts the new patient's visit: the keyboard could not reach "+ New visit" from here (found from
        // outside).
        const bool documents = !app::documenting_refusal(state.who());
        ImGui::TextColored(muted_colour(), "No patient's id or name contains \"%s\".%s", t.search.c_str(),
                           documents ? " Enter: a new visit for a new patient." : "");
        remember(state, "search.none");
        if (entered && documents) open_new_visit_from_search(state);
    }
    for (const auto& p : t.matches) {
        ImGui::PushID(p.patient_id.c_str());
        const bool first = &p == &t.matches.front();
        platform::note_text(p.name);
        // With the birth date: six "Linh"s could not be told apart (found from outside).
        const std::string label = p.patient_id + "  " + p.name +
                                  (p.birth_date ? "  born " + core::format_date(*p.birth_date) : "") +
                                  (p.last_visit ? "  (last visit " + core::format_date(*p.last_visit) + ")" : "") +
                                  (first ? "   (Enter)" : "");
        if (ImGui::Selectable(label.c_str(), false, 0, ImVec2(0, touch_height())) || (first && entered)) {
            if (app::documenting_refusal(state.who())) {
                // A supervisor who does not document finds a patient to see where their needles went.
                state.open_site_history(p.patient_id, p.name);
            } else {
                t.new_patient_id = p.patient_id;
                t.new_patient_name = p.name;
                t.filled_name = p.name;
                t.looked_up_id.clear();  // looked up again: a draft may have been begun or signed since
                t.open_new_visit = true;
            }
        }
        remember(state, "match." + p.patient_id);
        ImGui::PopID();
    }
}

void open_new_visit_from_search(AppState& state) {
    auto& t = state.today;
    t.new_patient_id.clear();
    t.new_patient_name.clear();
    t.filled_name.clear();
    t.open_drafts_of_patient.clear();  // another patient's drafts were offered (found from outside)
    t.signed_visits_of_patient.clear();
    t.looked_up_id.clear();
    t.name_on_record.reset();
    t.rename_confirmed = false;
    // A search that found nobody is the new patient: an id (it has a digit) or a name, carried over rather than
    // typed again (found from outside).
    if (const std::string searched(core::trim_blanks(t.search)); t.matches.empty() && searched.size() >= 2) {
        const bool id_like =
            std::any_of(searched.begin(), searched.end(), [](unsigned char c) { return std::isdigit(c); });
        (id_like ? t.new_patient_id : t.new_patient_name) = searched;
    }
    t.open_new_visit = true;
}

namespace {

// ---- 2. what New visit offers ---------------------------------------------------------------------
// How many of a patient's drafts New visit offers to open (newest first), and of her signed visits.
constexpr std::size_t drafts_offered = 3;
constexpr std::size_t signed_offered = 3;

// An id typed for a patient on record under another name: a mistyped id would rename that patient on
// every list, the review queue and a payer's cover page, while the signed records keep the old name
// (found from outside). Says so, offers the name on record, and asks the nurse to confirm a real change
// of name. Fills the name when none is typed yet. True while the typed name differs from the record's.
bool renames_the_patient(AppState& state) {
    auto& t = state.today;
    const std::string id{core::trim_blanks(t.new_patient_id)};
    if (id != t.looked_up_id) {
        t.looked_up_id = id;
        // A name the form filled in belongs to the id it was filled for: one Backspace in the id kept
        // "Moreau, Marco" and made a second patient of that name, without his allergies (found from
        // outside). A name the nurse typed herself stays.
        if (!t.filled_name.empty() && t.new_patient_name == t.filled_name) t.new_patient_name.clear();
        t.filled_name.clear();
        t.name_on_record.reset();
        t.rename_confirmed = false;
        t.open_drafts_of_patient.clear();
        t.signed_visits_of_patient.clear();
        t.id_on_record.clear();
        if (!id.empty()) {
            std::string record_id = id;
            std::optional<std::string> record_name;
            if (auto found = state.clinic.visits().find_patients(state.who(), id, 20)) {
                bool exact = false;
                for (const auto& p : found.value()) {
                    if (p.patient_id == id) {
                        exact = true;
                        record_name = p.name;
                    }
                }
                for (const auto& p : found.value()) {
                    if (exact || !core::iequals(p.patient_id, id)) continue;
                    t.id_on_record = record_id = p.patient_id;
                    record_name = p.name;
                }
            }
            storage::VisitFilter drafts;
            drafts.patient_id = record_id;
            drafts.status = storage::VisitStatus::draft;
            drafts.limit = static_cast<int>(drafts_offered) + 1;  // one more than shown: "and more" is said, not hidden
            if (auto page = state.clinic.visits().list(state.who(), drafts))
                t.open_drafts_of_patient = page.value().rows;
            // The newest visits whatever their state, drafts left out: a nurse had no way back to her
            // signed visit of yesterday to amend it (found from outside), and New visit said nothing of
            // one signed today.
            storage::VisitFilter recent;
            recent.patient_id = record_id;
            recent.limit = static_cast<int>(drafts_offered + signed_offered) + 1;
            if (auto page = state.clinic.visits().list(state.who(), recent)) {
                for (const auto& v : page.value().rows) {
                    if (v.status != storage::VisitStatus::draft && t.signed_visits_of_patient.size() < signed_offered)
                        t.signed_visits_of_patient.push_back(v);
                }
            }
            t.name_on_record = record_name;
            if (t.name_on_record && core::trim_blanks(t.new_patient_name).empty()) {
                t.new_patient_name = *t.name_on_record;
                t.filled_name = *t.name_on_record;
            }
        }
    }
    if (!t.name_on_record || t.name_on_record->empty()) return false;
    const std::string typed{core::trim_blanks(t.new_patient_name)};
    // The nurse's word is for the name she confirmed: it stood for the next name typed (found from outside).
    if (t.rename_confirmed && typed != t.rename_confirmed_for) t.rename_confirmed = false;
    if (typed.empty() || typed == *t.name_on_record) return false;
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0F);
    ImGui::TextColored(warning_colour(),
                       "%s is %s on record. Check the id: this visit would rename the patient to %s on every list.",
                       id.c_str(), t.name_on_record->c_str(), typed.c_str());
    ImGui::PopTextWrapPos();
    remember(state, "new.other_name");
    if (ImGui::Button(("Use " + *t.name_on_record).c_str())) {
        t.new_patient_name = *t.name_on_record;
        // The window shrinks and her drafts' "Open visit" can come under the pointer (found from outside).
        settle_clicks(state);
    }
    remember(state, "new.use_record_name");
    if (ImGui::Checkbox("The patient's name changed: rename", &t.rename_confirmed)) t.rename_confirmed_for = typed;
    remember(state, "new.rename");
    return true;
}

// A new id typed with the name of a patient on record under another id, or a known id renamed to it: most often the
// id is mistyped, and the visit would make a second patient of that name, without the allergies and site history
// on record (found from outside). Looked up when the id or name changes. True while the nurse has not said this is
// another person.
bool same_name_unconfirmed(AppState& state) {
    auto& t = state.today;
    const std::string id{core::trim_blanks(t.new_patient_id)};
    const std::string name{core::trim_blanks(t.new_patient_name)};
    // Whether the id is on record is known once renames_the_patient() has looked it up (drawn after this line): until
    // then (one frame), nothing is said and Start waits.
    if (id != t.looked_up_id) {
        t.same_name_key.clear();
        t.same_name.clear();
        return true;
    }
    // A new id, or a known one renamed to this name ("The patient's name changed: rename" gave another patient's
    // name to MRN-900005 without a word, found from outside). Not the name on record itself.
    const bool other_than_record = !t.name_on_record || core::trim_blanks(*t.name_on_record) != name;
    const std::string key = !id.empty() && other_than_record && name.size() >= 2 ? id + '\x1f' + name : std::string();
    if (key != t.same_name_key) {
        t.same_name_key = key;
        t.same_name.clear();
        t.same_name_confirmed = false;
        // By the name's words, whatever their order, spacing, punctuation, case and accents: "Martínez,  Luis"
        // (two spaces), "Luis Martinez" and "MARTINEZ,LUIS" passed an exact comparison (found from outside).
        if (!key.empty()) {
            if (auto found = state.clinic.visits().namesakes(state.who(), core::Patient{id, name, std::nullopt, {}})) {
                t.same_name = std::move(found.value());
            }
        }
    }
    return !t.same_name.empty() && !t.same_name_confirmed;
}

// Says who has the name, each with "Use <id>"; two people can share a name, so the nurse may say so and go on.
// Below the buttons: above them it appeared as the name's last letter was typed and pushed Start down under the
// pointer, onto "Use <id>".
void draw_same_name(AppState& state) {
    auto& t = state.today;
    if (t.same_name.empty()) return;
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0F);
    const bool known_id = t.name_on_record.has_value();
    ImGui::TextColored(
        warning_colour(), "%s is on record under %s. %s", t.same_name.front().name.c_str(),
        t.same_name.size() == 1 ? "another id" : (std::to_string(t.same_name.size()) + " other ids").c_str(),
        known_id ? "Check the id: renaming this patient makes two patients of that name."
                 : "Check the id: a new id makes another patient of that name, without the allergies and site "
                   "history on record.");
    ImGui::PopTextWrapPos();
    remember(state, "new.same_name");
    // Two at most: with more, the window ran past the bottom of a 1024x700 screen (found from outside). The rest are
    // found by Today's search, which shows each one's birth date.
    constexpr std::size_t offered = 2;
    for (std::size_t i = 0; i < t.same_name.size() && i < offered; ++i) {
        const auto& p = t.same_name[i];
        const std::string label = "Use " + p.patient_id +
                                  (p.birth_date ? " (born " + core::format_date(*p.birth_date) + ")" : std::string()) +
                                  (p.last_visit ? ", last visit " + core::format_date(*p.last_visit) : std::string());
        ImGui::PushID(static_cast<int>(i));
        const bool use = ImGui::Button(label.c_str());
        ImGui::PopID();
        remember(state, "new.same_name.use." + p.patient_id);
        if (use) {
            t.new_patient_id = p.patient_id;
            t.new_patient_name = p.name;
            t.filled_name = p.name;
            // Her drafts may be offered above the buttons now, moving Cancel under the pointer: a second click
            // of the same gesture cancelled the window (found from outside).
            settle_clicks(state);
            break;  // the list is looked up again for the id now typed
        }
    }
    if (t.same_name.size() > offered) {
        ImGui::TextColored(muted_colour(), "... and %zu more: Today's search finds them, with their birth dates.",
                           t.same_name.size() - offered);
        remember(state, "new.same_name.more");
    }
    ImGui::Checkbox(known_id ? "Another person of the same name: rename all the same"
                             : "Another person of the same name: a new patient",
                    &t.same_name_confirmed);
    remember(state, "new.same_name.confirm");
}

// The typed id's drafts, each with a button that opens it instead of a second visit (true: one was opened).
// `enter`: Enter was pressed in the window; it opens the first draft offered, the one most likely meant (Enter
// twice on a searched patient started a second draft beside hers, found from outside).
bool offer_open_drafts(AppState& state, bool enter) {
    const auto& drafts = state.today.open_drafts_of_patient;
    if (drafts.empty()) return false;
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0F);
    ImGui::TextColored(warning_colour(),
                       "%s already has %s begun. Open %s to go on documenting:", drafts.front().patient_name.c_str(),
                       drafts.size() == 1 ? "a draft" : "drafts", drafts.size() == 1 ? "it" : "one");
    ImGui::PopTextWrapPos();
    remember(state, "new.has_drafts");
    for (std::size_t i = 0; i < drafts.size() && i < drafts_offered; ++i) {
        const auto& d = drafts[i];
        const std::string label =
            "Open visit " + std::to_string(d.id) + " (" +
            (d.date_of_service ? core::format_date(*d.date_of_service) : std::string("no start yet")) + ", " +
            d.clinician + ")" + (i == 0 ? "  (Enter)" : "");
        if (ImGui::Button(label.c_str()) || (i == 0 && enter)) {
            state.open_visit(d.id);
            return true;
        }
        remember(state, "new.open_draft." + std::to_string(d.id));
    }
    if (drafts.size() > drafts_offered) {
        ImGui::TextColored(muted_colour(), "... and more: Today's lists and the visits list show them all.");
        remember(state, "new.more_drafts");
    }
    return false;
}

// The typed id's newest signed visits, each with a button that opens it: to read it, or (its clinician)
// to amend it. True: one was opened.
bool offer_signed_visits(AppState& state) {
    const auto& visits = state.today.signed_visits_of_patient;
    if (visits.empty()) return false;
    ImGui::TextColored(muted_colour(),
                       "Signed visits of %s (open one to read or amend it):", visits.front().patient_name.c_str());
    remember(state, "new.signed_visits");
    for (const auto& v : visits) {
        const std::string label = "Open visit " + std::to_string(v.id) + " (" +
                                  (v.date_of_service ? core::format_date(*v.date_of_service) : std::string("no date")) +
                                  ", " + v.clinician + (v.status == storage::VisitStatus::amended ? ", amended" : "") +
                                  ")";
        if (ImGui::Button(label.c_str())) {
            state.open_visit(v.id);
            return true;
        }
        remember(state, "new.open_signed." + std::to_string(v.id));
    }
    return false;
}

}  // namespace

// ---- 3. New visit --------------------------------------------------------------------------------
// The search found its patient and her visit is open: back on Today it would still show her above the
// list, pushing the day's visits down (found from outside).
namespace {
void forget_search(TodayState& t) {
    t.search.clear();
    t.searched.clear();
    t.matches.clear();
}
}  // namespace

void draw_new_visit_popup(AppState& state) {
    auto& t = state.today;
    if (t.open_new_visit) {
        ImGui::OpenPopup("New visit");
        t.open_new_visit = false;
    }
    // Kept inside the screen: with a rename, a namesake and a draft its second tick fell below a 1024x700 screen and
    // could not be reached (found from outside). Its top stays put as it grows; past the screen's height it scrolls.
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5F, display.y * 0.06F), ImGuiCond_Appearing, ImVec2(0.5F, 0.0F));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0.0F, 0.0F), ImVec2(display.x - 16.0F, display.y * 0.92F));
    if (!ImGui::BeginPopupModal("New visit", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextUnformatted("The visit starts as a draft, saved as you type.");
    // The keyboard starts in the first field left to fill: with the id carried over from the search, the name typed
    // next replaced the id (found from outside).
    const bool appearing = ImGui::IsWindowAppearing();
    const bool name_first =
        appearing && !core::trim_blanks(t.new_patient_id).empty() && core::trim_blanks(t.new_patient_name).empty();
    if (appearing && !name_first) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0F);
    ImGui::InputTextWithHint("Patient id", "MRN-000000", &t.new_patient_id);
    remember(state, "new.patient_id");
    if (!t.id_on_record.empty()) {
        ImGui::TextColored(warning_colour(), "On record as %s: the visit goes to that patient.",
                           t.id_on_record.c_str());
        remember(state, "new.id_on_record");
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0F);
    if (name_first) ImGui::SetKeyboardFocusHere();
    // A click in it selects the name filled in from the record, so typing replaces it: it was appended to it
    // ("Martínez, LuisTanaka, Yuki", found from outside).
    ImGui::InputTextWithHint("Name", "Family, Given", &t.new_patient_name, ImGuiInputTextFlags_AutoSelectAll);
    remember(state, "new.patient_name");
    // Both are needed: the name goes on every claim line, and the visit screen has no field for it (a
    // visit for "(no name)" was documented and shown ready to bill, found in the real window).
    const bool complete =
        !core::trim_blanks(t.new_patient_id).empty() && !core::trim_blanks(t.new_patient_name).empty();
    // A line either way: the window sizes to its content, and with the hint gone its buttons jumped up under
    // the pointer (found from outside).
    const bool unconfirmed_namesake = complete && same_name_unconfirmed(state);
    if (!complete) {
        ImGui::TextColored(muted_colour(), "The patient's id and name are both needed.");
        remember(state, "new.incomplete");
    } else if (unconfirmed_namesake && !t.same_name.empty()) {
        // Not "Start visit opens ..." over a Start that waits (found from outside).
        ImGui::TextColored(warning_colour(), "Check the patient below before starting.");
    } else {
        ImGui::TextColored(muted_colour(), "Start visit opens the visit screen on a new draft for this patient.");
    }
    const bool renames = renames_the_patient(state);
    // Not the Enter that opened the window (on a patient found by the search: the visit started before the
    // window and its offer of the patient's open drafts was seen), nor its repeat while held.
    const bool enter_pressed =
        !ImGui::IsWindowAppearing() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
    // Not while the id is questioned (another name, or a namesake): Enter opened the typed id's draft, perhaps the
    // wrong patient's, over the warning just raised (found from outside). Her drafts' buttons still open them.
    if (offer_open_drafts(state, enter_pressed && !renames && !(unconfirmed_namesake && !t.same_name.empty()))) {
        forget_search(t);
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    const bool may_start = complete && (!renames || t.rename_confirmed) && !unconfirmed_namesake;
    ImGui::BeginDisabled(!may_start);
    // With a draft offered above, Enter opens it and starting a second visit takes a click on a button that
    // says so.
    const bool enter = may_start && enter_pressed && t.open_drafts_of_patient.empty();
    const char* start = t.open_drafts_of_patient.empty() ? "Start visit (Enter)" : "Start another visit";
    if (big_button(state, start, "new.start") || enter) {
        core::Patient patient;
        patient.id = t.id_on_record.empty() ? t.new_patient_id : t.id_on_record;
        patient.name = t.new_patient_name;
        const auto naming = renames ? storage::PatientNaming::rename : storage::PatientNaming::keep_record;
        if (auto started = state.editor.start_new(patient, state.clinic.settings(), naming); !started) {
            t.error = started.error().describe();
        } else {
            state.show_visit_screen(Screen::today);
            if (auto recent = state.clinic.visits().recent_sites(state.who(), patient.id, 5, state.editor.id())) {
                state.visit_screen.recent_sites = recent.value();
            }
            t.stale = true;
            forget_search(t);
        }
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (big_button(state, "Cancel (Esc)", "new.cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        ImGui::CloseCurrentPopup();
    }
    draw_same_name(state);
    // The patient's signed visits below the buttons: above them, the list appeared while the id was typed
    // and pushed "Start visit" down 106 px, so a click aimed at it opened an old signed visit (found from
    // outside). Her drafts stay above: they change what Start means.
    if (offer_signed_visits(state)) {
        forget_search(t);
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace infusion::ui
