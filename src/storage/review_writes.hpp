#pragma once
// Internal to storage/: what the review store does, written once for both backends (sql_session.hpp), as
// visit_writes.hpp is for visits. SqliteReviewStore and pg::PgReviewStore only open the transaction,
// append the audit rows to their chain and turn their database's failures into messages; every check,
// row and refusal of a site-care note, a countersignature or a correction request, the queue, the
// history, the overview and the audit report are here, so both answer alike, word for word.
// Writes: review_writes.cpp; reads: review_reads.cpp.
#include "core/result.hpp"
#include "storage/billing_store.hpp"
#include "storage/review_store.hpp"
#include "storage/sql_session.hpp"

#include <optional>
#include <string>
#include <vector>

namespace infusion::storage::detail {

// One write of the review store, inside the backend's open write transaction (it already holds what
// makes writes run one at a time: SQLite's IMMEDIATE lock, PostgreSQL's chain lock), so what a write
// reads first ("countersigned already?") cannot change before it writes.
class ReviewWriteScope {
public:
    ReviewWriteScope(SqlSession& db, std::string where) : m_db(db), m_where(std::move(where)) {}
    virtual ~ReviewWriteScope() = default;
    ReviewWriteScope(const ReviewWriteScope&) = delete;
    ReviewWriteScope& operator=(const ReviewWriteScope&) = delete;

    [[nodiscard]] SqlSession& db() { return m_db; }
    [[nodiscard]] const std::string& where() const { return m_where; }
    // Appends the change's audit row to the backend's chain; `subject` and `seal` name a row it sealed.
    virtual void audit(const std::string& action, std::optional<VisitId> visit, const std::string& detail,
                       const std::string& subject = {}, const std::string& seal = {}) = 0;
    // This change needs no audit row (`why` says, for the reader).
    virtual void no_audit_row(const char* why) = 0;

private:
    SqlSession& m_db;
    std::string m_where;
};

// ---- writes (review_store.hpp says what each does) ---------------------------------------------
// Refusals checked before any transaction: a site-care note's grade or conditions, an empty reason.
[[nodiscard]] std::optional<core::Error> site_care_note_refused(const NewSiteCareNote& note);
[[nodiscard]] std::optional<core::Error> correction_refused(VisitId id, const std::string& reason);

// The threshold's re-flagging, when `settings` differ from the queue's (checked again inside).
[[nodiscard]] core::Result<std::int64_t> apply_review_settings(ReviewWriteScope& w,
                                                               const core::ReviewSettings& settings);
[[nodiscard]] core::Result<std::int64_t> add_site_care_note(ReviewWriteScope& w, VisitId id,
                                                            const NewSiteCareNote& note, const Actor& actor);
[[nodiscard]] core::Result<Countersignature> countersign(ReviewWriteScope& w, VisitId id, const std::string& comment,
                                                         const Actor& actor);
// A supervisor's request is refused for a countersigned visit; the program's (ReviewStore::ask_to_recode) is
// not, and returns 0 without writing when a request is open already.
enum class CorrectionAsker { supervisor, program };
[[nodiscard]] core::Result<std::int64_t> request_correction(ReviewWriteScope& w, VisitId id, const std::string& reason,
                                                            const Actor& actor, CorrectionAsker asker);
[[nodiscard]] core::Result<int> resolve_corrections(ReviewWriteScope& w, VisitId id, int revision, const Actor& actor);

// What starts each write's message ("cannot countersign visit 7").
[[nodiscard]] std::string countersign_what(VisitId id);
[[nodiscard]] std::string correction_what(VisitId id);
[[nodiscard]] std::string resolve_what(VisitId id);
[[nodiscard]] std::string threshold_what(const core::ReviewSettings& settings);
inline constexpr const char* site_care_note_what = "cannot add the site-care note";

// ---- reads (failures throw the backend's exception, as SqlSession does) -------------------------
[[nodiscard]] std::vector<SiteCareNote> site_care_notes(SqlSession& db, VisitId id);
[[nodiscard]] std::vector<Countersignature> countersignatures(SqlSession& db, VisitId id);  // oldest first
[[nodiscard]] std::vector<CorrectionRequest> corrections(SqlSession& db, VisitId id);
[[nodiscard]] ReviewQueuePage review_queue(SqlSession& db, const ReviewQueueFilter& filter);
// Why visit `id`'s lines wait for an amendment: each open correction request of its patient and date.
[[nodiscard]] std::vector<RequestHold> open_request_holds(SqlSession& db, VisitId id);
// The same for a patient and date, whatever visit asks (a draft, an amendment moving its visit).
[[nodiscard]] std::vector<RequestHold> open_requests_of_date(SqlSession& db, const std::string& patient_mrn,
                                                             std::chrono::year_month_day date);
[[nodiscard]] VisitPage open_corrections_for(SqlSession& db, const std::string& nurse, const VisitFilter& filter);
[[nodiscard]] SiteHistory site_history(SqlSession& db, const std::string& patient_id, int visits);
[[nodiscard]] std::vector<core::BilledElsewhere> billed_elsewhere(SqlSession& db, const std::string& patient_id,
                                                                  std::chrono::year_month_day from,
                                                                  std::chrono::year_month_day to,
                                                                  std::optional<VisitId> except);
[[nodiscard]] ClinicOverview clinic_overview(SqlSession& db, std::chrono::year_month_day from,
                                             std::chrono::year_month_day to);
[[nodiscard]] AuditReportPage audit_report(SqlSession& db, const AuditReportQuery& query);

// audit_rows reads a whole range, which each backend streams its own way (SQLite steps one statement,
// PostgreSQL fetches from a cursor): the statement (every row of the query in its order) and its rows.
struct AuditRowsStatement {
    std::string sql;
    std::vector<SqlValue> params;
};
[[nodiscard]] AuditRowsStatement audit_rows_statement(const SqlSession& db, const AuditReportQuery& query);
[[nodiscard]] AuditEntry audit_entry(const SqlRow& row);

// Splits a stored comma list ("redness,pain") into its words.
[[nodiscard]] std::vector<std::string> split_conditions(const std::string& text);

}  // namespace infusion::storage::detail
