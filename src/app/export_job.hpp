#pragma once
// A billing export running off the window's thread, on its own database connection (WAL lets the
// screen keep reading meanwhile). The screen polls progress each frame and may cancel: a cancelled
// export records no batch and leaves no file. Made only by BillingService::start_export, after its
// permission check.
#include "app/export_billing.hpp"
#include "storage/database.hpp"

#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

namespace infusion::app {

class ExportJob {
public:
    ExportJob(storage::DatabaseLocation database, const settings::Config& config, ExportRequest request,
              storage::Actor actor);
    ~ExportJob();  // cancels and waits
    ExportJob(const ExportJob&) = delete;
    ExportJob& operator=(const ExportJob&) = delete;

    [[nodiscard]] bool running() const { return !m_done.load(); }
    [[nodiscard]] std::int64_t lines() const { return m_lines.load(); }
    void cancel() { m_cancel.store(true); }
    // Once done: the outcome, or the error.
    [[nodiscard]] std::optional<core::Result<ExportOutcome>> result();

private:
    void run(storage::DatabaseLocation database, const settings::Config& config, ExportRequest request,
             storage::Actor actor);

    std::atomic<bool> m_done{false};
    std::atomic<bool> m_cancel{false};
    std::atomic<std::int64_t> m_lines{0};
    std::mutex m_mutex;
    std::optional<core::Result<ExportOutcome>> m_result;
    std::thread m_thread;
};

}  // namespace infusion::app
