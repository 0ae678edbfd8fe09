// Demo visits: the same seed gives the same visits, dates stay in range and in order, every name comes
// from the repository catalogs, the mix is roughly as advertised, and derive() bills most of them.
#include "demo/demo_visits.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace infusion;

namespace {

using std::chrono::year_month_day;

constexpr year_month_day first_day{std::chrono::year{2026}, std::chrono::January, std::chrono::day{1}};
constexpr year_month_day last_day{std::chrono::year{2026}, std::chrono::December, std::chrono::day{31}};
// America/New_York changes on the second Sunday of March and the first Sunday of November.
constexpr year_month_day spring_forward{std::chrono::year{2026}, std::chrono::March, std::chrono::day{8}};
constexpr year_month_day fall_back{std::chrono::year{2026}, std::chrono::November, std::chrono::day{1}};

demo::DemoVisitGenerator make_generator(std::uint64_t seed, std::uint64_t visits) {
    demo::DemoOptions options;
    options.seed = seed;
    options.first_day = first_day;
    options.last_day = last_day;
    options.visits = visits;
    const auto& config = test::repo_config();
    return demo::DemoVisitGenerator(options, config.substances, config.sites);
}

std::vector<core::Visit> draw(std::uint64_t seed, std::uint64_t visits) {
    auto generator = make_generator(seed, visits);
    std::vector<core::Visit> out;
    out.reserve(static_cast<std::size_t>(visits));
    for (std::uint64_t i = 0; i < visits; ++i) out.push_back(generator.next());
    return out;
}

year_month_day visit_date(const core::Visit& visit) {
    return year_month_day{std::chrono::floor<std::chrono::days>(visit.pump_setups.front().start->local)};
}

// A few fields that differ between visits, in one string per visit.
std::string fingerprint(const core::Visit& v) {
    const auto& s = v.substances.front();
    return v.patient.id + "|" + v.patient.name + "|" + v.clinician + "|" + s.name + "|" + std::to_string(*s.dose) +
           "|" + s.lot + "|" + core::format_iso(*v.pump_setups.front().start) + "|" +
           std::to_string(v.pump_setups.size()) + "|" + v.pump_setups.front().sites.front().location + "|" +
           std::to_string(v.notes.size());
}

bool missing_stop(const core::Visit& v) {
    return std::any_of(v.pump_setups.begin(), v.pump_setups.end(), [](const auto& p) { return !p.stop; });
}

double share(int count, std::size_t total) { return static_cast<double>(count) / static_cast<double>(total); }

}  // namespace

TEST_CASE("demo visits: the same seed gives the same visits, another seed others") {
    const auto a = draw(42, 200);
    const auto b = draw(42, 200);
    const auto c = draw(43, 200);
    int differing = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        REQUIRE(fingerprint(a[i]) == fingerprint(b[i]));
        if (fingerprint(a[i]) != fingerprint(c[i])) ++differing;
    }
    CHECK(differing > 150);
}

TEST_CASE("demo visits: 5,000 visits in range, in order, from the catalogs, with the advertised mix") {
    const auto& config = test::repo_config();
    constexpr std::uint64_t count = 5000;
    auto generator = make_generator(7, count);
    std::vector<core::Visit> visits;
    visits.reserve(count);
    const auto began = std::chrono::steady_clock::now();
    for (std::uint64_t i = 0; i < count; ++i) visits.push_back(generator.next());
    const auto took = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began);
    MESSAGE(count << " visits in " << took.count() << " ms (this build; no timing assertion)");
    CHECK(generator.produced() == count);

    year_month_day previous = first_day;
    int two_setups = 0;
    int no_stop = 0;
    int blood = 0;
    int reaction_notes = 0;
    int on_dst_days = 0;
    std::map<std::string, std::string> names;
    for (const auto& v : visits) {
        REQUIRE(!v.pump_setups.empty());
        REQUIRE(v.pump_setups.front().start.has_value());
        const year_month_day date = visit_date(v);
        CHECK(date >= first_day);
        CHECK(date <= last_day);
        CHECK(date >= previous);
        previous = date;
        if (date == spring_forward || date == fall_back) ++on_dst_days;

        CHECK(v.patient.id.size() == 10);
        CHECK(v.patient.id.rfind("MRN-", 0) == 0);
        CHECK(v.patient.name.find(", ") != std::string::npos);
        const auto [it, inserted] = names.emplace(v.patient.id, v.patient.name);
        CHECK(it->second == v.patient.name);  // a patient keeps their name
        CHECK(!v.diagnoses.empty());
        CHECK(!v.clinician.empty());
        for (const auto& s : v.substances) CHECK_MESSAGE(config.substances.find(s.name) != nullptr, s.name);
        for (const auto& setup : v.pump_setups) {
            for (const auto& site : setup.sites) {
                CHECK_MESSAGE(config.sites.find(site.location) != nullptr, site.location);
                if (site.aspiration == core::Aspiration::blood) ++blood;
            }
        }
        if (v.pump_setups.size() == 2) ++two_setups;
        if (missing_stop(v)) ++no_stop;
        reaction_notes += static_cast<int>(std::count_if(v.notes.begin(), v.notes.end(), [](const core::Note& n) {
            return n.kind == core::NoteKind::reaction || n.kind == core::NoteKind::site_condition;
        }));
    }
    MESSAGE("patients " << names.size() << ", two set-ups " << two_setups << ", no stop " << no_stop << ", blood "
                        << blood << ", reaction/site notes " << reaction_notes << ", on DST days " << on_dst_days);
    CHECK(names.size() >= 200);  // about one patient per 20 visits
    CHECK(share(two_setups, visits.size()) >= 0.05);
    CHECK(share(two_setups, visits.size()) <= 0.20);
    CHECK(share(no_stop, visits.size()) >= 0.005);
    CHECK(share(no_stop, visits.size()) <= 0.05);
    CHECK(blood > 0);
    CHECK(reaction_notes > 0);
    CHECK(on_dst_days >= 1);
}

TEST_CASE("demo visits: derive() bills the large majority, never a visit without its stop time") {
    const auto visits = draw(11, 5000);
    int billable = 0;
    int dst_billable = 0;
    int dst_held = 0;
    for (const auto& v : visits) {
        const core::Coding coding = test::derive(v);
        if (coding.billable) ++billable;
        if (missing_stop(v)) {
            CHECK_FALSE(coding.billable);
            CHECK(test::has_problem(coding, "time.stop-missing"));
        }
        const auto date = visit_date(v);
        if (date == spring_forward || date == fall_back) (coding.billable ? dst_billable : dst_held) += 1;
    }
    MESSAGE("billable " << billable << " of " << visits.size() << "; on DST days billable " << dst_billable << ", held "
                        << dst_held);
    CHECK(share(billable, visits.size()) > 0.85);
}

TEST_CASE("demo visits: an unusable range or time zone is refused") {
    const auto& config = test::repo_config();
    demo::DemoOptions backwards;
    backwards.first_day = last_day;
    backwards.last_day = first_day;
    CHECK_THROWS_AS(demo::DemoVisitGenerator(backwards, config.substances, config.sites), std::invalid_argument);
    demo::DemoOptions nowhere;
    nowhere.time_zone = "Mars/Olympus_Mons";
    CHECK_THROWS_AS(demo::DemoVisitGenerator(nowhere, config.substances, config.sites), std::invalid_argument);
    CHECK_THROWS_AS(demo::DemoVisitGenerator(demo::DemoOptions{}, core::SubstanceCatalog{}, config.sites),
                    std::invalid_argument);
}

namespace {

// The visits drawn for 2026-11-17 to 2026-11-30 (a Monday, no change of offset), the last day cut off at
// `until` minutes after midnight (nullopt: not cut off); only those of the last day are returned.
std::vector<core::Visit> last_day_visits(std::optional<int> until) {
    demo::DemoOptions options;
    options.first_day = year_month_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{17}};
    options.last_day = year_month_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{30}};
    options.visits = 600;
    options.last_day_until = until;
    const auto& config = test::repo_config();
    demo::DemoVisitGenerator generator(options, config.substances, config.sites);
    std::vector<core::Visit> out;
    for (std::uint64_t i = 0; i < options.visits; ++i) {
        core::Visit v = generator.next();
        if (visit_date(v) == options.last_day) out.push_back(std::move(v));
    }
    return out;
}

int minute_of_day(const core::WallTime& t) {
    return static_cast<int>(
        std::chrono::duration_cast<std::chrono::minutes>(t.local - std::chrono::floor<std::chrono::days>(t.local))
            .count());
}

// Every time the visit documents, in minutes after midnight of its day.
std::vector<int> documented_minutes(const core::Visit& v) {
    std::vector<int> out;
    for (const auto& p : v.pump_setups) {
        for (const auto& t : {p.set_up_at, p.start, p.stop}) {
            if (t) out.push_back(minute_of_day(*t));
        }
    }
    for (const auto& n : v.notes) {
        if (n.at) out.push_back(minute_of_day(*n.at));
    }
    return out;
}

}  // namespace

TEST_CASE("demo visits: cut off at 11:00, the last day holds what has happened by then, nothing later") {
    const auto whole = last_day_visits(std::nullopt);
    const auto so_far = last_day_visits(11 * 60);
    REQUIRE(whole.size() > 20);
    // 08:10 to 11:00 is about a third of the list's starts (08:10 to 16:00).
    CHECK(so_far.size() > whole.size() / 5);
    CHECK(so_far.size() < whole.size() / 2);
    int running = 0;
    for (const auto& v : so_far) {
        CAPTURE(v.patient.id);
        for (const int m : documented_minutes(v)) CHECK(m <= 11 * 60);
        CHECK(minute_of_day(*v.pump_setups.front().start) < 11 * 60);
        if (missing_stop(v)) ++running;
    }
    // Some infusions are still running at 11:00 (documented so far, no stop), most have finished.
    CHECK(running > 0);
    CHECK(running < static_cast<int>(so_far.size()));
    // Whole, the same day has visits later in the day and stops after 11:00.
    CHECK(std::any_of(whole.begin(), whole.end(),
                      [](const core::Visit& v) { return minute_of_day(*v.pump_setups.front().start) > 14 * 60; }));
}

TEST_CASE("demo visits: before the list's first start the last day has no visits, after it its whole list") {
    CHECK(last_day_visits(7 * 60).empty());
    const auto evening = last_day_visits(22 * 60);
    CHECK(evening.size() == last_day_visits(std::nullopt).size());
    for (const auto& v : evening) {
        for (const int m : documented_minutes(v)) CHECK(m <= 22 * 60);
    }
}

TEST_CASE("demo visits over a short range bring no patient back on the same day, nor within a few days") {
    // `demo-data` without options: 500 visits over 14 days, some fifty a working day.
    demo::DemoOptions options;
    options.first_day = year_month_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{19}};
    options.last_day = year_month_day{std::chrono::year{2026}, std::chrono::December, std::chrono::day{2}};
    options.visits = 500;
    const auto& config = test::repo_config();
    demo::DemoVisitGenerator generator(options, config.substances, config.sites);
    std::map<std::string, std::vector<std::chrono::sys_days>> days_of;
    for (int i = 0; i < 500; ++i) {
        const core::Visit v = generator.next();
        days_of[v.patient.id].push_back(std::chrono::sys_days{visit_date(v)});
    }
    for (const auto& [patient, days] : days_of) {
        CAPTURE(patient);
        for (std::size_t i = 1; i < days.size(); ++i) CHECK((days[i] - days[i - 1]).count() >= 4);
    }
}
