#pragma once
// Internal to storage/: what the visit store does, written once for both backends (sql_session.hpp).
// SqliteVisitStore and pg::PgVisitStore only open the transaction, append the audit rows to their chain
// and turn their database's failures into messages; every read, check and row of a draft, a signature
// or an amendment is here, so both keep the same guarantees, refuse with the same kinds and words, and
// seal the same content alike.
#include "core/result.hpp"
#include "storage/records.hpp"
#include "storage/sql_session.hpp"
#include "storage/visit_store.hpp"

#include <string>

namespace infusion::storage::detail {

// One write of the visit store, inside the backend's open write transaction (it already holds what
// makes writes run one at a time: SQLite's IMMEDIATE lock, PostgreSQL's chain lock).
class VisitWriteScope {
public:
    VisitWriteScope(SqlSession& db, std::string where) : m_db(db), m_where(std::move(where)) {}
    virtual ~VisitWriteScope() = default;
    VisitWriteScope(const VisitWriteScope&) = delete;
    VisitWriteScope& operator=(const VisitWriteScope&) = delete;

    [[nodiscard]] SqlSession& db() { return m_db; }
    [[nodiscard]] const std::string& where() const { return m_where; }
    // Appends the change's audit row to the backend's chain; `subject` and `seal` name a row it sealed.
    virtual void audit(const std::string& action, VisitId visit, const std::string& detail,
                       const std::string& subject = {}, const std::string& seal = {}) = 0;
    // This change needs no audit row (`why` says, for the reader).
    virtual void no_audit_row(const char* why) = 0;

private:
    SqlSession& m_db;
    std::string m_where;
};

// The bodies of the VisitStore writes (visit_store.hpp says what each does).
[[nodiscard]] core::Result<VisitId> create_draft(VisitWriteScope& w, const core::Visit& visit, const Actor& actor,
                                                 PatientNaming naming);
[[nodiscard]] core::Result<std::int64_t> save_draft(VisitWriteScope& w, VisitId id, std::int64_t read_version,
                                                    const core::Visit& visit, const Actor& actor,
                                                    const SignedCoding* coding, const std::string& changed);
[[nodiscard]] core::Status sign_draft(VisitWriteScope& w, VisitId id, std::int64_t read_version,
                                      const SignedCoding& coding, const Actor& actor);
[[nodiscard]] core::Result<int> amend(VisitWriteScope& w, VisitId id, std::int64_t read_version,
                                      const core::Visit& corrected, const std::string& reason,
                                      const SignedCoding& coding, const Actor& actor);
// `index` is left at the visit being written when something failed (for batch_failure).
[[nodiscard]] core::Result<std::vector<VisitId>> create_many(VisitWriteScope& w,
                                                             const std::vector<VisitStore::NewVisit>& visits,
                                                             const Actor& actor, std::size_t& index);
[[nodiscard]] core::Status discard_draft(VisitWriteScope& w, VisitId id);

// Refusals checked before any transaction: an unusable patient id, an amendment without a reason.
[[nodiscard]] std::optional<core::Error> patient_id_refused(const core::Visit& visit, const std::string& where);
[[nodiscard]] std::optional<core::Error> amendment_refused(const std::string& reason, const std::string& where);
// A failed batch's message names the visit of the batch the database failed on ("what" began it).
[[nodiscard]] core::Result<std::vector<VisitId>> batch_failure(core::Result<std::vector<VisitId>> saved,
                                                               const std::string& what, std::size_t index,
                                                               std::size_t size);

// Reads, inside one snapshot the caller holds.
[[nodiscard]] core::Result<StoredVisit> load_visit(SqlSession& db, VisitId id, const std::string& where);
[[nodiscard]] VisitPage list_visits(SqlSession& db, const VisitFilter& filter);
[[nodiscard]] std::vector<PatientSummary> find_patients(SqlSession& db, const std::string& text, int limit);

}  // namespace infusion::storage::detail
