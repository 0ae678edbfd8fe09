// Visits on PostgreSQL (pg_visit_store.hpp). Sections: 1. the write  2. writes  3. reading
#include "storage/postgres/pg_visit_store.hpp"

#include "storage/seal.hpp"

#include "storage/postgres/pg_audited_write.hpp"
#include "storage/postgres/pg_session.hpp"
#include "storage/postgres/pg_write.hpp"
#include "storage/visit_writes.hpp"

#include <type_traits>

namespace infusion::storage::pg {
namespace {

// ---- 1. the write ------------------------------------------------------------------------------
// The shared visit writes on this connection, their audit rows appended to the server's chain.
class PgVisitScope final : private PgSessionHolder, public detail::VisitWriteScope {
public:
    PgVisitScope(PgConnection& conn, const std::string& where, const Actor& actor)
        : PgSessionHolder{PgSession(conn)}, VisitWriteScope(session, where), m_rows(conn, actor) {}
    void audit(const std::string& action, VisitId visit, const std::string& detail, const std::string& subject,
               const std::string& seal) override {
        m_rows.append(action, visit, detail, subject, seal);
    }
    void no_audit_row(const char*) override { m_rows.exempt(); }
    [[nodiscard]] bool audited() const { return m_rows.audited(); }

private:
    PgAuditedRows m_rows;
};

template <typename Body>
auto write(const PgStoreContext& ctx, const std::string& what, const Actor& actor, Body&& body) {
    return audited_write<PgVisitScope>(ctx, what, actor, std::forward<Body>(body));
}

}  // namespace

// ---- 2. writes ---------------------------------------------------------------------------------
core::Result<VisitId> PgVisitStore::create_draft(const core::Visit& visit, const Actor& actor, PatientNaming naming) {
    if (auto refused = detail::patient_id_refused(visit, m_ctx.where)) return *refused;
    return write(m_ctx, "cannot create the visit", actor,
                 [&](PgVisitScope& w) { return detail::create_draft(w, visit, actor, naming); });
}

core::Result<std::int64_t> PgVisitStore::save_draft(VisitId id, std::int64_t read_version, const core::Visit& visit,
                                                    const Actor& actor, const SignedCoding* coding,
                                                    const std::string& changed) {
    if (auto refused = detail::patient_id_refused(visit, m_ctx.where)) return *refused;
    return write(m_ctx, "cannot save the draft", actor, [&](PgVisitScope& w) {
        return detail::save_draft(w, id, read_version, visit, actor, coding, changed);
    });
}

core::Result<std::vector<VisitId>> PgVisitStore::create_many(const std::vector<NewVisit>& visits, const Actor& actor) {
    std::size_t index = 0;
    const std::string what = "cannot save the visits";
    auto saved =
        write(m_ctx, what, actor, [&](PgVisitScope& w) { return detail::create_many(w, visits, actor, index); });
    return detail::batch_failure(std::move(saved), what, index, visits.size());
}

core::Status PgVisitStore::discard_draft(VisitId id, const Actor& actor) {
    return write(m_ctx, "cannot discard the draft", actor,
                 [&](PgVisitScope& w) { return detail::discard_draft(w, id); });
}

core::Status PgVisitStore::sign(VisitId id, std::int64_t read_version, const SignedCoding& coding, const Actor& actor) {
    return write(m_ctx, "cannot sign the visit", actor,
                 [&](PgVisitScope& w) { return detail::sign_draft(w, id, read_version, coding, actor); });
}

core::Result<int> PgVisitStore::amend(VisitId id, std::int64_t read_version, const core::Visit& corrected,
                                      const std::string& reason, const SignedCoding& coding, const Actor& actor) {
    if (auto refused = m_ctx.refuse_if_read_only("cannot amend the visit")) return *refused;
    if (auto refused = detail::amendment_refused(reason, m_ctx.where)) return *refused;
    return write(m_ctx, "cannot amend the visit", actor,
                 [&](PgVisitScope& w) { return detail::amend(w, id, read_version, corrected, reason, coding, actor); });
}

// ---- 3. reading --------------------------------------------------------------------------------
core::Result<StoredVisit> PgVisitStore::load(VisitId id) {
    try {
        PgSnapshot snapshot(m_ctx.conn);  // the visit and its rows from one moment
        PgSession session(m_ctx.conn);
        return detail::load_visit(session, id, m_ctx.where);
    } catch (const std::exception& e) {
        return pg_error("cannot read visit " + std::to_string(id), e, m_ctx.where);
    }
}

core::Result<CheckReport> PgVisitStore::verify_seals(VisitId id) {
    try {
        PgSnapshot snapshot(m_ctx.conn);
        PgSession session(m_ctx.conn);
        CheckReport report;
        detail::verify_visit_seals(session, id, report);
        return report;
    } catch (const std::exception& e) {
        return pg_error("cannot check the seals of visit " + std::to_string(id), e, m_ctx.where);
    }
}

core::Result<VisitPage> PgVisitStore::list(const VisitFilter& filter) {
    try {
        PgSession session(m_ctx.conn);
        return detail::list_visits(session, filter);
    } catch (const std::exception& e) {
        return pg_error("cannot list visits", e, m_ctx.where);
    }
}

core::Result<std::vector<PatientSummary>> PgVisitStore::find_patients(const std::string& text, int limit) {
    try {
        PgSession session(m_ctx.conn);
        return detail::find_patients(session, text, limit);
    } catch (const std::exception& e) {
        return pg_error("cannot search patients", e, m_ctx.where);
    }
}

}  // namespace infusion::storage::pg
