// coding-rules.md section 4 (Medically Unlikely Edits: cap and warn, never drop silently) and section 6
// (office and facility claims).
#include "core/signing_policy.hpp"
#include "core_test_helpers.hpp"

#include <algorithm>

#include <doctest/doctest.h>

using namespace infusion;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

namespace {

year_month_day ymd(int y, unsigned m, unsigned d) { return year_month_day{year{y}, month{m}, day{d}}; }

core::MueLimit limit_96370(int units, year_month_day from, std::optional<year_month_day> to) {
    core::MueLimit limit;
    limit.code = "96370";
    limit.setting = core::Setting::office;
    limit.units = units;
    limit.indicator = 3;
    limit.effective_from = from;
    limit.effective_to = to;
    return limit;
}

// A 330-minute infusion (96369 + 96370 x 4) starting at 09:10 on the given local date.
core::Visit long_visit_on(year_month_day date) {
    auto v = test::sample_visit(330);
    core::WallTime start;
    start.local = core::LocalSeconds{std::chrono::local_days{date}.time_since_epoch()} + std::chrono::hours{9} +
                  std::chrono::minutes{10};
    v.pump_setups[0].start = start;
    v.pump_setups[0].stop = coretest::plus(start, std::chrono::minutes{330});
    return v;
}

}  // namespace

TEST_CASE("MUE: 96370 units are capped at the limit of the date of service, with a warning") {
    // "cap units at the limit, and warn; never drop a line silently"; the limit is "from the CMS file of
    // the date of service" (effective_from .. effective_to, inclusive).
    settings::Config config = test::repo_config();
    config.rules.mue.push_back(limit_96370(2, ymd(2026, 1, 1), ymd(2026, 6, 30)));
    struct Row {
        year_month_day date;
        const char* lines;
        bool capped;
        const char* rule;
    };
    const Row rows[] = {
        {ymd(2025, 12, 31), "96369x1 96370x4", false, "the day before the limit takes effect"},
        {ymd(2026, 1, 1), "96369x1 96370x2", true, "the first day of the limit"},
        {ymd(2026, 3, 2), "96369x1 96370x2", true, "inside the quarter"},
        {ymd(2026, 6, 30), "96369x1 96370x2", true, "the last day is inclusive"},
        {ymd(2026, 7, 1), "96369x1 96370x4", false, "the day after the limit ends"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        const auto coding = coretest::derive_with(long_visit_on(row.date), config);
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        CHECK(coretest::admin_summary(coding.lines) == std::string(row.lines));
        const core::Problem* p = coretest::find_problem(coding, "mue.capped");
        CHECK((p != nullptr) == row.capped);
        if (p != nullptr) {
            CHECK(p->severity == core::Severity::warning);
            CHECK(p->field == "lines");
            CHECK(p->message.find("96370 capped from 4 to 2") != std::string::npos);
            const core::BillingLine* line = coretest::find_line(coding.lines, "96370");
            REQUIRE(line != nullptr);
            CHECK(line->reason.find("capped at the MUE of 2") != std::string::npos);
        }
    }
}

TEST_CASE("MUE: the date of service is the clinic's local date, also for the limit's edges") {
    settings::Config config = test::repo_config();
    config.rules.mue.push_back(limit_96370(2, ymd(2026, 1, 1), ymd(2026, 6, 30)));
    auto visit = test::sample_visit(330);
    visit.pump_setups[0].start = test::at(2026, 6, 30, 22, 0);  // 02:00 UTC on 1 July
    visit.pump_setups[0].stop = test::at(2026, 7, 1, 3, 30);
    const auto coding = coretest::derive_with(visit, config);
    REQUIRE(coding.date_of_service);
    CHECK(*coding.date_of_service == ymd(2026, 6, 30));
    CHECK(coretest::admin_summary(coding.lines) == "96369x1 96370x2");
}

TEST_CASE("MUE: a limit applies only to its own setting and code, an open-ended limit has no end") {
    settings::Config config = test::repo_config();
    config.rules.mue.push_back(limit_96370(3, ymd(2026, 1, 1), std::nullopt));
    SUBCASE("open-ended office limit") {
        const auto coding = coretest::derive_with(long_visit_on(ymd(2030, 1, 15)), config);
        CHECK(coretest::admin_summary(coding.lines) == "96369x1 96370x3");
        CHECK(test::has_problem(coding, "mue.capped"));
    }
    SUBCASE("an office limit does not cap a facility claim") {
        auto visit = long_visit_on(ymd(2026, 3, 2));
        visit.setting = core::Setting::facility;
        const auto coding = coretest::derive_with(visit, config);
        CHECK(coretest::admin_summary(coding.lines) == "96369x1 96370x4");
        CHECK_FALSE(test::has_problem(coding, "mue.capped"));
    }
    SUBCASE("no 96370 limit in the shipped config: nothing is capped") {
        const auto coding = test::derive(long_visit_on(ymd(2026, 3, 2)));
        CHECK(coretest::admin_summary(coding.lines) == "96369x1 96370x4");
        CHECK_FALSE(test::has_problem(coding, "mue.capped"));
    }
}

TEST_CASE("MUE: a drug limit counts the JW line with the administered line") {
    // The MUE is per code and date of service; the discarded JW units share the J-code's limit.
    settings::Config config = test::repo_config();
    core::MueLimit limit;
    limit.code = "J1559";
    limit.units = 90;
    limit.effective_from = ymd(2026, 1, 1);
    config.rules.mue.push_back(limit);
    auto visit = test::sample_visit();
    visit.substances[0].wasted = 2.0;  // 80 given + 20 discarded
    const auto coding = coretest::derive_with(visit, config);
    INFO(coretest::describe(coding));
    CHECK(coding.billable);
    CHECK(coretest::drug_summary(coding.lines) == "J1559x80 J1559x10:JW");
    CHECK(test::has_problem(coding, "mue.capped"));
}

TEST_CASE(
    "MUE: a capped drug line's NDC quantity is scaled with its units, and a JW line capped away holds the claim") {
    // Found from outside: J1559 capped from 80 to 40 units still claimed the whole NDC quantity, and a JW line
    // capped to nothing left the administered single-dose line with neither JW nor JZ.
    const auto with_limit = [](int units) {
        settings::Config config = test::repo_config();
        core::MueLimit limit;
        limit.code = "J1559";
        limit.units = units;
        limit.effective_from = ymd(2026, 1, 1);
        config.rules.mue.push_back(limit);
        return config;
    };
    auto visit = test::sample_visit();
    {
        const auto coding = coretest::derive_with(visit, with_limit(40));
        INFO(coretest::describe(coding));
        const core::BillingLine* drug = coretest::find_line(coding.lines, "J1559");
        REQUIRE(drug != nullptr);
        REQUIRE(drug->units == 40);
        const auto uncapped = coretest::derive_with(visit, test::repo_config());
        const core::BillingLine* whole = coretest::find_line(uncapped.lines, "J1559");
        REQUIRE(whole != nullptr);
        REQUIRE(whole->ndc_quantity.has_value());
        REQUIRE(drug->ndc_quantity.has_value());
        CHECK(*drug->ndc_quantity == doctest::Approx(*whole->ndc_quantity / 2));
        CHECK(drug->reason.find("NDC quantity scaled to the units billed") != std::string::npos);
    }
    visit.substances[0].wasted = 2.0;  // 80 given + 20 discarded
    {
        // The JW line capped to nothing: JZ would say nothing was discarded, and a line without JW or JZ is
        // unprocessable, so the claim is held for a coder; the nurse's signature is not (found from outside:
        // JZ went out on a line whose discard was real).
        const auto coding = coretest::derive_with(visit, with_limit(80));
        INFO(coretest::describe(coding));
        CHECK_FALSE(coding.billable);
        CHECK(coretest::drug_summary(coding.held_lines) == "J1559x80");  // kept for the coder, neither JW nor JZ
        const auto held = std::find_if(coding.problems.begin(), coding.problems.end(),
                                       [](const core::Problem& p) { return p.code == "mue.jw-capped"; });
        REQUIRE(held != coding.problems.end());
        CHECK(held->severity == core::Severity::error);
        CHECK_FALSE(core::blocks_signing(*held));
    }
    {
        const auto coding = coretest::derive_with(visit, with_limit(90));
        INFO(coretest::describe(coding));
        REQUIRE(coretest::drug_summary(coding.lines) == "J1559x80 J1559x10:JW");
        const auto uncapped = coretest::derive_with(visit, test::repo_config()).lines;
        const auto& jw = coding.lines.back();
        REQUIRE(jw.ndc_quantity.has_value());
        REQUIRE(uncapped.back().ndc_quantity.has_value());
        CHECK(*jw.ndc_quantity == doctest::Approx(*uncapped.back().ndc_quantity / 2));
    }
}

TEST_CASE("MUE: a line capped to nothing leaves the claim but its reason stays in the warning") {
    settings::Config config = test::repo_config();
    config.rules.mue.push_back(limit_96370(0, ymd(2026, 1, 1), std::nullopt));
    const auto coding = coretest::derive_with(long_visit_on(ymd(2026, 3, 2)), config);
    CHECK(coretest::admin_summary(coding.lines) == "96369x1");
    const core::Problem* p = coretest::find_problem(coding, "mue.capped");
    REQUIRE(p != nullptr);
    CHECK(p->message.find("96370 capped from 4 to 0") != std::string::npos);
}

TEST_CASE("setting: a facility claim carries the clinic's revenue codes, an office claim none") {
    // coding-rules.md 6: "the same CPT lines on the facility claim with a revenue code (... the clinic
    // chooses in config)".
    settings::Config config = test::repo_config();
    struct Row {
        std::optional<core::Setting> visit_setting;
        core::Setting clinic_setting;
        const char* place_of_service;
        const char* admin_revenue;
        const char* drug_revenue;
    };
    const Row rows[] = {
        {core::Setting::office, core::Setting::office, "11", "", ""},
        {core::Setting::facility, core::Setting::office, "22", "0510", "0636"},
        {std::nullopt, core::Setting::facility, "22", "0510", "0636"},  // the clinic's default setting
        {std::nullopt, core::Setting::office, "11", "", ""},
        {core::Setting::office, core::Setting::facility, "11", "", ""},  // the visit's own setting wins
    };
    for (const auto& row : rows) {
        CAPTURE(row.place_of_service);
        config.clinic.setting = row.clinic_setting;
        auto visit = test::sample_visit(100);
        visit.setting = row.visit_setting;
        const auto coding = coretest::derive_with(visit, config);
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        CHECK(coding.place_of_service == std::string(row.place_of_service));
        CHECK(test::summary(coding.lines) == "96369x1 96370x1 J1559x80:JZ");
        for (const auto& line : coding.lines) {
            CAPTURE(line.code);
            CHECK(line.revenue_code ==
                  std::string(line.kind == core::LineKind::administration ? row.admin_revenue : row.drug_revenue));
        }
    }
}

TEST_CASE("setting: the revenue code is the clinic's choice (0450, 0510 or 0760)") {
    settings::Config config = test::repo_config();
    config.clinic.revenue_code = "0760";
    config.clinic.drug_revenue_code = "0250";
    config.clinic.place_of_service_facility = "19";
    auto visit = test::sample_visit();
    visit.setting = core::Setting::facility;
    const auto coding = coretest::derive_with(visit, config);
    CHECK(coding.place_of_service == "19");
    const core::BillingLine* admin = coretest::find_line(coding.lines, "96369");
    const core::BillingLine* drug = coretest::find_line(coding.lines, "J1559");
    REQUIRE(admin != nullptr);
    REQUIRE(drug != nullptr);
    CHECK(admin->revenue_code == "0760");
    CHECK(drug->revenue_code == "0250");
}

TEST_CASE("MUE per date of service counts the units the patient's other signed visits bill that date") {
    // Found from outside: two visits of one patient on one date each billed 96369, although its MUE is 1
    // "absolute per date of service" (indicator 2). derive() is given what the other visits bill.
    const settings::Config config = test::repo_config();
    const core::Visit visit = test::sample_visit(75);  // 2026-03-02, office: 96369 + J1559
    struct Row {
        const char* rule;
        core::BilledElsewhere other;
        bool bills_96369;
    };
    const Row rows[] = {
        {"another office visit billed 96369 that date",
         {334, "96369", core::Setting::office, ymd(2026, 3, 2), 1},
         false},
        {"its setting left to the clinic's (office)", {334, "96369", std::nullopt, ymd(2026, 3, 2), 1}, false},
        {"the day before", {334, "96369", core::Setting::office, ymd(2026, 3, 1), 1}, true},
        {"on a facility claim: its own limit", {334, "96369", core::Setting::facility, ymd(2026, 3, 2), 1}, true},
        {"another code", {334, "96372", core::Setting::office, ymd(2026, 3, 2), 1}, true},
        {"a line capped to nothing there", {334, "96369", core::Setting::office, ymd(2026, 3, 2), 0}, true},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        const std::vector<core::BilledElsewhere> others{row.other};
        core::CodingContext context = config.context();
        context.billed_elsewhere = others;
        const core::Coding coding = core::derive(visit, context);
        CHECK(coding.billable);
        CHECK((coretest::find_line(coding.lines, "96369") != nullptr) == row.bills_96369);
        CHECK(coretest::drug_summary(coding.lines) == "J1559x80:JZ");  // the drug given at this visit is billed by it
        const auto* capped = coretest::find_problem(coding, "mue.capped");
        CHECK((capped != nullptr) == !row.bills_96369);
        if (capped != nullptr) {
            CHECK(capped->severity == core::Severity::warning);  // a warning, never a silent drop
            // Worded for the nurse who sees it in the billing panel: nothing of hers to fix (found in the window).
            CHECK(capped->message ==
                  "96369 is not billed on this visit: visit 334 (signed) bills 1 unit of it, and the "
                  "office MUE is 1 per date of service, 2026-03-02 (indicator 2). Nothing to fix here");
        }
    }
}

TEST_CASE("MUE per claim line (indicator 1) does not count other visits") {
    settings::Config config = test::repo_config();
    for (auto& limit : config.rules.mue) {
        if (limit.code == "96369") limit.indicator = 1;
    }
    const std::vector<core::BilledElsewhere> others{{334, "96369", core::Setting::office, ymd(2026, 3, 2), 1}};
    core::CodingContext context = config.context();
    context.billed_elsewhere = others;
    const core::Coding coding = core::derive(test::sample_visit(75), context);
    CHECK(coretest::admin_summary(coding.lines) == "96369x1");
    CHECK(coretest::find_problem(coding, "mue.capped") == nullptr);
}
