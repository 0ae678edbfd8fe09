#pragma once
// Audit rows app/ writes beside a use case (who read or printed which record, a refusal), so that a
// failed audit write is never ignored: it stops the use case or is said in its answer.
#include "core/result.hpp"
#include "storage/visit_store.hpp"

#include <optional>
#include <string>

namespace infusion::app {

// Who read or printed a record is part of the record (HIPAA audit controls): the row is written or the
// reading stops, saying why. The one exception is a database open read-only (a backup, a file the
// clinic made unwritable): nothing can be written to it, so its readings go unrecorded by design.
[[nodiscard]] core::Status record_reading(storage::AuditLog& log, const std::string& action,
                                          std::optional<storage::VisitId> visit, const std::string& detail,
                                          const storage::Actor& actor);

// For a refusal that is returned whatever happens: `refusal`, with the audit failure added to its
// message when the row could not be written (so the person sees that the log missed it).
[[nodiscard]] core::Error with_refusal_row(storage::AuditLog& log, core::Error refusal, const std::string& action,
                                           std::optional<storage::VisitId> visit, const std::string& detail,
                                           const storage::Actor& actor);

}  // namespace infusion::app
