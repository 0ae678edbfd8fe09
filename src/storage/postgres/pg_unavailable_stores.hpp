#pragma once
// Internal to storage/: the store the PostgreSQL backend does not have yet: supervisor review
// (docs/storage.md, "What the PostgreSQL backend does so far"). Every call answers with an error that
// says so, naming the server, and changes nothing, except what signing visits needs of review already:
// an amendment answers the visit's open correction requests (resolve_corrections). It is here so
// PostgresDatabase implements storage::Database whole.
#include "storage/postgres/pg_store_context.hpp"
#include "storage/review_store.hpp"

#include <string>

namespace infusion::storage::pg {

// "supervisor reviews are not stored on PostgreSQL yet (database 'x' on y); use a SQLite file (--db) ...".
[[nodiscard]] core::Error not_yet(const std::string& what, const std::string& where);

class UnavailableReviewStore final : public ReviewStore {
public:
    explicit UnavailableReviewStore(PgStoreContext context) : m_ctx(std::move(context)), m_where(m_ctx.where) {}
    // The queue is not served here yet; its flags follow the default threshold until it is.
    core::Result<std::int64_t> apply_review_settings(const core::ReviewSettings&, const Actor&) override {
        return std::int64_t{0};
    }
    core::Result<ReviewQueuePage> review_queue(const ReviewQueueFilter&) override { return no(); }
    core::Result<std::int64_t> add_site_care_note(VisitId, const NewSiteCareNote&, const Actor&) override {
        return no();
    }
    core::Result<Countersignature> countersign(VisitId, const std::string&, const Actor&) override { return no(); }
    core::Result<std::int64_t> request_correction(VisitId, const std::string&, const Actor&) override { return no(); }
    // As on SQLite: the amendment's revision answers the visit's open requests (none can be made here yet).
    core::Result<int> resolve_corrections(VisitId id, int revision, const Actor& actor) override;
    core::Result<std::vector<SiteCareNote>> site_care_notes(VisitId) override { return no(); }
    core::Result<std::optional<Countersignature>> countersignature(VisitId) override { return no(); }
    core::Result<std::vector<CorrectionRequest>> corrections(VisitId) override { return no(); }
    core::Result<VisitPage> open_corrections_for(const std::string&, const VisitFilter&) override { return no(); }
    core::Result<SiteHistory> site_history(const std::string&, int) override { return no(); }
    core::Result<ClinicOverview> clinic_overview(std::chrono::year_month_day, std::chrono::year_month_day) override {
        return no();
    }
    core::Result<AuditReportPage> audit_report(const AuditReportQuery&) override { return no(); }
    core::Status audit_rows(const AuditReportQuery&, const std::function<bool(const AuditEntry&)>&) override {
        return no();
    }

private:
    [[nodiscard]] core::Error no() const { return not_yet("supervisor reviews", m_where); }
    PgStoreContext m_ctx;
    std::string m_where;
};

}  // namespace infusion::storage::pg
