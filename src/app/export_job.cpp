#include "app/export_job.hpp"

#include "storage/database.hpp"

namespace infusion::app {

ExportJob::ExportJob(storage::DatabaseLocation database, const settings::Config& config, ExportRequest request,
                     storage::Actor actor) {
    m_thread = std::thread([this, database = std::move(database), &config, request = std::move(request),
                            actor = std::move(actor)]() mutable {
        run(std::move(database), config, std::move(request), std::move(actor));
    });
}

ExportJob::~ExportJob() {
    m_cancel.store(true);
    if (m_thread.joinable()) m_thread.join();
}

void ExportJob::run(storage::DatabaseLocation database, const settings::Config& config, ExportRequest request,
                    storage::Actor actor) {
    core::Result<ExportOutcome> outcome = core::Error{"not run"};
    auto db = storage::open_database(database, {.create_if_missing = false, .read_only = false});
    if (!db) {
        outcome = db.error();
    } else {
        outcome = write_export(db.value()->billing(), config, request, actor, [this](std::int64_t lines) {
            m_lines.store(lines);
            return !m_cancel.load();
        });
        if (!outcome) record_failed_export(db.value()->audit(), request, outcome.error(), actor);
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_result = std::move(outcome);
    }
    m_done.store(true);
}

std::optional<core::Result<ExportOutcome>> ExportJob::result() {
    if (!m_done.load()) return std::nullopt;
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_result;
}

}  // namespace infusion::app
