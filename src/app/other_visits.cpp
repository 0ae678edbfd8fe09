#include "app/other_visits.hpp"

#include "core/codes.hpp"
#include "core/wall_time.hpp"

#include <chrono>

namespace infusion::app {

core::Coding derive_counting_other_visits(const core::Visit& visit, core::CodingContext context,
                                          const OtherVisits& others) {
    core::Coding coding = core::derive(visit, context);
    if (others.store == nullptr || !coding.date_of_service || core::is_blank(visit.patient.id)) return coding;
    using std::chrono::days;
    using std::chrono::sys_days;
    const sys_days day{*coding.date_of_service};
    const auto billed = others.store->billed_elsewhere(visit.patient.id, std::chrono::year_month_day{day - days{1}},
                                                       std::chrono::year_month_day{day + days{1}}, others.self);
    if (!billed) {
        coding.problems.push_back(core::Problem{core::Severity::warning, "mue.other-visits-unread", "lines",
                                                "What patient " + visit.patient.id + "'s other visits bill on " +
                                                    core::format_date(*coding.date_of_service) +
                                                    " could not be read (" + billed.error().message +
                                                    "): the MUE per date of service counts this visit's lines only"});
        return coding;
    }
    if (billed.value().empty()) return coding;
    context.billed_elsewhere = billed.value();
    return core::derive(visit, context);
}

}  // namespace infusion::app
