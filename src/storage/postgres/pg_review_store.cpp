// Supervisor review on PostgreSQL (pg_review_store.hpp). Sections: 1. the write  2. writes  3. reads
#include "storage/postgres/pg_review_store.hpp"

#include "storage/postgres/pg_audited_write.hpp"
#include "storage/postgres/pg_session.hpp"
#include "storage/postgres/pg_write.hpp"
#include "storage/review_flag_rows.hpp"
#include "storage/review_writes.hpp"

#include <type_traits>

namespace infusion::storage::pg {
namespace {

// ---- 1. the write ------------------------------------------------------------------------------
// The shared review writes on this connection, their audit rows appended to the server's chain.
class PgReviewScope final : private PgSessionHolder, public detail::ReviewWriteScope {
public:
    PgReviewScope(PgConnection& conn, const std::string& where, const Actor& actor)
        : PgSessionHolder{PgSession(conn)}, ReviewWriteScope(session, where), m_rows(conn, actor) {}
    void audit(const std::string& action, std::optional<VisitId> visit, const std::string& detail,
               const std::string& subject, const std::string& seal) override {
        m_rows.append(action, visit, detail, subject, seal);
    }
    void no_audit_row(const char*) override { m_rows.exempt(); }
    [[nodiscard]] bool audited() const { return m_rows.audited(); }

private:
    PgAuditedRows m_rows;
};

template <typename Body>
auto write(const PgStoreContext& ctx, const std::string& what, const Actor& actor, Body&& body) {
    return audited_write<PgReviewScope>(ctx, what, actor, std::forward<Body>(body));
}

// A shared read in one snapshot, the server's failures as messages.
template <typename Read>
auto read(const PgStoreContext& ctx, const std::string& what, Read&& body)
    -> core::Result<std::invoke_result_t<Read, detail::SqlSession&>> {
    try {
        PgSnapshot snapshot(ctx.conn);
        PgSession session(ctx.conn);
        return body(session);
    } catch (const std::exception& e) {
        return pg_error(what, e, ctx.where);
    }
}

}  // namespace

// ---- 2. writes ---------------------------------------------------------------------------------
core::Result<std::int64_t> PgReviewStore::apply_review_settings(const core::ReviewSettings& settings,
                                                                const Actor& actor) {
    const std::string what = detail::threshold_what(settings);
    try {
        // The usual case, read-only connections included: the queue follows the clinic's threshold already.
        PgSession session(m_ctx.conn);
        if (detail::queue_review_settings(session).long_infusion_minutes == settings.long_infusion_minutes) {
            return std::int64_t{0};
        }
    } catch (const std::exception& e) {
        return pg_error(what, e, m_ctx.where);
    }
    return write(m_ctx, what, actor,
                 [&](detail::ReviewWriteScope& w) { return detail::apply_review_settings(w, settings); });
}

core::Result<std::int64_t> PgReviewStore::add_site_care_note(VisitId id, const NewSiteCareNote& note,
                                                             const Actor& actor) {
    if (auto refused = detail::site_care_note_refused(note)) return *refused;
    return write(m_ctx, detail::site_care_note_what, actor,
                 [&](detail::ReviewWriteScope& w) { return detail::add_site_care_note(w, id, note, actor); });
}

core::Result<Countersignature> PgReviewStore::countersign(VisitId id, const std::string& comment, const Actor& actor) {
    return write(m_ctx, detail::countersign_what(id), actor,
                 [&](detail::ReviewWriteScope& w) { return detail::countersign(w, id, comment, actor); });
}

core::Result<std::int64_t> PgReviewStore::request_correction(VisitId id, const std::string& reason,
                                                             const Actor& actor) {
    if (auto refused = detail::correction_refused(id, reason)) return *refused;
    return write(m_ctx, detail::correction_what(id), actor, [&](detail::ReviewWriteScope& w) {
        return detail::request_correction(w, id, reason, actor, detail::CorrectionAsker::supervisor);
    });
}

core::Result<std::int64_t> PgReviewStore::ask_to_recode(VisitId id, const std::string& reason, const Actor& actor) {
    if (auto refused = detail::correction_refused(id, reason)) return *refused;
    return write(m_ctx, detail::correction_what(id), actor, [&](detail::ReviewWriteScope& w) {
        return detail::request_correction(w, id, reason, actor, detail::CorrectionAsker::program);
    });
}

core::Result<int> PgReviewStore::resolve_corrections(VisitId id, int revision, const Actor& actor) {
    return write(m_ctx, detail::resolve_what(id), actor,
                 [&](detail::ReviewWriteScope& w) { return detail::resolve_corrections(w, id, revision, actor); });
}

// ---- 3. reads ----------------------------------------------------------------------------------
core::Result<std::vector<SiteCareNote>> PgReviewStore::site_care_notes(VisitId id) {
    return read(m_ctx, "cannot read the site-care notes of visit " + std::to_string(id),
                [&](detail::SqlSession& db) { return detail::site_care_notes(db, id); });
}

core::Result<std::vector<Countersignature>> PgReviewStore::countersignatures(VisitId id) {
    return read(m_ctx, "cannot read the countersignatures of visit " + std::to_string(id),
                [&](detail::SqlSession& db) { return detail::countersignatures(db, id); });
}

core::Result<std::vector<CorrectionRequest>> PgReviewStore::corrections(VisitId id) {
    return read(m_ctx, "cannot read the correction requests of visit " + std::to_string(id),
                [&](detail::SqlSession& db) { return detail::corrections(db, id); });
}

core::Result<std::vector<RequestHold>> PgReviewStore::open_requests_of_date(const std::string& patient_mrn,
                                                                            std::chrono::year_month_day date) {
    return read(m_ctx, "cannot read the correction requests of patient " + patient_mrn,
                [&](detail::SqlSession& db) { return detail::open_requests_of_date(db, patient_mrn, date); });
}

core::Result<ReviewQueuePage> PgReviewStore::review_queue(const ReviewQueueFilter& filter) {
    return read(m_ctx, "cannot read the review queue",
                [&](detail::SqlSession& db) { return detail::review_queue(db, filter); });
}

core::Result<VisitPage> PgReviewStore::open_corrections_for(const std::string& nurse, const VisitFilter& filter) {
    return read(m_ctx, "cannot list the visits to correct for " + nurse,
                [&](detail::SqlSession& db) { return detail::open_corrections_for(db, nurse, filter); });
}

core::Result<SiteHistory> PgReviewStore::site_history(const std::string& patient_id, int visits) {
    return read(m_ctx, "cannot read the site history of patient " + patient_id,
                [&](detail::SqlSession& db) { return detail::site_history(db, patient_id, visits); });
}

core::Result<std::vector<core::BilledElsewhere>> PgReviewStore::billed_elsewhere(const std::string& patient_id,
                                                                                 std::chrono::year_month_day from,
                                                                                 std::chrono::year_month_day to,
                                                                                 std::optional<VisitId> except) {
    return read(m_ctx, "cannot read what patient " + patient_id + "'s other visits bill",
                [&](detail::SqlSession& db) { return detail::billed_elsewhere(db, patient_id, from, to, except); });
}

core::Result<ClinicOverview> PgReviewStore::clinic_overview(std::chrono::year_month_day from,
                                                            std::chrono::year_month_day to) {
    return read(m_ctx, "cannot compute the clinic overview",
                [&](detail::SqlSession& db) { return detail::clinic_overview(db, from, to); });
}

core::Result<AuditReportPage> PgReviewStore::audit_report(const AuditReportQuery& query) {
    // The count and the page from one snapshot, so they agree while other workstations append.
    return read(m_ctx, "cannot read the audit report",
                [&](detail::SqlSession& db) { return detail::audit_report(db, query); });
}

core::Status PgReviewStore::audit_rows(const AuditReportQuery& query,
                                       const std::function<bool(const AuditEntry&)>& row) {
    // A cursor in one snapshot, fetched a page at a time: memory stays one page deep for any range, and
    // rows appended meanwhile by other workstations are not half-seen.
    constexpr int page = 1000;
    try {
        PgSnapshot snapshot(m_ctx.conn);
        PgSession session(m_ctx.conn);
        const auto statement = detail::audit_rows_statement(session, query);
        session.exec("DECLARE audit_rows NO SCROLL CURSOR FOR " + statement.sql, statement.params);
        for (;;) {
            int fetched = 0;
            bool more = true;
            session.query("FETCH FORWARD " + std::to_string(page) + " FROM audit_rows", {},
                          [&](const detail::SqlRow& r) {
                              ++fetched;
                              if (more) more = row(detail::audit_entry(r));
                          });
            if (!more || fetched < page) break;
        }
        return core::Done{};
    } catch (const std::exception& e) {
        return pg_error("cannot read the audit log", e, m_ctx.where);
    }
}

}  // namespace infusion::storage::pg
