#pragma once
// Internal to storage/: an SQLite export checks the seals of the visits it is about to send
// (exported_lines_check.hpp) on a connection and a thread of their own, while its own connection formats and
// writes the lines. Checked one after the other, a year's export of the 1,000,000-visit database took 1.72 times
// the sqlite3 shell's time (issue 15's target is 1.3; 1.10 without the check); side by side, on the
// workstation's second core, 1.16 (scripts/bench --only export, 2026-12-07 08:00). Both connections read the same
// committed state: the export holds the write lock from before the check starts until it records its batch, and
// has written nothing yet.
#include "core/result.hpp"
#include "storage/exported_lines_check.hpp"
#include "storage/records.hpp"

#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

namespace infusion::storage::detail {

class ExportSealCheck {
public:
    // Starts checking `visits` of the database file `file` at once. An in-memory database (tests) has no file
    // another connection can open: `run_here` checks it on the export's own session, before this returns.
    // `dates`: the export's range (exported_lines_check.hpp).
    ExportSealCheck(const std::string& file, std::vector<VisitId> visits, std::optional<DateRange> dates,
                    const std::function<std::optional<core::Error>(std::vector<VisitId>)>& run_here);
    ExportSealCheck(const ExportSealCheck&) = delete;
    ExportSealCheck& operator=(const ExportSealCheck&) = delete;
    ~ExportSealCheck();  // waits for the check (an export cancelled before it ended)

    // Waits for the check: an error names the first visit changed outside InfusionDoc, or the check's own failure.
    [[nodiscard]] std::optional<core::Error> result();

private:
    std::optional<core::Error> m_done;
    std::future<std::optional<core::Error>> m_running;
};

}  // namespace infusion::storage::detail
