#pragma once
// The MUE per date of service counts every claim of the day (coding-rules.md 4, indicators 2 and 3):
// a patient seen twice on one date must not bill 96369 twice against an absolute limit of 1 (found from
// outside). derive() sees one visit; this reads what the patient's other signed visits bill around its
// date of service and codes the visit again with them when there are any.
#include "core/derive.hpp"
#include "storage/records.hpp"
#include "storage/review_store.hpp"

#include <optional>

namespace infusion::app {

// Where to read the other visits: the store, and the visit being coded (its own lines are not another
// visit's; none for a visit not stored yet). Without a store the visit is coded on its own.
struct OtherVisits {
    storage::ReviewStore* store = nullptr;
    std::optional<storage::VisitId> self;
};

// derive(), then again with the other visits' billed units when the patient has signed visits billing
// within a day of the date of service (a facility line of an overnight infusion has the next day's date).
// When they cannot be read the coding says so in a warning, rather than capping against this visit alone
// without a word.
[[nodiscard]] core::Coding derive_counting_other_visits(const core::Visit& visit, core::CodingContext context,
                                                        const OtherVisits& others);

}  // namespace infusion::app
