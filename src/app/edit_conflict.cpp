#include "app/edit_conflict.hpp"

#include "app/signing_check.hpp"
#include "core/wall_time.hpp"

namespace infusion::app {

std::string clinic_clock_time(const std::string& utc_iso, const ClinicClock& clock) {
    const auto instant = instant_of(utc_iso);
    if (!instant) return utc_iso;
    const auto wall = core::wall_time_at(*instant, clock.time_zone());
    if (!wall) return utc_iso;
    const std::string local = core::format_local(*wall);  // "2026-03-02 10:42"
    const auto day = core::local_date_at(*instant, core::Zone::find(clock.time_zone()));
    if (day && *day == clock.today()) return local.substr(local.find(' ') + 1);
    return local;
}

std::string written_elsewhere(const storage::StoredVisit& now, const ClinicClock& clock) {
    const std::string who = now.changed_by.empty() ? std::string("someone else") : now.changed_by;
    const std::string what = now.status == storage::VisitStatus::draft ? "changed" : "signed";
    return "visit " + std::to_string(now.id) + " was " + what + " by " + who + " at " +
           clinic_clock_time(now.changed_at, clock) + " since you opened it";
}

core::Error edit_conflict(const storage::StoredVisit& now, const ClinicClock& clock) {
    return core::Error::of(core::ErrorKind::conflict,
                           written_elsewhere(now, clock) + "; nothing of yours was saved. Reload to see it");
}

}  // namespace infusion::app
