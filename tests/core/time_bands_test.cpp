// coding-rules.md section 2: the time bands, tested at every edge.
#include "support/test_support.hpp"

#include <doctest/doctest.h>

using namespace infusion;

TEST_CASE("time bands: each band edge gives the lines of coding-rules.md section 2") {
    struct Row {
        int minutes;
        const char* lines;  // administration lines only
    };
    // "1-15: 96372; 16-90: 96369; 91-150: +96370 x1; 151-210: +96370 x2; each further 60: one more".
    const Row rows[] = {
        {1, "96372x1"},           {15, "96372x1"},          {16, "96369x1"},          {60, "96369x1"},
        {61, "96369x1"},          {90, "96369x1"},          {91, "96369x1 96370x1"},  {150, "96369x1 96370x1"},
        {151, "96369x1 96370x2"}, {210, "96369x1 96370x2"}, {211, "96369x1 96370x3"}, {270, "96369x1 96370x3"},
        {271, "96369x1 96370x4"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.minutes);
        auto visit = test::sample_visit(row.minutes);
        visit.substances[0].name = "Unlisted product";  // no drug line: administration lines only
        visit.substances[0].ndc.clear();                // (with Hizentra's NDC it would be billed as Hizentra)
        const auto coding = test::derive(visit);
        CHECK(coding.billable);
        REQUIRE(coding.infusion_minutes);
        CHECK(*coding.infusion_minutes == row.minutes);
        CHECK(test::summary(coding.lines) == row.lines);
    }
}
