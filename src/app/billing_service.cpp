#include "app/billing_service.hpp"

#include "app/audit_rows.hpp"

#include "core/wall_time.hpp"

namespace infusion::app {

core::Result<storage::WorklistPage> BillingService::worklist(const Acting& who, const storage::WorklistFilter& filter) {
    if (auto ok = who.require(Role::biller, "read the billing worklist"); !ok) return ok.error();
    return m_db.billing().worklist(filter);
}

core::Result<storage::WorklistTotals> BillingService::totals(const Acting& who, std::chrono::year_month_day from,
                                                             std::chrono::year_month_day to) {
    if (auto ok = who.require(Role::biller, "read the billing totals"); !ok) return ok.error();
    return m_db.billing().totals(from, to);
}

core::Status BillingService::may_export(const Acting& who, const ExportRequest& request) {
    const std::string what = std::string(request.dry_run ? "count billing lines to export" : "export billing") +
                             " from " + core::format_date(request.selection.from) + " to " +
                             core::format_date(request.selection.to);
    if (auto ok = who.require(Role::biller, what); !ok) return ok;
    // A count writes nothing; an export carries the configuration's NPI, codes and units.
    if (request.dry_run) return core::Done{};
    return m_billing_configuration.require_accepted(who, what);
}

core::Result<ExportOutcome> BillingService::export_billing(const Acting& who, const ExportRequest& request,
                                                           const std::function<bool(std::int64_t)>& progress) {
    if (auto ok = may_export(who, request); !ok) return ok.error();
    auto outcome = write_export(m_db.billing(), m_config, request, who.actor(), progress);
    if (!outcome) record_failed_export(m_db.audit(), request, outcome.error(), who.actor());
    return outcome;
}

core::Result<std::shared_ptr<ExportJob>> BillingService::start_export(const Acting& who, ExportRequest request) {
    if (auto ok = may_export(who, request); !ok) return ok.error();
    return std::make_shared<ExportJob>(m_db.location(), m_config, std::move(request), who.actor());
}

core::Result<ExportOutcome> BillingService::reexport_batch(const Acting& who, storage::BatchId batch,
                                                           const std::filesystem::path& out) {
    if (auto ok = who.require(Role::biller, "re-export batch " + std::to_string(batch)); !ok) return ok.error();
    auto written = rewrite_batch(m_db.billing(), m_config, batch, out, who.actor());
    if (!written) {
        // Written with this workstation's clinic and code settings: when they are not the clinic's, that is
        // the likely cause, and the biller is told so (it read only "differs from batch N").
        core::Error e = written.error();
        const auto state = m_billing_configuration.state();
        if (e.message.rfind(rewritten_differs, 0) == 0 && state && !state.value().matches()) {
            e.message += "; this workstation's billing configuration differs from the clinic's accepted one (" +
                         state.value().differing_text() +
                         "), so its file cannot be the batch's: write it again at a workstation with the clinic's "
                         "configuration folder, or ask the clinic's administrator";
        }
        return e;
    }
    // A batch carries every patient's name, birth date and id: writing it again is a reading of them, and
    // is recorded as one, like a printed record. A copy the log missed is not kept.
    const auto& outcome = written.value();
    auto logged = record_reading(m_db.audit(), "export-again", std::nullopt,
                                 "batch " + std::to_string(batch) + " written again to " +
                                     std::filesystem::absolute(out).string() + ": " + std::to_string(outcome.lines) +
                                     " lines, sha256 " + (outcome.batch ? outcome.batch->sha256 : std::string()),
                                 who.actor());
    if (!logged) {
        std::error_code ec;
        std::filesystem::remove(out, ec);
        core::Error e = logged.error();
        e.message = "the file was not kept: " + e.message;
        return e;
    }
    return written;
}

core::Result<std::vector<Delivery>> BillingService::deliver_pending(const Acting& who, const std::string& asked) {
    if (auto ok = who.require_any({Role::biller, Role::admin}, asked); !ok) {
        return ok.error();
    }
    return deliver_pending_batches(m_db.billing(), m_config, who.actor());
}

core::Result<std::vector<storage::BatchRecord>> BillingService::batches(const Acting& who, int limit) {
    if (auto ok = who.require_any({Role::biller, Role::admin}, "list export batches"); !ok) return ok.error();
    return m_db.billing().batches(limit);
}

}  // namespace infusion::app
