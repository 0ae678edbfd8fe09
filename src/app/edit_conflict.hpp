#pragma once
// What a nurse is told when her save or signature started from a version of the visit that someone
// else has since written (another window or workstation): who, and when in the clinic's time, as the
// window shows times. Concurrent editing is described in docs/storage.md; nothing is ever overwritten.
#include "app/acting.hpp"
#include "core/result.hpp"
#include "storage/records.hpp"

namespace infusion::app {

// ErrorKind::conflict: "visit 12 was changed by rn.haddad at 10:42 since you opened it; nothing of yours
// was saved. Reload to see it". `now` is the visit as it is stored now; a change made on another day
// than the clinic's today names the date too.
[[nodiscard]] core::Error edit_conflict(const storage::StoredVisit& now, const ClinicClock& clock);
// "visit 12 was changed by rn.haddad at 10:42 since you opened it": said as soon as the window learns of
// it, before the nurse types anything (nothing of hers is lost yet).
[[nodiscard]] std::string written_elsewhere(const storage::StoredVisit& now, const ClinicClock& clock);

// "10:42" (or "2026-03-01 10:42" on another day than today) for a UTC instant, in the clinic's zone; the
// instant itself when it cannot be read.
[[nodiscard]] std::string clinic_clock_time(const std::string& utc_iso, const ClinicClock& clock);

}  // namespace infusion::app
