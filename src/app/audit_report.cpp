#include "app/audit_report.hpp"

#include "core/wall_time.hpp"

namespace infusion::app {
namespace {

core::Instant start_of(std::chrono::year_month_day day, std::string_view time_zone) {
    core::WallTime midnight;
    midnight.local = core::LocalSeconds{std::chrono::local_days{day}.time_since_epoch()};
    const core::ResolvedTime r = core::resolve(midnight, time_zone);
    switch (r.status) {
        case core::TimeResolution::ok: return r.instant;
        case core::TimeResolution::nonexistent: return r.second;
        case core::TimeResolution::ambiguous: return r.first;
        case core::TimeResolution::unknown_zone: break;
    }
    // The configuration is validated at load; an unknown zone here reads the days as UTC days.
    return core::Instant{midnight.local.time_since_epoch()};
}

core::Instant start_of_next(std::chrono::year_month_day day, std::string_view time_zone) {
    return start_of(std::chrono::year_month_day{std::chrono::sys_days{day} + std::chrono::days{1}}, time_zone);
}

}  // namespace

std::string utc_start_of(std::chrono::year_month_day day, std::string_view time_zone) {
    return core::format_utc(start_of(day, time_zone));
}

storage::AuditReportQuery audit_report_query(const AuditQuery& query, std::string_view time_zone) {
    storage::AuditReportQuery out;
    if (query.from) out.from_at = utc_start_of(*query.from, time_zone);
    if (query.to) out.to_at = core::format_utc(start_of_next(*query.to, time_zone));
    out.actor = query.actor;
    out.action = query.action;
    out.visit_id = query.visit;
    out.sort = query.sort;
    out.limit = query.limit;
    out.offset = query.offset;
    return out;
}

core::Status for_each_audit_entry(storage::AuditLog& log, const AuditQuery& query, std::string_view time_zone,
                                  const std::function<bool(const storage::AuditEntry&)>& row) {
    storage::AuditFilter filter;
    if (query.from) filter.from_at = utc_start_of(*query.from, time_zone);
    // AuditLog::entries takes an inclusive end; the log's instants are whole seconds.
    if (query.to) filter.to_at = core::format_utc(start_of_next(*query.to, time_zone) - std::chrono::seconds{1});
    filter.actor = query.actor;
    filter.action = query.action;
    filter.visit_id = query.visit;
    filter.limit = 1000;
    for (;;) {
        auto page = log.entries(filter);
        if (!page) return page.error();
        for (const auto& entry : page.value()) {
            if (!row(entry)) return core::Done{};
        }
        if (static_cast<int>(page.value().size()) < filter.limit) return core::Done{};
        filter.after_id = page.value().back().id;
    }
}

}  // namespace infusion::app
