#include "app/audit_service.hpp"

#include "core/wall_time.hpp"

namespace infusion::app {
namespace {

std::string range_text(const AuditQuery& query) {
    const auto day = [](const std::optional<std::chrono::year_month_day>& d) {
        return d ? core::format_date(*d) : std::string("-");
    };
    // A visit's trail says so, and an open range is not written "- to -" (read from outside as meaningless).
    std::string text = query.visit ? "audit trail of visit " + std::to_string(*query.visit) : "audit report";
    if (query.from || query.to) {
        text += " " + day(query.from) + " to " + day(query.to);
    } else if (!query.visit) {
        text += ", every day";
    }
    if (query.actor) text += ", actor " + *query.actor;
    if (query.action) text += ", action " + *query.action;
    return text;
}

}  // namespace

core::Status AuditService::may_read(const Acting& who, const std::string& what) {
    return who.require_any({Role::supervisor, Role::admin}, what);
}

core::Result<storage::AuditReportPage> AuditService::report(const Acting& who, const AuditQuery& query) {
    if (auto ok = may_read(who, "read the audit log"); !ok) return ok.error();
    if (query.offset == 0) {
        // Reading the trail is on the trail. A read-only database cannot take the row: the reading is
        // then refused, since it could not be recorded.
        if (auto logged = m_db.audit().record("audit-report", query.visit, range_text(query), who.actor()); !logged) {
            return core::Error{"the audit log is not shown: reading it could not be recorded (" +
                               logged.error().message + ")"};
        }
    }
    return m_db.reviews().audit_report(audit_report_query(query, who.clock().time_zone()));
}

core::Status AuditService::for_each(const Acting& who, const AuditQuery& query,
                                    const std::function<bool(const storage::AuditEntry&)>& row) {
    if (auto ok = may_read(who, "read the audit log"); !ok) return ok;
    if (auto logged = m_db.audit().record("audit-report", query.visit, range_text(query), who.actor()); !logged) {
        return core::Error{"the audit log is not shown: reading it could not be recorded (" + logged.error().message +
                           ")"};
    }
    return for_each_audit_entry(m_db.reviews(), query, who.clock().time_zone(), row);
}

CheckReading AuditService::read_chain() { return CheckReading(m_db.audit().verify()); }

core::Result<storage::CheckReport> AuditService::verify(const Acting& who, CheckReading reading) {
    if (auto ok = may_read(who, "verify the audit log"); !ok) return ok.error();
    auto report = std::move(reading.m_report);
    if (!report) return report;
    // Written after the check, so the row the check reads is never the one it adds.
    if (auto logged = m_db.audit().record("audit-verify", std::nullopt,
                                          report.value().ok ? "chain intact" : "chain broken", who.actor());
        !logged) {
        return core::Error{"the audit log was verified, but the reading could not be recorded (" +
                           logged.error().message + ")"};
    }
    return report;
}

core::Status AuditService::session_event(const Acting& who, const std::string& action, const std::string& detail) {
    return m_db.audit().record(action, std::nullopt, detail, who.actor());
}

}  // namespace infusion::app
