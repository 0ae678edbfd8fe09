#pragma once
// Internal to storage/: visits on PostgreSQL. What each write does is the SQLite store's, shared
// (storage/visit_writes.hpp); here are the server's transaction and chain: every write is one
// transaction holding the audit chain's advisory lock (pg_write.hpp), so writes from every workstation
// run one at a time, a draft's version read inside it cannot change under it (of two saves from one
// version exactly one lands), and its audit rows are next in the chain. Reads run in one snapshot
// (REPEATABLE READ), so a visit is never read half-saved.
#include "storage/postgres/pg_store_context.hpp"
#include "storage/visit_store.hpp"

namespace infusion::storage::pg {

class PgVisitStore final : public VisitStore {
public:
    explicit PgVisitStore(PgStoreContext context) : m_ctx(std::move(context)) {}

    core::Result<VisitId> create_draft(const core::Visit& visit, const Actor& actor, PatientNaming naming) override;
    core::Result<std::int64_t> save_draft(VisitId id, std::int64_t read_version, const core::Visit& visit,
                                          const Actor& actor, const SignedCoding* coding,
                                          const std::string& changed) override;
    core::Status sign(VisitId id, std::int64_t read_version, const SignedCoding& coding, const Actor& actor) override;
    core::Result<int> amend(VisitId id, std::int64_t read_version, const core::Visit& corrected,
                            const std::string& reason, const SignedCoding& coding, const Actor& actor) override;
    core::Result<std::vector<VisitId>> create_many(const std::vector<NewVisit>& visits, const Actor& actor) override;
    core::Status discard_draft(VisitId id, const Actor& actor) override;
    core::Result<StoredVisit> load(VisitId id) override;
    core::Result<CheckReport> verify_seals(VisitId id) override;
    core::Result<VisitPage> list(const VisitFilter& filter) override;
    core::Result<std::vector<PatientSummary>> find_patients(const std::string& text, int limit) override;

private:
    PgStoreContext m_ctx;
};

}  // namespace infusion::storage::pg
