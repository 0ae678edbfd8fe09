#include "storage/sqlite_export_seal_check.hpp"

#include "storage/exported_lines_check.hpp"
#include "storage/sqlite_session.hpp"
#include "storage/sqlite_support.hpp"
#include "storage/wal_batching_vfs.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <utility>

namespace infusion::storage::detail {
namespace {

std::optional<core::Error> check_on_own_connection(const std::string& file, std::vector<VisitId> visits,
                                                   const std::optional<DateRange>& dates) {
    try {
        SQLite::Database db(file, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, 5000, wal_batching_vfs());
        Connection connection(db);
        SqliteSession session(connection);
        SQLite::Transaction snapshot(db);  // one snapshot for every page's queries; rolled back: nothing written
        return exported_visits_changed(session, std::move(visits), file, dates);
    } catch (const std::exception& e) {
        return sqlite_error("cannot check the seals of the visits to export; nothing was exported", e, file);
    }
}

}  // namespace

ExportSealCheck::ExportSealCheck(const std::string& file, std::vector<VisitId> visits, std::optional<DateRange> dates,
                                 const std::function<std::optional<core::Error>(std::vector<VisitId>)>& run_here) {
    if (file.empty() || file == ":memory:") {
        m_done = run_here(std::move(visits));
        return;
    }
    m_running = std::async(std::launch::async, [file, v = std::move(visits), d = std::move(dates)]() mutable {
        return check_on_own_connection(file, std::move(v), d);
    });
}

ExportSealCheck::~ExportSealCheck() {
    if (m_running.valid()) m_running.wait();
}

std::optional<core::Error> ExportSealCheck::result() {
    if (m_running.valid()) m_done = m_running.get();
    return m_done;
}

}  // namespace infusion::storage::detail
