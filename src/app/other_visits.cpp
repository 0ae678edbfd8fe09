#include "app/other_visits.hpp"

#include "core/codes.hpp"
#include "core/wall_time.hpp"

#include <chrono>

namespace infusion::app {

core::Coding derive_counting_other_visits(const core::Visit& visit, core::CodingContext context,
                                          const OtherVisits& others) {
    return derive_with_other_visits(visit, context, others).coding;
}

CodedWithOtherVisits derive_with_other_visits(const core::Visit& visit, core::CodingContext context,
                                              const OtherVisits& others) {
    CodedWithOtherVisits out{core::derive(visit, context), std::nullopt};
    core::Coding& coding = out.coding;
    if (others.store == nullptr || !coding.date_of_service || core::is_blank(visit.patient.id)) return out;
    using std::chrono::days;
    using std::chrono::sys_days;
    const sys_days day{*coding.date_of_service};
    const std::chrono::year_month_day from{day - days{1}};
    const std::chrono::year_month_day to{day + days{1}};
    const auto billed = others.store->billed_elsewhere(visit.patient.id, from, to, others.self);
    if (!billed) {
        coding.problems.push_back(core::Problem{core::Severity::warning, "mue.other-visits-unread", "lines",
                                                "What patient " + visit.patient.id + "'s other visits bill on " +
                                                    core::format_date(*coding.date_of_service) +
                                                    " could not be read (" + billed.error().message +
                                                    "): the MUE per date of service counts this visit's lines only"});
        return out;
    }
    out.counted = storage::OtherVisitsCounted{visit.patient.id, from, to, billed.value()};
    if (billed.value().empty()) return out;
    context.billed_elsewhere = out.counted->lines;
    out.coding = core::derive(visit, context);
    return out;
}

}  // namespace infusion::app
