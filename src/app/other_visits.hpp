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

// The same, with what it counted: a signature carries it to the store, which refuses it as outdated
// (ErrorKind::outdated) when another visit of the patient and date was signed in between.
struct CodedWithOtherVisits {
    core::Coding coding;
    std::optional<storage::OtherVisitsCounted> counted;  // none: not read (no store, no date, unreadable)
};
[[nodiscard]] CodedWithOtherVisits derive_with_other_visits(const core::Visit& visit, core::CodingContext context,
                                                            const OtherVisits& others);

// Runs `write` (a signature or an amendment, coding the visit each time it runs) again while the store finds
// its count of the other visits outdated: once is the rule, a third time means signatures keep landing.
template <typename Write>
auto retried_while_outdated(Write&& write) -> decltype(write()) {
    for (int attempt = 1;; ++attempt) {
        auto done = write();
        if (done.ok() || done.error().kind != core::ErrorKind::outdated || attempt == 3) return done;
    }
}

}  // namespace infusion::app
