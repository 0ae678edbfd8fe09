#include "app/record_intact.hpp"

namespace infusion::app {

core::Status signed_record_intact(storage::VisitStore& visits, storage::VisitId id, const std::string& not_done) {
    auto report = visits.verify_seals(id);
    if (!report) return report.error();
    if (report.value().ok) return core::Done{};
    const auto& findings = report.value().findings;
    return core::Error::of(core::ErrorKind::corrupt,
                           "visit " + std::to_string(id) + " was changed outside InfusionDoc after it was signed (" +
                               (findings.empty() ? std::string("its seal does not match") : findings.front()) +
                               "); it was not " + not_done +
                               ". Run 'infusiondoc db check --full' and restore the last backup");
}

}  // namespace infusion::app
