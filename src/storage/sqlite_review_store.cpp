// The SQLite ReviewStore: what each call does is shared with PostgreSQL (review_writes.hpp); here are
// SQLite's transaction, its audit chain and its messages. Sections: 1. the write  2. writes  3. reads
#include "storage/sqlite_review_store.hpp"

#include "storage/review_flag_rows.hpp"
#include "storage/review_writes.hpp"
#include "storage/sqlite_session.hpp"

namespace infusion::storage::detail {
namespace {

// ---- 1. the write -------------------------------------------------------------------------------
// The shared review writes on this connection, their audit rows appended through the store's WriteScope.
class SqliteReviewScope final : public ReviewWriteScope {
public:
    SqliteReviewScope(SqliteSession& session, WriteScope& w, const std::string& file)
        : ReviewWriteScope(session, file), m_w(w) {}
    void audit(const std::string& action, std::optional<VisitId> visit, const std::string& detail,
               const std::string& subject, const std::string& seal) override {
        if (subject.empty() && seal.empty()) {
            m_w.audit(action, visit, detail);
        } else {
            m_w.sealed_audit(action, visit, detail, subject, seal);
        }
    }
    void no_audit_row(const char* why) override { m_w.no_audit_row(why); }

private:
    WriteScope& m_w;
};

}  // namespace

template <typename Body>
auto SqliteReviewStore::review_write(const std::string& what, const Actor& actor, Body&& body) {
    return write(what, actor, [&](WriteScope& w) {
        SqliteSession session(m_db);
        SqliteReviewScope scope(session, w, m_file);
        return body(scope);
    });
}

// ---- 2. writes ----------------------------------------------------------------------------------
core::Result<std::int64_t> SqliteReviewStore::apply_review_settings(const core::ReviewSettings& settings,
                                                                    const Actor& actor) {
    const std::string what = threshold_what(settings);
    try {
        // The usual case, read-only databases included: the queue follows the clinic's threshold already.
        if (queue_review_settings(m_db).long_infusion_minutes == settings.long_infusion_minutes) return 0;
    } catch (const std::exception& e) {
        return sqlite_error(what, e, m_file);
    }
    return review_write(what, actor, [&](ReviewWriteScope& w) { return detail::apply_review_settings(w, settings); });
}

core::Result<std::int64_t> SqliteReviewStore::add_site_care_note(VisitId id, const NewSiteCareNote& note,
                                                                 const Actor& actor) {
    if (auto refused = site_care_note_refused(note)) return *refused;
    return review_write(site_care_note_what, actor,
                        [&](ReviewWriteScope& w) { return detail::add_site_care_note(w, id, note, actor); });
}

core::Result<Countersignature> SqliteReviewStore::countersign(VisitId id, const std::string& comment,
                                                              const Actor& actor) {
    return review_write(countersign_what(id), actor,
                        [&](ReviewWriteScope& w) { return detail::countersign(w, id, comment, actor); });
}

core::Result<std::int64_t> SqliteReviewStore::request_correction(VisitId id, const std::string& reason,
                                                                 const Actor& actor) {
    if (auto refused = correction_refused(id, reason)) return *refused;
    return review_write(correction_what(id), actor, [&](ReviewWriteScope& w) {
        return detail::request_correction(w, id, reason, actor, detail::CorrectionAsker::supervisor);
    });
}

core::Result<std::int64_t> SqliteReviewStore::ask_to_recode(VisitId id, const std::string& reason, const Actor& actor) {
    if (auto refused = correction_refused(id, reason)) return *refused;
    return review_write(correction_what(id), actor, [&](ReviewWriteScope& w) {
        return detail::request_correction(w, id, reason, actor, detail::CorrectionAsker::program);
    });
}

core::Result<int> SqliteReviewStore::resolve_corrections(VisitId id, int revision, const Actor& actor) {
    return review_write(resolve_what(id), actor,
                        [&](ReviewWriteScope& w) { return detail::resolve_corrections(w, id, revision, actor); });
}

// ---- 3. reads -----------------------------------------------------------------------------------
template <typename Read>
auto SqliteReviewStore::read(const std::string& what, Read&& read_body)
    -> core::Result<std::invoke_result_t<Read, SqlSession&>> {
    try {
        SqliteSession session(m_db);
        return read_body(session);
    } catch (const std::exception& e) {
        return sqlite_error(what, e, m_file);
    }
}

core::Result<std::vector<SiteCareNote>> SqliteReviewStore::site_care_notes(VisitId id) {
    return read("cannot read the site-care notes of visit " + std::to_string(id),
                [&](SqlSession& db) { return detail::site_care_notes(db, id); });
}

core::Result<std::vector<Countersignature>> SqliteReviewStore::countersignatures(VisitId id) {
    return read("cannot read the countersignatures of visit " + std::to_string(id),
                [&](SqlSession& db) { return detail::countersignatures(db, id); });
}

core::Result<std::vector<CorrectionRequest>> SqliteReviewStore::corrections(VisitId id) {
    return read("cannot read the correction requests of visit " + std::to_string(id),
                [&](SqlSession& db) { return detail::corrections(db, id); });
}

core::Result<std::vector<RequestHold>> SqliteReviewStore::open_requests_of_date(const std::string& patient_mrn,
                                                                                std::chrono::year_month_day date) {
    return read("cannot read the correction requests of patient " + patient_mrn,
                [&](SqlSession& db) { return detail::open_requests_of_date(db, patient_mrn, date); });
}

core::Result<ReviewQueuePage> SqliteReviewStore::review_queue(const ReviewQueueFilter& filter) {
    return read("cannot read the review queue", [&](SqlSession& db) { return detail::review_queue(db, filter); });
}

core::Result<VisitPage> SqliteReviewStore::open_corrections_for(const std::string& nurse, const VisitFilter& filter) {
    return read("cannot list the visits to correct for " + nurse,
                [&](SqlSession& db) { return detail::open_corrections_for(db, nurse, filter); });
}

core::Result<SiteHistory> SqliteReviewStore::site_history(const std::string& patient_id, int visits) {
    return read("cannot read the site history of patient " + patient_id,
                [&](SqlSession& db) { return detail::site_history(db, patient_id, visits); });
}

core::Result<std::vector<core::BilledElsewhere>> SqliteReviewStore::billed_elsewhere(const std::string& patient_id,
                                                                                     std::chrono::year_month_day from,
                                                                                     std::chrono::year_month_day to,
                                                                                     std::optional<VisitId> except) {
    return read("cannot read what patient " + patient_id + "'s other visits bill",
                [&](SqlSession& db) { return detail::billed_elsewhere(db, patient_id, from, to, except); });
}

core::Result<ClinicOverview> SqliteReviewStore::clinic_overview(std::chrono::year_month_day from,
                                                                std::chrono::year_month_day to) {
    return read("cannot compute the clinic overview",
                [&](SqlSession& db) { return detail::clinic_overview(db, from, to); });
}

core::Result<AuditReportPage> SqliteReviewStore::audit_report(const AuditReportQuery& query) {
    return read("cannot read the audit report", [&](SqlSession& db) { return detail::audit_report(db, query); });
}

core::Status SqliteReviewStore::audit_rows(const AuditReportQuery& query,
                                           const std::function<bool(const AuditEntry&)>& row) {
    try {
        // One statement stepped a row at a time: memory stays one row deep for any range.
        const SqliteSession session(m_db);
        const auto statement = audit_rows_statement(session, query);
        auto s_use = m_db.prepare(statement.sql);
        SQLite::Statement& s = *s_use;
        bind_values(s, statement.params);
        const SqliteRow current(s);
        while (s.executeStep()) {
            if (!row(audit_entry(current))) break;
        }
        s.reset();
        return core::Done{};
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the audit log", e, m_file);
    }
}

}  // namespace infusion::storage::detail
