#pragma once
// A stored visit as the supervisor reads it: one revision drawn read-only as text (patient, substances,
// pump set-ups with each needle's checklist, notes, the billing lines fixed at signing) and the list of
// revisions. Text rather than the nurse's disabled widgets: a reviewer scans, and "not documented"
// must stand out in colour, not hide as an unticked box.
#include "ui/app_state.hpp"

namespace infusion::ui {

// The patient and the substances (the screen puts the body map beside them).
void draw_visit_patient(AppState& state, const storage::Revision& revision);
// The rest: set-ups with their needles, notes, billing and the revisions with their signatures and
// countersignatures (oldest first). `correction_open`: a supervisor's correction request waits for an amendment,
// which holds the current revision's lines from billing.
void draw_visit_record(AppState& state, const storage::StoredVisit& visit, const storage::Revision& revision,
                       const std::vector<storage::Countersignature>& countersignatures, bool correction_open);

// Set-up number and usability of each needle of `revision`, for the body map.
[[nodiscard]] std::vector<std::tuple<std::string, int, bool>> needles_of(const storage::Revision& revision);

}  // namespace infusion::ui
