#pragma once
// Reading the audit log by clinic dates: the supervisor's report screen and `infusiondoc audit report`.
// Dates are the clinic's calendar days (clinic.toml time_zone); the log keeps UTC instants, so a day
// is the span from its local midnight to the next.
#include "core/result.hpp"
#include "storage/review_store.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace infusion::app {

struct AuditQuery {
    std::optional<std::chrono::year_month_day> from;  // inclusive clinic days
    std::optional<std::chrono::year_month_day> to;
    std::optional<std::string> actor;
    std::optional<std::string> action;
    std::optional<storage::VisitId> visit;
    storage::AuditSort sort = storage::AuditSort::oldest_first;
    int limit = 100;
    std::int64_t offset = 0;
};

// The UTC instant ("YYYY-MM-DDTHH:MM:SSZ") at which the clinic day `day` begins in `time_zone`. A
// midnight skipped by a clock change is the instant after the gap; a repeated one the first.
[[nodiscard]] std::string utc_start_of(std::chrono::year_month_day day, std::string_view time_zone);

// The storage query for a page of the report (from inclusive, the day after `to` exclusive).
[[nodiscard]] storage::AuditReportQuery audit_report_query(const AuditQuery& query, std::string_view time_zone);

// Every matching row in the query's order, streamed from one read (memory stays one row deep on a log
// of millions). `row` returning false stops early. Limit and offset of `query` are not used.
[[nodiscard]] core::Status for_each_audit_entry(storage::ReviewStore& store, const AuditQuery& query,
                                                std::string_view time_zone,
                                                const std::function<bool(const storage::AuditEntry&)>& row);

}  // namespace infusion::app
