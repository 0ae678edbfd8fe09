#pragma once
// Internal to storage/: the billing export on PostgreSQL, giving the SQLite store's results row for row
// (sqlite_billing_store.cpp): the same lines in the same order, so the same data makes byte-identical
// CSV and HL7 files, and the same worklist pages, states and totals (pg_worklist.cpp).
//
// Exactly once across workstations: an export is one transaction holding the audit chain's advisory lock
// (pg_write.hpp), as every write is, so two billers exporting at the same moment run one after the
// other and the second finds only what the first left; the unique index export_items_once is the
// server's own backstop. The lines are streamed from a cursor (one snapshot, a page at a time, never a
// year's export in memory whole); the batch, its lines and its sealed audit row are recorded only after
// `finish` succeeded, all in that transaction. A dry run reads in one REPEATABLE READ snapshot and
// writes nothing.
#include "storage/billing_store.hpp"
#include "storage/postgres/pg_store_context.hpp"

namespace infusion::storage::pg {

class PgBillingStore final : public BillingStore {
public:
    explicit PgBillingStore(PgStoreContext context) : m_ctx(std::move(context)) {}

    core::Result<std::optional<BatchRecord>> export_pending(const ExportSelection& selection, const std::string& format,
                                                            const Actor& actor, bool dry_run,
                                                            const ExportCallbacks& callbacks) override;
    core::Result<BatchRecord> batch(BatchId id) override;
    core::Status replay_batch(BatchId id, const std::function<bool(const ExportRow&)>& row) override;
    core::Result<std::vector<BatchRecord>> batches(int limit) override;
    core::Status record_delivery(BatchId id, const std::string& path, const Actor& actor) override;
    core::Result<std::vector<BatchRecord>> undelivered() override;
    core::Result<WorklistPage> worklist(const WorklistFilter& filter) override;
    core::Result<WorklistTotals> totals(std::chrono::year_month_day from, std::chrono::year_month_day to) override;

private:
    core::Result<std::optional<BatchRecord>> select_and_record(const ExportSelection& selection,
                                                               const std::string& format, const Actor& actor,
                                                               bool record, const ExportCallbacks& callbacks);
    // The batch as stored, inside the caller's transaction or snapshot; not_found when there is none.
    core::Result<BatchRecord> read_batch(BatchId id);
    // After a large batch is committed: export_items analysed at once, so the next export is planned on it.
    void refresh_export_statistics(std::int64_t lines);

    PgStoreContext m_ctx;
};

}  // namespace infusion::storage::pg
