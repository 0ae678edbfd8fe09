#pragma once
// The biller's use cases: the worklist, its totals, exporting billing lines and writing a recorded
// batch again. Each needs the biller role now (docs/users.md); a refusal is audited once.
#include "app/acting.hpp"
#include "app/billing_configuration.hpp"
#include "app/export_billing.hpp"
#include "app/export_delivery.hpp"
#include "app/export_job.hpp"
#include "storage/database.hpp"

#include <functional>
#include <memory>

namespace infusion::app {

class BillingService {
public:
    // Exporting needs this workstation's billing configuration to be the database's (NPI, codes, units).
    BillingService(storage::Database& db, const settings::Config& config, BillingConfiguration& billing_configuration)
        : m_db(db), m_config(config), m_billing_configuration(billing_configuration) {}

    [[nodiscard]] core::Result<storage::WorklistPage> worklist(const Acting& who,
                                                               const storage::WorklistFilter& filter);
    [[nodiscard]] core::Result<storage::WorklistTotals> totals(const Acting& who, std::chrono::year_month_day from,
                                                               std::chrono::year_month_day to);
    // Exports the pending lines of the request's range (app/export_billing.hpp tells the order of
    // events). `progress(lines)` is called every few hundred lines; returning false cancels.
    [[nodiscard]] core::Result<ExportOutcome> export_billing(const Acting& who, const ExportRequest& request,
                                                             const std::function<bool(std::int64_t)>& progress);
    // The same on a thread of its own with its own connection (the window's export dialog).
    [[nodiscard]] core::Result<std::shared_ptr<ExportJob>> start_export(const Acting& who, ExportRequest request);
    // Writes a recorded batch again; the file is byte-identical to the first (its SHA-256 is checked).
    // A batch whose file never arrived is recorded as delivered to `out`.
    [[nodiscard]] core::Result<ExportOutcome> reexport_batch(const Acting& who, storage::BatchId batch,
                                                             const std::filesystem::path& out);
    // Delivers what earlier exports recorded but never put in place (app/export_delivery.hpp). Billers
    // and administrators (IT starts the program after a crash); a refusal is audited.
    // `asked`: what the person asked for, as a refusal names it ("list export batches" for `export batches`,
    // whose refusal said "deliver pending export batches"; found from outside).
    [[nodiscard]] core::Result<std::vector<Delivery>> deliver_pending(
        const Acting& who, const std::string& asked = "deliver pending export batches");
    // The newest `limit` batches with their delivery state (billers and administrators).
    [[nodiscard]] core::Result<std::vector<storage::BatchRecord>> batches(const Acting& who, int limit);

private:
    [[nodiscard]] core::Status may_export(const Acting& who, const ExportRequest& request);

    storage::Database& m_db;
    const settings::Config& m_config;
    BillingConfiguration& m_billing_configuration;
};

}  // namespace infusion::app
