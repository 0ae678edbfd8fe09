#include "app/audit_rows.hpp"

namespace infusion::app {

core::Status record_reading(storage::AuditLog& log, const std::string& action, std::optional<storage::VisitId> visit,
                            const std::string& detail, const storage::Actor& actor) {
    auto logged = log.record(action, visit, detail, actor);
    if (logged || logged.error().kind == core::ErrorKind::refused) return core::Done{};
    core::Error e = logged.error();
    e.message = "who reads or prints a record is part of the record, and the audit log could not take the row (" +
                e.message + ")";
    return e;
}

core::Error with_refusal_row(storage::AuditLog& log, core::Error refusal, const std::string& action,
                             std::optional<storage::VisitId> visit, const std::string& detail,
                             const storage::Actor& actor) {
    if (auto logged = log.record(action, visit, detail, actor);
        !logged && logged.error().kind != core::ErrorKind::refused) {
        refusal.message += " (the refusal could not be written to the audit log: " + logged.error().message + ")";
    }
    return refusal;
}

}  // namespace infusion::app
