#pragma once
// Supervisor review (docs/review.md): the queue of signed visits with their review flags, site-care
// notes written at follow-up, countersignatures, correction requests, a patient's site history, the
// clinic overview and the audit report. Sections: 1. flags and the queue  2. the review record
// 3. history and overview  4. audit report  5. the interface.
//
// Site-care notes, countersignatures and correction requests are part of the record (append-only,
// enforced by triggers). The review state behind the queue is a cache rebuilt from the record.
#include "core/coding_context.hpp"
#include "core/result.hpp"
#include "core/review_flags.hpp"
#include "storage/billing_store.hpp"
#include "storage/records.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infusion::storage {

// ---- 1. flags and the queue --------------------------------------------------------------------
// ReviewQueueRow::flags are core::review_flag bits, its priority core::review_priority (core/review_flags.hpp,
// the one definition): computed when a revision is signed and stored with it; no_follow_up depends on
// today, so it is computed for the rows shown.

// pending: signed, waiting for review; countersigned: done; correction: a correction request is open.
enum class ReviewState { pending, countersigned, correction };
[[nodiscard]] const char* to_string(ReviewState state);
[[nodiscard]] std::optional<ReviewState> review_state_from_string(std::string_view text);

// Keyset cursor: the queue is ordered by priority, then date of service, then id, all descending.
struct ReviewCursor {
    int priority = 0;
    std::string date;
    VisitId id = 0;
};

struct ReviewQueueFilter {
    ReviewState state = ReviewState::pending;
    std::optional<std::string> nurse;       // the visit's clinician
    std::optional<std::string> patient_id;  // exact MRN
    std::optional<std::chrono::year_month_day> from;
    std::optional<std::chrono::year_month_day> to;
    std::uint32_t flags = 0;  // rows with any of these flags; 0: every row
    std::chrono::year_month_day today{};
    int follow_up_days = 7;  // no_follow_up: older than this and no site-care note yet
    int limit = 50;
    std::optional<ReviewCursor> after;
};

struct ReviewQueueRow {
    VisitId id = 0;
    std::optional<std::chrono::year_month_day> date_of_service;
    std::string patient_id;
    std::string patient_name;
    std::string nurse;
    std::uint32_t flags = 0;
    int priority = 0;
    ReviewState state = ReviewState::pending;
    int days_since = 0;  // from the date of service to the filter's today
    bool followed_up = false;
    bool open_correction = false;
    // The newest open correction request, when there is one: what the supervisor asked and who asked it
    // (the "Asked to correct" list showed only the flags, so a supervisor could not see what she asked).
    std::string asked_reason;
    std::string asked_by;
    // The newest answered request (its nurse amended the visit), when no request is open: a visit back in the
    // queue after a correction looked like any other, and the supervisor could not see what she had asked
    // (found from outside).
    std::string answered_reason;
    std::string answered_by;
};

struct ReviewQueuePage {
    std::vector<ReviewQueueRow> rows;
    std::optional<ReviewCursor> next;
};

// ---- 2. the review record ----------------------------------------------------------------------
// What a site-care note may record about a site, as stored (a comma list of these words).
inline constexpr std::array<std::string_view, 6> site_conditions{"redness", "swelling", "induration",
                                                                 "itching", "pain",     "leaking"};

struct NewSiteCareNote {
    std::string location;                 // a site id from config/sites.toml, "" for the visit as a whole
    std::vector<std::string> conditions;  // from site_conditions
    int grade = 0;                        // 0 none, 1 mild, 2 moderate, 3 severe
    std::string text;
};

struct SiteCareNote {
    std::int64_t id = 0;
    VisitId visit_id = 0;
    std::string author;
    std::string at;  // UTC
    std::string location;
    std::vector<std::string> conditions;
    int grade = 0;
    std::string text;
};

struct Countersignature {
    VisitId visit_id = 0;
    int revision = 0;  // the revision the supervisor read
    std::string supervisor;
    std::string at;
    std::string comment;
};

struct CorrectionRequest {
    std::int64_t id = 0;
    VisitId visit_id = 0;
    int revision = 0;  // the revision found wanting
    std::string requested_by;
    std::string at;
    std::string reason;
    std::optional<int> resolved_revision;  // the amendment that answered it
    std::string resolved_at;

    [[nodiscard]] bool open() const { return !resolved_revision.has_value(); }
};

// ---- 3. history and overview -------------------------------------------------------------------
struct SiteStats {
    std::string location;
    int uses = 0;  // usable needles placed there
    std::chrono::year_month_day last_date{};
    int reactions = 0;  // visits using the site with a reaction note or a site-care grade >= 1 on it
};

struct TimelineSite {
    std::string location;
    bool usable = true;  // false: the needle returned blood and was removed
};

struct TimelineVisit {
    VisitId id = 0;
    std::chrono::year_month_day date{};
    std::vector<TimelineSite> sites;
    bool reaction = false;
};

// Both over the patient's last N signed visits, newest first; sites by uses, most used first.
struct SiteHistory {
    std::vector<SiteStats> sites;
    std::vector<TimelineVisit> visits;
};

struct WeekReactions {
    int iso_year = 0;
    unsigned iso_week = 0;
    std::chrono::year_month_day monday{};
    std::int64_t infusions = 0;  // signed visits
    std::int64_t reactions = 0;  // of which with a reaction or site-condition note
    [[nodiscard]] double per_100() const {
        return infusions == 0 ? 0.0 : 100.0 * static_cast<double>(reactions) / static_cast<double>(infusions);
    }
};

// Infusion time of the current revision: [0,15), [15,30) ... [345,360] minutes, then over six hours.
struct LengthDistribution {
    std::array<std::int64_t, 24> quarter_hours{};
    std::int64_t over_six_hours = 0;
    std::int64_t unknown = 0;  // no infusion time (a set-up without a stop, for instance)
};

struct NurseCompleteness {
    std::string nurse;
    std::int64_t visits = 0;
    std::int64_t complete = 0;  // without a checklist gap
    [[nodiscard]] double share() const {
        return visits == 0 ? 0.0 : static_cast<double>(complete) / static_cast<double>(visits);
    }
};

struct ClinicOverview {
    std::vector<WeekReactions> weeks;  // oldest first; weeks without visits are left out
    LengthDistribution lengths;
    std::vector<NurseCompleteness> nurses;  // by name
};

// ---- 4. audit report ---------------------------------------------------------------------------
// Oldest and newest first are by time (the log's instants, then its ids): the audit_by_time index gives
// that order for any date range, where id order would sort the whole range again for every page.
enum class AuditSort { oldest_first, newest_first, actor, action, visit };

struct AuditReportQuery {
    std::optional<std::string> from_at;  // inclusive UTC instant
    std::optional<std::string> to_at;    // exclusive UTC instant
    std::optional<std::string> actor;
    std::optional<std::string> action;
    std::optional<VisitId> visit_id;
    AuditSort sort = AuditSort::oldest_first;
    int limit = 100;
    std::int64_t offset = 0;
};

struct AuditReportPage {
    std::vector<AuditEntry> rows;
    std::int64_t total = 0;  // rows matching the filter, for a scroll bar
};

// ---- 5. the interface --------------------------------------------------------------------------
class ReviewStore {
public:
    virtual ~ReviewStore() = default;

    // The queue's long_infusion flags follow the clinic's threshold: when `settings` name another one than
    // the queue was built with, every visit in it is re-flagged (core::with_long_infusion_threshold on the
    // infusion time stored with its revision) in one transaction, audited as "review-threshold". Returns
    // how many visits changed; 0 at once when the threshold is the queue's. Refused read-only.
    [[nodiscard]] virtual core::Result<std::int64_t> apply_review_settings(const core::ReviewSettings& settings,
                                                                           const Actor& actor) = 0;
    [[nodiscard]] virtual core::Result<ReviewQueuePage> review_queue(const ReviewQueueFilter& filter) = 0;

    // Each write is one transaction with its audit row. Refused for drafts.
    [[nodiscard]] virtual core::Result<std::int64_t> add_site_care_note(VisitId id, const NewSiteCareNote& note,
                                                                        const Actor& actor) = 0;
    // Once per revision: the visit's current one (an amendment after a countersignature sends the visit back to
    // the queue, schema 20). Refused for drafts, for a current revision countersigned already and while a
    // correction request is open.
    [[nodiscard]] virtual core::Result<Countersignature> countersign(VisitId id, const std::string& comment,
                                                                     const Actor& actor) = 0;
    // Refused for drafts, visits whose current revision is countersigned and an empty reason. An open request holds the
    // visit's lines not yet exported (the worklist says "held", with the request's reason) until it is answered.
    [[nodiscard]] virtual core::Result<std::int64_t> request_correction(VisitId id, const std::string& reason,
                                                                        const Actor& actor) = 0;
    // The program's own correction request, filed when another visit's amendment changed what this signed
    // visit would bill (app/recoding_after_amendment.hpp): like a supervisor's, it holds the visit's new
    // lines from export and is answered by the nurse's amendment, which codes the visit again. Allowed on a
    // countersigned visit (its lines must not go out as they are); returns 0 and writes nothing while a
    // request is open already.
    [[nodiscard]] virtual core::Result<std::int64_t> ask_to_recode(VisitId id, const std::string& reason,
                                                                   const Actor& actor) = 0;
    // Resolves the visit's open requests made before `revision` (the amendment just recorded).
    // Returns how many were resolved; 0 is not an error.
    [[nodiscard]] virtual core::Result<int> resolve_corrections(VisitId id, int revision, const Actor& actor) = 0;

    [[nodiscard]] virtual core::Result<std::vector<SiteCareNote>> site_care_notes(VisitId id) = 0;
    // Oldest first: one per revision a supervisor countersigned.
    [[nodiscard]] virtual core::Result<std::vector<Countersignature>> countersignatures(VisitId id) = 0;
    [[nodiscard]] virtual core::Result<std::vector<CorrectionRequest>> corrections(VisitId id) = 0;
    // The open correction requests on the visits of patient `patient_mrn` dated `date`: what holds every line of
    // that patient and date not yet sent, a draft's once signed and an amendment's too (worklist_state_sql.hpp).
    [[nodiscard]] virtual core::Result<std::vector<RequestHold>> open_requests_of_date(
        const std::string& patient_mrn, std::chrono::year_month_day date) = 0;
    // Visits of `nurse` (their clinician) with an open correction request, as the visit list pages
    // them (newest first); the filter's from, to, patient, limit and cursor apply, its clinician is `nurse`.
    [[nodiscard]] virtual core::Result<VisitPage> open_corrections_for(const std::string& nurse,
                                                                       const VisitFilter& filter) = 0;

    [[nodiscard]] virtual core::Result<SiteHistory> site_history(const std::string& patient_id, int visits) = 0;
    // The lines the patient's other signed, billable visits (current revisions) bill with a date of
    // service from `from` to `to`, each with its own line date: what an MUE per date of service counts
    // besides the visit being coded, `except` (core::BilledElsewhere).
    [[nodiscard]] virtual core::Result<std::vector<core::BilledElsewhere>> billed_elsewhere(
        const std::string& patient_id, std::chrono::year_month_day from, std::chrono::year_month_day to,
        std::optional<VisitId> except) = 0;
    [[nodiscard]] virtual core::Result<ClinicOverview> clinic_overview(std::chrono::year_month_day from,
                                                                       std::chrono::year_month_day to) = 0;
    [[nodiscard]] virtual core::Result<AuditReportPage> audit_report(const AuditReportQuery& query) = 0;
    // Every row of the query in its order (limit and offset unused) in one read, for files of any size:
    // memory stays one row deep. `row` returning false stops early.
    [[nodiscard]] virtual core::Status audit_rows(const AuditReportQuery& query,
                                                  const std::function<bool(const AuditEntry&)>& row) = 0;
};

}  // namespace infusion::storage
