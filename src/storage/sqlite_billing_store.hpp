#pragma once
// Internal to storage/: the SQLite BillingStore.
#include "storage/billing_store.hpp"
#include "storage/sqlite_write.hpp"

#include <string>

namespace infusion::storage::detail {

// The export's working tables (a connection's own, TEMP) and the one INSERT ... SELECT that lists the
// pending lines into them in export order: by the selection's visits, or by the range's (:from, :to) and
// amended visits outside it. Here so a test can read SQLite's plan for it on any file.
extern const char* const export_temp_tables_sql;
[[nodiscard]] std::string pending_sql(bool by_selection, std::optional<std::int64_t> late_after_audit);

class SqliteBillingStore final : public BillingStore, private SqliteStore {
public:
    SqliteBillingStore(Connection& db, std::string file, bool read_only)
        : SqliteStore(db, std::move(file), read_only) {}

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
                                                               WriteScope* w, const ExportCallbacks& callbacks);
};

}  // namespace infusion::storage::detail
