#pragma once
// Use case: visit records as PDF, for the chart and for payers' documentation requests. Who may print is
// checked here, for the window and the command line alike: nurses and supervisors print any visit,
// billers signed ones only (a draft is not a record yet). Every print is audited ("print").
#include "app/acting.hpp"
#include "app/clock.hpp"
#include "settings/config.hpp"
#include "storage/database.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace infusion::print {
struct VisitRecord;
}

namespace infusion::app {

struct PrintOutcome {
    std::filesystem::path file;
    std::vector<storage::VisitId> visits;  // in the order printed
};

class RecordPrinter {
public:
    RecordPrinter(storage::Database& db, const settings::Config& config, Clock clock = utc_now);

    // The visits `ids`, one record each, into one PDF at `out`. All or nothing: a visit that is missing
    // or may not be printed refuses the whole file, and nothing is written.
    [[nodiscard]] core::Result<PrintOutcome> print_visits(const Acting& who, const std::string& user,
                                                          const std::vector<storage::VisitId>& ids,
                                                          const std::filesystem::path& out);
    // Every visit of one patient with a date of service in [from, to], oldest first, after a cover page
    // (a payer's request). Billers get the signed ones; drafts are left out and counted in the outcome.
    [[nodiscard]] core::Result<PrintOutcome> print_patient(const Acting& who, const std::string& user,
                                                           const std::string& patient_id,
                                                           std::chrono::year_month_day from,
                                                           std::chrono::year_month_day to,
                                                           const std::filesystem::path& out);

private:
    [[nodiscard]] core::Result<print::VisitRecord> record(storage::VisitId id);
    // One "print" audit row per visit in the file; when the log cannot take them the file is removed again,
    // so no printed record goes unrecorded.
    [[nodiscard]] core::Status record_prints(const std::vector<storage::VisitId>& ids, const std::filesystem::path& out,
                                             const storage::Actor& actor);

    storage::Database& m_db;
    const settings::Config& m_config;
    Clock m_clock;
};

// Hands a PDF to the system's print command (`lp`) when there is one. Error: no print command, or it failed.
[[nodiscard]] core::Status send_to_printer(const std::filesystem::path& pdf);

}  // namespace infusion::app
