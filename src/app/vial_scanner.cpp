#include "app/vial_scanner.hpp"

#include "app/account_rules.hpp"
#include "core/gs1.hpp"
#include "core/vial_scan.hpp"

namespace infusion::app {
namespace {

// The clinic's calendar day now (the date of service of a visit whose infusion has not started yet).
std::chrono::year_month_day clinic_today(const Clock& clock, const std::string& zone) {
    const auto now =
        parse_utc(clock()).value_or(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    const auto local = core::wall_time_at(now, zone);
    const auto days =
        std::chrono::floor<std::chrono::days>(local ? local->local.time_since_epoch() : now.time_since_epoch());
    return std::chrono::year_month_day{std::chrono::sys_days{days}};
}

}  // namespace

ScanReport scan_vial(VisitEditor& editor, const std::string& scanned, const settings::Config& config,
                     const Clock& clock) {
    ScanReport report;
    if (!editor.is_open() || !editor.editable()) {
        report.error = "this visit is signed: scan into an amendment (\"Add amendment\") to add a vial";
        return report;
    }
    auto parsed = core::parse_gs1(scanned, config.scanner_gs_substitute);
    if (!parsed) {
        report.error = parsed.error().message;
        return report;
    }
    auto& visit = editor.visit();
    const auto zone = visit.time_zone.empty() ? config.clinic.time_zone : visit.time_zone;
    const auto date = core::first_start_date(visit).value_or(clinic_today(clock, zone));
    auto outcome = core::apply_vial_scan(visit, parsed.value(), config.substances, date);
    report.applied = outcome.vial_added;
    report.summary = std::move(outcome.summary);
    report.warnings = std::move(outcome.warnings);
    report.substance_index = outcome.substance_index;
    if (report.applied) editor.changed();
    return report;
}

}  // namespace infusion::app
