#pragma once
// Reading the audit log, and the events of a session at the workstation (lock, unlock, sign-out).
//
// One rule for the window's audit report and `infusiondoc audit report|verify`: a supervisor or an
// administrator reads the log, and every reading is itself written to it (action `audit-report` or
// `audit-verify`), so who looked at the trail is on the trail. A refusal is audited like any other.
#include "app/acting.hpp"
#include "app/audit_report.hpp"
#include "storage/database.hpp"

#include <functional>

namespace infusion::app {

// A check read before anyone signs in: the sign-in is itself an audit row and must never be what the
// check reads. Nobody sees it until AuditService::verify or Clinic::check has checked who asks.
class CheckReading {
public:
    explicit CheckReading(core::Result<storage::CheckReport> report) : m_report(std::move(report)) {}

private:
    friend class AuditService;
    friend class Clinic;
    core::Result<storage::CheckReport> m_report;
};

class AuditService {
public:
    explicit AuditService(storage::Database& db) : m_db(db) {}

    // A page of the report. The first page (offset 0) is audited; scrolling further is not.
    [[nodiscard]] core::Result<storage::AuditReportPage> report(const Acting& who, const AuditQuery& query);
    // Every matching row, streamed (the command line's report); audited once before the first row.
    [[nodiscard]] core::Status for_each(const Acting& who, const AuditQuery& query,
                                        const std::function<bool(const storage::AuditEntry&)>& row);
    // Recomputes the hash chain now, before anyone signs in; verify() decides who may see the result.
    [[nodiscard]] CheckReading read_chain();
    // The chain as read_chain() found it, for supervisors and administrators; the reading is audited.
    [[nodiscard]] core::Result<storage::CheckReport> verify(const Acting& who, CheckReading reading);

    // What happened at the workstation, as the person at it: "sign-out", "lock", "unlock".
    [[nodiscard]] core::Status session_event(const Acting& who, const std::string& action, const std::string& detail);

private:
    [[nodiscard]] core::Status may_read(const Acting& who, const std::string& what);

    storage::Database& m_db;
};

}  // namespace infusion::app
