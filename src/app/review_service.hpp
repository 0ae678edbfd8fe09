#pragma once
// Use cases of supervisor review (docs/review.md): the queue, reading a visit for review, site-care
// notes, countersigning, correction requests, site history, the clinic overview and the audit log.
// Every method takes the acting Session and checks its role through Accounts::require, which audits a
// refusal. The nurses' side: the visits they are asked to correct, and on_amended() after an amendment.
#include "app/accounts.hpp"
#include "app/audit_report.hpp"
#include "app/clock.hpp"
#include "settings/config.hpp"
#include "storage/database.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace infusion::app {

// The longest range clinic_overview is asked for: three years of days.
inline constexpr int max_overview_days = 3 * 366;

struct ReviewOptions {
    // Visits whose infusion time exceeds this carry the long-infusion flag. The stored flags use the
    // default; another value is applied to the visits this service refreshes.
    int long_infusion_minutes = storage::default_long_infusion_minutes;
};

// A visit as the supervisor reads it: the record and what review has added to it.
struct ReviewVisit {
    storage::StoredVisit visit;
    std::vector<storage::SiteCareNote> site_care;
    std::optional<storage::Countersignature> countersignature;
    std::vector<storage::CorrectionRequest> corrections;
};

class ReviewService {
public:
    ReviewService(storage::Database& db, Accounts& accounts, const settings::Config& config, Clock clock = utc_now,
                  ReviewOptions options = {});

    // ---- supervisors ----
    // The filter's today is set to the clinic's today; the rest is the caller's.
    [[nodiscard]] core::Result<storage::ReviewQueuePage> queue(const Session& who, storage::ReviewQueueFilter filter);
    // Audited as "view".
    [[nodiscard]] core::Result<ReviewVisit> open(const Session& who, storage::VisitId id);
    // Once per visit. Refused for drafts, while a correction request is open, and for a visit the
    // supervisor documented (nobody countersigns their own work).
    [[nodiscard]] core::Result<storage::Countersignature> countersign(const Session& who, storage::VisitId id,
                                                                      const std::string& comment);
    // Puts the visit on its nurse's "to correct" list until her next amendment. Reason required.
    [[nodiscard]] core::Result<std::int64_t> request_correction(const Session& who, storage::VisitId id,
                                                                const std::string& reason);
    [[nodiscard]] core::Result<storage::SiteHistory> site_history(const Session& who, const std::string& patient_id,
                                                                  int visits);
    // At most max_overview_days.
    [[nodiscard]] core::Result<storage::ClinicOverview> overview(const Session& who, std::chrono::year_month_day from,
                                                                 std::chrono::year_month_day to);
    // The first page (offset 0) of a report is audited as "audit-report"; scrolling is not.
    [[nodiscard]] core::Result<storage::AuditReportPage> audit_report(const Session& who, const AuditQuery& query);
    [[nodiscard]] core::Result<storage::CheckReport> audit_verify(const Session& who);

    // ---- nurses and supervisors ----
    // The follow-up note (practice.md step 10) is written by the nurse who checks the site, and read by
    // the supervisor: either role may add one, to a signed or amended visit only.
    [[nodiscard]] core::Result<std::int64_t> add_site_care_note(const Session& who, storage::VisitId id,
                                                                const storage::NewSiteCareNote& note);
    // Visits of `nurse` with an open correction request (the Today screen's "to correct" list). A nurse
    // reads her own; a supervisor anyone's.
    [[nodiscard]] core::Result<storage::VisitPage> open_corrections(const Session& who, const std::string& nurse,
                                                                    const storage::VisitFilter& filter);
    // Call after VisitService::amend succeeded: resolves the visit's open correction requests with the
    // new revision and refreshes its place in the queue. No role check: the amendment was allowed. A
    // failure leaves the request open (the visit stays on the nurse's list); show it, nothing is lost.
    core::Status on_amended(storage::VisitId id, int revision, const std::string& user);
    // Call after VisitService::sign when the clinic's long-infusion threshold is not the default.
    core::Status on_signed(storage::VisitId id);

    // The clinic's calendar day now (clinic.toml time_zone).
    [[nodiscard]] std::chrono::year_month_day today() const;

private:
    [[nodiscard]] storage::Actor actor(const std::string& user) const { return storage::Actor{user, m_clock()}; }

    storage::Database& m_db;
    Accounts& m_accounts;
    const settings::Config& m_config;
    Clock m_clock;
    ReviewOptions m_options;
};

}  // namespace infusion::app
