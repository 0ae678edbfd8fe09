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

namespace {

// A reading resolved with nothing remembered: a lookup in another zone first makes the next one ask tzdata.
core::ResolvedTime fresh(const core::WallTime& time, core::Zone zone) {
    core::WallTime noon;
    noon.local = core::LocalSeconds{std::chrono::sys_days{std::chrono::year{2020} / 1 / 1}.time_since_epoch() +
                                    std::chrono::hours{12}};
    (void)core::resolve(noon, core::Zone::find("Etc/UTC"));
    return core::resolve(time, zone);
}

}  // namespace

TEST_CASE("Context zone: readings resolved one after another give tzdata's answers, also next to a change") {
    // New York's two changes of 2026, Lord Howe's half-hour change, and the day Samoa skipped (2011-12-30
    // never happened in Pacific/Apia: the offset went from -10 to +14 hours at once).
    struct Case {
        const char* zone;
        int year;
        unsigned month;
        unsigned day;
    };
    for (const Case c : {Case{"America/New_York", 2026, 3, 8}, Case{"America/New_York", 2026, 11, 1},
                         Case{"Australia/Lord_Howe", 2026, 4, 5}, Case{"Pacific/Apia", 2011, 12, 30}}) {
        const core::Zone zone = core::Zone::find(c.zone);
        REQUIRE(zone.known());
        const std::chrono::sys_seconds middle{
            std::chrono::sys_days{std::chrono::year{c.year} / std::chrono::month{c.month} / std::chrono::day{c.day}}};
        int ambiguous = 0;
        int nonexistent = 0;
        // Every 10 minutes over three days each side, in order (each reading next to the one before).
        for (auto t = middle - std::chrono::days{3}; t < middle + std::chrono::days{3}; t += std::chrono::minutes{10}) {
            core::WallTime reading;
            reading.local = core::LocalSeconds{t.time_since_epoch()};
            const auto sequential = core::resolve(reading, zone);
            const auto alone = fresh(reading, zone);
            INFO(c.zone, " ", core::format_local(reading));
            REQUIRE(sequential.status == alone.status);
            CHECK(sequential.instant == alone.instant);
            CHECK(sequential.offset == alone.offset);
            CHECK(sequential.first == alone.first);
            CHECK(sequential.second == alone.second);
            ambiguous += sequential.status == core::TimeResolution::ambiguous ? 1 : 0;
            nonexistent += sequential.status == core::TimeResolution::nonexistent ? 1 : 0;
            if (sequential.status == core::TimeResolution::ok) {
                const auto back = core::wall_time_at(sequential.instant, zone);
                REQUIRE(back);
                CHECK(back->local == reading.local);
            }
        }
        CHECK(ambiguous + nonexistent > 0);  // the change was inside the range walked
    }
}
