#pragma once
// Use cases of supervisor review (docs/review.md): the queue, reading a visit for review, site-care
// notes, countersigning, correction requests, site history, the clinic overview and the audit log.
// Every method takes the acting context and checks its own role through it, which audits a refusal.
// The nurses' side: site-care notes and the visits they are asked to correct. (Reading the audit log:
// app/audit_service.hpp; an amendment resolves correction requests in VisitService::amend.)
#include "app/acting.hpp"
#include "app/review_record.hpp"
#include "settings/config.hpp"
#include "storage/database.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace infusion::app {

// The longest range clinic_overview is asked for: three years of days.
inline constexpr int max_overview_days = 3 * 366;

// A visit as the supervisor reads it: the record and what review has added to it.
struct ReviewVisit {
    storage::StoredVisit visit;
    std::vector<storage::SiteCareNote> site_care;
    std::vector<storage::Countersignature> countersignatures;  // oldest first
    std::vector<storage::CorrectionRequest> corrections;
    // By revision number, what each amendment changed (changed_parts; nothing_changed; "billing lines only";
    // "" for the original): a correction answered is shown with what it changed, not only the nurse's words.
    std::vector<std::string> amendment_changes;

    // The countersignature of the current revision, or null (countersignature_of).
    [[nodiscard]] const storage::Countersignature* countersignature() const {
        return countersignature_of(countersignatures, visit.current().number);
    }
};

class ReviewService {
public:
    ReviewService(storage::Database& db, const settings::Config& config) : m_db(db), m_config(config) {}

    // ---- supervisors ----
    // The filter's today is set to the clinic's today (the acting context's clock); the rest is the caller's.
    [[nodiscard]] core::Result<storage::ReviewQueuePage> queue(const Acting& who, storage::ReviewQueueFilter filter);
    // Audited as "view".
    [[nodiscard]] core::Result<ReviewVisit> open(const Acting& who, storage::VisitId id);
    // Once per revision (an amendment brings the visit back). Refused for drafts, while a correction request is
    // open, and for a visit the supervisor documented (nobody countersigns their own work).
    [[nodiscard]] core::Result<storage::Countersignature> countersign(const Acting& who, storage::VisitId id,
                                                                      const std::string& comment);
    // Puts the visit on its nurse's "to correct" list until her next amendment. Reason required.
    [[nodiscard]] core::Result<std::int64_t> request_correction(const Acting& who, storage::VisitId id,
                                                                const std::string& reason);
    [[nodiscard]] core::Result<storage::SiteHistory> site_history(const Acting& who, const std::string& patient_id,
                                                                  int visits);
    // At most max_overview_days.
    [[nodiscard]] core::Result<storage::ClinicOverview> overview(const Acting& who, std::chrono::year_month_day from,
                                                                 std::chrono::year_month_day to);

    // ---- nurses and supervisors ----
    // The follow-up note (practice.md step 10) is written by the nurse who checks the site, and read by
    // the supervisor: either role may add one, to a signed or amended visit only.
    [[nodiscard]] core::Result<std::int64_t> add_site_care_note(const Acting& who, storage::VisitId id,
                                                                const storage::NewSiteCareNote& note);
    // Visits of `nurse` with an open correction request (the Today screen's "to correct" list). A nurse
    // reads her own; a supervisor anyone's.
    [[nodiscard]] core::Result<storage::VisitPage> open_corrections(const Acting& who, const std::string& nurse,
                                                                    const storage::VisitFilter& filter);

private:
    storage::Database& m_db;
    const settings::Config& m_config;
};

}  // namespace infusion::app
