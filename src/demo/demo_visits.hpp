#pragma once
// Synthetic but realistic SC infusion visits for demos, tests and benchmarks (`infusiondoc demo-data`).
//
// Deterministic: the same options and catalogs give the same visits, on every platform (the random
// draws are our own, on std::mt19937_64, because the std distributions differ between standard
// libraries). Uses only core types and the standard library: the caller stores the visits.
#include "core/catalog.hpp"
#include "core/visit.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace infusion::demo {

struct DemoOptions {
    std::uint64_t seed = 42;
    std::chrono::year_month_day first_day{std::chrono::year{2026}, std::chrono::January, std::chrono::day{1}};
    std::chrono::year_month_day last_day{std::chrono::year{2026}, std::chrono::December, std::chrono::day{31}};
    int patients = 0;  // 0: about one per 20 visits, at least 5, and five of the busiest day's visits
    std::string time_zone = "America/New_York";
    std::vector<std::string> nurses = {"rn.okafor", "rn.lindqvist", "rn.haddad", "rn.moreau"};
    // How many visits the caller means to draw (the N of --visits N). Spreading visits evenly over the
    // date range, and "one patient per 20 visits", both need the total; visits drawn beyond it all fall
    // on last_day. Last member, so designated initialisers of the members above stay valid.
    std::uint64_t visits = 1000;
    // The local time on last_day (minutes after midnight) at which the data ends, as a clinic's record
    // ends at the moment it is looked at: that day gets the share of its list the clinic has reached,
    // its visits start before this time, and those still running are documented as far as they have
    // come (no stop on a pump still running, no note after this time). nullopt: last_day whole, like any
    // earlier day. Ignored on a day the zone changes its offset, and before the list's first visit on a
    // range that is last_day alone.
    std::optional<int> last_day_until;
};

class DemoVisitGenerator {
public:
    // Throws std::invalid_argument for an unusable range (first_day after last_day, invalid dates,
    // more than 100 years), an unknown time zone, a catalog without sites or without any SC immune
    // globulin product. An empty nurse list falls back to the default nurses.
    DemoVisitGenerator(DemoOptions options, const core::SubstanceCatalog& substances, const core::SiteCatalog& sites);
    ~DemoVisitGenerator();
    DemoVisitGenerator(DemoVisitGenerator&&) noexcept;
    DemoVisitGenerator& operator=(DemoVisitGenerator&&) noexcept;
    DemoVisitGenerator(const DemoVisitGenerator&) = delete;
    DemoVisitGenerator& operator=(const DemoVisitGenerator&) = delete;

    // The next visit. Visits come in date order, spread evenly from first_day to last_day, mostly on
    // working days. Each day in the range on which the time zone changes its offset (America/New_York:
    // the second Sunday of March, the first Sunday of November) gets a few night visits around the
    // change, so daylight-saving handling is exercised; in the repeated hour about half of them write
    // the UTC offset, the others are held as ambiguous (as the program must do).
    [[nodiscard]] core::Visit next();
    [[nodiscard]] std::uint64_t produced() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

}  // namespace infusion::demo
