// The clinic's zone is resolved once per context (config.context()), not per visit: the results must be
// the same as resolving it for every visit, including when the clinic's settings change after the
// context was made, and for a visit that names its own zone.
#include "core/text.hpp"
#include "core_test_helpers.hpp"

#include <doctest/doctest.h>

using namespace infusion;

namespace {

core::Visit visit_at(const std::string& zone, core::WallTime start, core::WallTime stop) {
    auto v = test::sample_visit();
    v.time_zone = zone;
    v.pump_setups[0].start = start;
    v.pump_setups[0].stop = stop;
    return v;
}

}  // namespace

TEST_CASE("Context zone: a context made once reads the same times as a zone looked up per visit") {
    const settings::Config& config = test::repo_config();
    const auto context = config.context();
    REQUIRE(context.clinic_zone.known());
    CHECK(context.clinic_zone.name() == config.clinic.time_zone);

    core::CodingContext by_hand{config.rules, config.substances, config.sites, config.clinic};  // no zone resolved
    CHECK_FALSE(by_hand.clinic_zone.known());
    // 02:30 on 8 March 2026 does not exist in America/New_York (the repository's clinic zone).
    const auto gap = visit_at("", test::at(2026, 3, 8, 2, 30), test::at(2026, 3, 8, 4, 30));
    const auto once = core::derive(gap, context);
    const auto each = core::derive(gap, by_hand);
    CHECK(coretest::problem_codes(once, "time.") == coretest::problem_codes(each, "time."));
    CHECK(coretest::find_problem(once, "time.nonexistent") != nullptr);
}

TEST_CASE("Context zone: a visit in another zone, and a clinic zone changed after the context was made") {
    settings::Config config = test::repo_config();
    const auto context = config.context();  // resolved for America/New_York
    const auto gap = visit_at("", test::at(2026, 3, 8, 2, 30), test::at(2026, 3, 8, 4, 30));

    SUBCASE("the visit names Europe/Berlin: 02:30 on 8 March is an ordinary time there") {
        auto berlin = gap;
        berlin.time_zone = "Europe/Berlin";
        const auto coding = core::derive(berlin, context);
        INFO(coretest::describe(coding));
        CHECK(coretest::find_problem(coding, "time.nonexistent") == nullptr);
        REQUIRE(coding.infusion_minutes);
        CHECK(*coding.infusion_minutes == 120);
    }
    SUBCASE("the clinic moves to Europe/Berlin after the context was made: the context follows by name") {
        config.clinic.time_zone = "Europe/Berlin";
        const auto coding = core::derive(gap, context);
        INFO(coretest::describe(coding));
        CHECK(coretest::find_problem(coding, "time.nonexistent") == nullptr);
    }
    SUBCASE("an unknown clinic zone is still reported") {
        config.clinic.time_zone = "Mars/Olympus_Mons";
        const auto coding = core::derive(gap, context);
        CHECK(coretest::find_problem(coding, "visit.time-zone-unknown") != nullptr);
    }
}

TEST_CASE("cat(): strings, views, chars and integers in one string") {
    const std::string name = "pump set-up";
    CHECK(core::cat(name, ' ', 2, " of ", std::size_t{3}, ": ", -15, " min", std::string_view("!")) ==
          "pump set-up 2 of 3: -15 min!");
    std::string reason = "SC infusion";
    core::append(reason, ' ', 75, " min");
    CHECK(reason == "SC infusion 75 min");
    CHECK(core::cat() == "");
}
