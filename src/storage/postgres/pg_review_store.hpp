#pragma once
// Internal to storage/: supervisor review on PostgreSQL. What each call does is the SQLite store's,
// shared (storage/review_writes.hpp); here are the server's transaction and chain: every write is one
// transaction holding the audit chain's advisory lock (pg_write.hpp), so of two supervisors
// countersigning one visit at the same moment the second reads the first's countersignature and is
// refused, and each audit row is next in the chain. Reads of several statements run in one snapshot
// (REPEATABLE READ); the audit report's whole ranges are fetched from a cursor, a page at a time.
#include "storage/postgres/pg_store_context.hpp"
#include "storage/review_store.hpp"

namespace infusion::storage::pg {

class PgReviewStore final : public ReviewStore {
public:
    explicit PgReviewStore(PgStoreContext context) : m_ctx(std::move(context)) {}

    core::Result<std::int64_t> apply_review_settings(const core::ReviewSettings& settings, const Actor& actor) override;
    core::Result<ReviewQueuePage> review_queue(const ReviewQueueFilter& filter) override;
    core::Result<std::int64_t> add_site_care_note(VisitId id, const NewSiteCareNote& note, const Actor& actor) override;
    core::Result<Countersignature> countersign(VisitId id, const std::string& comment, const Actor& actor) override;
    core::Result<std::int64_t> request_correction(VisitId id, const std::string& reason, const Actor& actor) override;
    core::Result<std::int64_t> ask_to_recode(VisitId id, const std::string& reason, const Actor& actor) override;
    core::Result<int> resolve_corrections(VisitId id, int revision, const Actor& actor) override;
    core::Result<std::vector<SiteCareNote>> site_care_notes(VisitId id) override;
    core::Result<std::vector<Countersignature>> countersignatures(VisitId id) override;
    core::Result<std::vector<CorrectionRequest>> corrections(VisitId id) override;
    core::Result<std::vector<RequestHold>> open_requests_of_date(const std::string& patient_mrn,
                                                                 std::chrono::year_month_day date) override;
    core::Result<VisitPage> open_corrections_for(const std::string& nurse, const VisitFilter& filter) override;
    core::Result<SiteHistory> site_history(const std::string& patient_id, int visits) override;
    core::Result<std::vector<core::BilledElsewhere>> billed_elsewhere(const std::string& patient_id,
                                                                      std::chrono::year_month_day from,
                                                                      std::chrono::year_month_day to,
                                                                      std::optional<VisitId> except) override;
    core::Result<ClinicOverview> clinic_overview(std::chrono::year_month_day from,
                                                 std::chrono::year_month_day to) override;
    core::Result<AuditReportPage> audit_report(const AuditReportQuery& query) override;
    core::Status audit_rows(const AuditReportQuery& query, const std::function<bool(const AuditEntry&)>& row) override;

private:
    PgStoreContext m_ctx;
};

}  // namespace infusion::storage::pg
