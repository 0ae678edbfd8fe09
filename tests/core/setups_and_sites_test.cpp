// coding-rules.md section 3: pump set-ups and sites, +96371 once per encounter, needles that returned
// blood, and add-ons that need their primary.
#include "core/administration_lines.hpp"
#include "core_test_helpers.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace infusion;
using coretest::setup_minutes;

namespace {

struct SetupSpec {
    int from;  // minutes after 09:00
    int to;
    const char* sites;  // space-separated site ids; "!id" is a needle that returned blood
};

core::Visit visit_with(const std::vector<SetupSpec>& setups) {
    auto v = test::sample_visit();
    v.pump_setups.clear();
    for (const auto& s : setups) v.pump_setups.push_back(setup_minutes(s.from, s.to, s.sites));
    return v;
}

}  // namespace

TEST_CASE("set-ups: 96371 needs an additional pump set-up AND a new site, and is reported once") {
    struct Row {
        std::vector<SetupSpec> setups;
        const char* lines;   // administration lines
        const char* addons;  // the addon.* problems, in order
        const char* rule;
    };
    const Row rows[] = {
        {{{0, 75, "abdomen-left-lower abdomen-right-lower abdomen-left-upper abdomen-right-upper"}},
         "96369x1",
         "",
         "\"one pump feeding 1-4 needles is still one 96369\""},
        {{{0, 75, "abdomen-left-lower abdomen-right-lower"}, {30, 75, "thigh-left"}},
         "96369x1 96371x1",
         "",
         "\"+96371: an additional pump set-up that establishes new SC site(s)\""},
        {{{0, 75, "abdomen-left-lower abdomen-right-lower"}, {30, 75, "abdomen-left-lower abdomen-right-lower"}},
         "96369x1",
         "addon.96371-suppressed",
         "\"A second set-up on needles already in place (re-priming, a new syringe on the same line) is not 96371\""},
        {{{0, 75, "abdomen-left-lower abdomen-right-lower"}, {30, 75, "abdomen-right-lower"}},
         "96369x1",
         "addon.96371-suppressed",
         "a second set-up on a subset of the earlier sites is not 96371"},
        {{{0, 75, "abdomen-left-lower abdomen-right-lower"}, {30, 75, "abdomen-left-lower thigh-left"}},
         "96369x1 96371x1",
         "",
         "\"96371 needs ... at least one new site\": one new site is enough"},
        {{{0, 75, "abdomen-left-lower"}, {20, 75, "thigh-left"}, {40, 75, "thigh-right"}},
         "96369x1 96371x1",
         "addon.96371-once",
         "\"Two or more additional set-ups with new sites still give 96371 x 1; say so in a warning.\""},
        {{{0, 75, "abdomen-left-lower"}, {20, 75, "abdomen-left-lower"}, {40, 75, "thigh-right"}},
         "96369x1 96371x1",
         "",
         "a re-primed set-up, then one at a new site: 96371 once, nothing to warn about"},
        {{{0, 75, "abdomen-left-lower"}, {20, 75, "thigh-left"}, {40, 75, "abdomen-left-lower"}},
         "96369x1 96371x1",
         "",
         "a third set-up back on an earlier site adds nothing to the one 96371"},
        {{{0, 75, "!abdomen-left-lower abdomen-right-lower"}},
         "96369x1",
         "",
         "\"The replacement needle on the same pump is a new site without a new pump set-up: no 96371.\""},
        {{{0, 75, "abdomen-left-lower"}, {30, 75, "!thigh-left abdomen-left-lower"}},
         "96369x1",
         "addon.96371-suppressed",
         "\"A needle that returned blood ... is not an infusion site\": its location is not a new site"},
        {{{0, 75, "!thigh-left abdomen-left-lower"}, {30, 75, "thigh-left"}},
         "96369x1 96371x1",
         "",
         "\"A site is new when its location was not used by an earlier set-up\": a removed needle did not use it"},
        {{{0, 10, "abdomen-left-lower"}, {2, 12, "thigh-left"}},
         "96372x1",
         "addon.suppressed",
         "\"Add-ons need their primary: when T <= 15 (96372) ... neither 96370 nor 96371 is reported; say why.\""},
        {{{0, 15, "abdomen-left-lower"}, {5, 15, "abdomen-left-lower"}},
         "96372x1",
         "addon.suppressed",
         "T of 15 with a re-primed set-up: 96372, and the add-on is explained"},
        {{{0, 15, "abdomen-left-lower"}}, "96372x1", "", "T of 15 with one set-up: 96372 and nothing suppressed"},
        {{{0, 16, "abdomen-left-lower"}, {5, 16, "thigh-left"}},
         "96369x1 96371x1",
         "",
         "T of 16: 96369, so the add-on is reported"},
        {{{0, 200, "abdomen-left-lower"}, {60, 200, "thigh-left"}},
         "96369x1 96370x2 96371x1",
         "",
         "96370 and 96371 together on one 96369"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        const auto coding = test::derive(visit_with(row.setups));
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        CHECK(coretest::admin_summary(coding.lines) == std::string(row.lines));
        CHECK(coretest::problem_codes(coding, "addon.") == std::string(row.addons));
        for (const auto& p : coding.problems) {
            if (p.code.rfind("addon.", 0) == 0) CHECK(p.severity == core::Severity::warning);
        }
    }
}

TEST_CASE("set-ups: the 96371 reason names the set-up and its new sites, the warning names the set-up") {
    SUBCASE("96371 reported") {
        const auto coding =
            test::derive(visit_with({{0, 75, "abdomen-left-lower"}, {30, 75, "abdomen-left-lower thigh-right"}}));
        const core::BillingLine* line = coretest::find_line(coding.lines, "96371");
        REQUIRE(line != nullptr);
        CAPTURE(line->reason);
        CHECK(line->units == 1);
        CHECK(line->reason.find("pump set-up 2") != std::string::npos);
        CHECK(line->reason.find("thigh-right") != std::string::npos);
        CHECK(line->reason.find("abdomen-left-lower") == std::string::npos);  // not a new site
    }
    SUBCASE("96371 suppressed") {
        const auto coding = test::derive(visit_with(
            {{0, 75, "abdomen-left-lower"}, {10, 75, "thigh-left"}, {30, 75, "thigh-left"}, {40, 75, "arm-left"}}));
        CHECK(coretest::admin_summary(coding.lines) == "96369x1 96371x1");
        const core::Problem* once = coretest::find_problem(coding, "addon.96371-once");
        REQUIRE(once != nullptr);
        CHECK(once->field == "pump_setups");
        CHECK(once->message.find("2 additional set-ups") != std::string::npos);
    }
    SUBCASE("an injection-length infusion with a re-primed set-up says why there is no 96371") {
        const auto coding = test::derive(visit_with({{0, 15, "abdomen-left-lower"}, {5, 15, "abdomen-left-lower"}}));
        const core::Problem* p = coretest::find_problem(coding, "addon.suppressed");
        REQUIRE(p != nullptr);
        CHECK(p->message ==
              "96371 not reported: no further set-up used a new site (and an infusion of 15 min or "
              "less is reported as 96372)");
        const auto at_new_site = test::derive(visit_with({{0, 10, "abdomen-left-lower"}, {2, 12, "thigh-left"}}));
        CHECK(coretest::find_problem(at_new_site, "addon.suppressed")->message ==
              "96371 not reported: an add-on needs 96369, and an infusion of 15 min or less is reported as 96372");
    }
    SUBCASE("re-primed set-up") {
        const auto coding = test::derive(visit_with({{0, 75, "abdomen-left-lower"}, {30, 75, "abdomen-left-lower"}}));
        const core::Problem* p = coretest::find_problem(coding, "addon.96371-suppressed");
        REQUIRE(p != nullptr);
        CHECK(p->field == "pump_setups[1].sites");
        CHECK(p->message.find("pump set-up 2") != std::string::npos);
    }
}

TEST_CASE("sites: a set-up whose every needle returned blood has no usable site and holds the claim") {
    // "a pump set-up with no usable site (all its needles returned blood, or none documented)" blocks.
    struct Row {
        std::vector<SetupSpec> setups;
        const char* field;
    };
    const Row rows[] = {
        {{{0, 75, "!abdomen-left-lower"}}, "pump_setups[0].sites"},
        {{{0, 75, "!abdomen-left-lower !abdomen-right-lower"}}, "pump_setups[0].sites"},
        {{{0, 75, "abdomen-left-lower"}, {30, 75, "!thigh-left"}}, "pump_setups[1].sites"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.field);
        const auto coding = test::derive(visit_with(row.setups));
        INFO(coretest::describe(coding));
        CHECK_FALSE(coding.billable);
        CHECK(coding.lines.empty());
        const core::Problem* p = coretest::find_problem(coding, "setup.no-usable-site");
        REQUIRE(p != nullptr);
        CHECK(p->severity == core::Severity::error);
        CHECK(p->field == std::string(row.field));
        CHECK(coretest::find_line(coding.held_lines, "96371") == nullptr);  // a removed needle is no new site
    }
}

TEST_CASE("sites: a removed needle is not checked for prep, aspiration or securing") {
    // "A needle that returned blood on aspiration was removed; it is not an infusion site."
    auto v = visit_with({{0, 75, "!abdomen-left-lower abdomen-right-lower"}});
    v.pump_setups[0].sites[0].prepped.reset();
    v.pump_setups[0].sites[0].secured.reset();
    const auto coding = test::derive(v);
    INFO(coretest::describe(coding));
    CHECK(coding.billable);
    CHECK(coretest::problem_codes(coding, "site.").empty());
    const core::BillingLine* primary = coretest::find_line(coding.lines, "96369");
    REQUIRE(primary != nullptr);
    CHECK(primary->reason.find("1 site") != std::string::npos);  // the removed needle is not counted
}

TEST_CASE("setups_with_new_sites: only set-ups after the first with an unused usable location") {
    struct Row {
        std::vector<SetupSpec> setups;
        std::vector<std::size_t> expected;
    };
    const Row rows[] = {
        {{{0, 60, "thigh-left"}}, {}},
        {{{0, 60, "thigh-left"}, {0, 60, "thigh-right"}}, {1}},
        {{{0, 60, "thigh-left"}, {0, 60, "thigh-left"}, {0, 60, "thigh-right"}}, {2}},
        {{{0, 60, "thigh-left"}, {0, 60, "thigh-right"}, {0, 60, "arm-left"}}, {1, 2}},
        {{{0, 60, "thigh-left"}, {0, 60, "!thigh-right"}}, {}},
    };
    for (const auto& row : rows) {
        CHECK(core::setups_with_new_sites(visit_with(row.setups)) == row.expected);
    }
}
