#pragma once
// Internal to storage/: the SQLite ReviewStore. What it does is written once for both backends
// (review_writes.hpp); sqlite_review_store.cpp opens SQLite's transactions around it.
#include "storage/review_store.hpp"
#include "storage/sql_session.hpp"
#include "storage/sqlite_write.hpp"

#include <type_traits>

namespace infusion::storage::detail {

class SqliteReviewStore final : public ReviewStore, private SqliteStore {
public:
    SqliteReviewStore(Connection& db, std::string file, bool read_only) : SqliteStore(db, std::move(file), read_only) {}

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
    // A shared write (review_writes.hpp) as one SQLite change (SqliteStore::write).
    template <typename Body>
    auto review_write(const std::string& what, const Actor& actor, Body&& body);
    // A shared read on this connection, SQLite's failures as messages.
    template <typename Read>
    auto read(const std::string& what, Read&& read_body) -> core::Result<std::invoke_result_t<Read, SqlSession&>>;
};

}  // namespace infusion::storage::detail
