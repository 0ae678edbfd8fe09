#pragma once
// The patient banner: name, MRN, birth date with age, and allergies, pinned above every visit screen
// (the nurse's and the supervisor's) so the patient in front of the nurse can always be checked against
// the record, however far the visit is scrolled (issue 13: a wrong-patient risk).
#include "ui/app_state.hpp"

namespace infusion::ui {

// Draws the banner across the window's width at the cursor; "today" gives the age.
void draw_patient_banner(AppState& state, const core::Patient& patient);

// "MRN 123456", or the id alone when it names itself ("MRN-990002" read "MRN MRN-990002"); "MRN -" for none.
[[nodiscard]] std::string mrn_label(const std::string& id);
// True when the allergies text names an allergy, false for "None known", "NKDA", "NKA", "No known
// allergies", "none" (any case, a final full stop aside): those were shown in the allergy alert's red.
[[nodiscard]] bool names_an_allergy(const std::string& allergies);

}  // namespace infusion::ui
