#pragma once
// Internal to storage/: the SQLite implementations of VisitStore and AuditLog over one connection.
#include "storage/visit_store.hpp"

#include "storage/sqlite_write.hpp"

namespace infusion::storage::detail {

class SqliteVisitStore final : public VisitStore, private SqliteStore {
public:
    SqliteVisitStore(Connection& db, std::string file, bool read_only) : SqliteStore(db, std::move(file), read_only) {}

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
};

class SqliteAuditLog final : public AuditLog, private SqliteStore {
public:
    SqliteAuditLog(Connection& db, std::string file, bool read_only) : SqliteStore(db, std::move(file), read_only) {}

    core::Status record(const std::string& action, std::optional<VisitId> visit, const std::string& detail,
                        const Actor& actor) override;
    core::Result<std::vector<AuditEntry>> entries(const AuditFilter& filter) override;
    core::Result<CheckReport> verify() override;
};

}  // namespace infusion::storage::detail
