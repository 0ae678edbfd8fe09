// Coding rules edition 2: line dates on facility and office claims (7a), the unpublished 96370 MUE (9),
// blank values, dotless ICD-10-CM, implausible documentation (5) and future times at signing (7a).
#include "core/codes.hpp"
#include "core/signing_policy.hpp"
#include "core_test_helpers.hpp"

#include <doctest/doctest.h>

using namespace infusion;
using namespace std::chrono;

namespace {

// One pump from `start` for `length` minutes, in New York, with the setting given.
core::Visit night(core::Setting setting, const core::WallTime& start, int length) {
    core::Visit v = test::sample_visit();
    v.setting = setting;
    v.pump_setups = {coretest::setup(start, coretest::plus(start, minutes{length}), "abdomen-left-lower")};
    return v;
}

std::string dated(const std::vector<core::BillingLine>& lines) {
    std::string out;
    for (const auto& l : lines) {
        if (l.kind != core::LineKind::administration) continue;
        out += (out.empty() ? "" : " ") + l.code + "x" + std::to_string(l.units) + "@" +
               (l.service_date ? core::format_date(*l.service_date) : "none");
    }
    return out;
}

core::Coding derive_on(const core::Visit& v, year_month_day today) {
    core::CodingContext context = test::repo_config().context();
    context.today = today;
    return core::derive(v, context);
}

}  // namespace

TEST_CASE("ed. 2: facility lines are dated the day their service was provided, office lines the visit's date") {
    // "Facility claims: an infusion that crosses midnight gives line-item dates of service on the day each
    //  service is provided ... 22:00-01:31 gives 96369 and one 96370 on day 1, two 96370 on day 2 (each
    //  hour dated by the local date on which it began). Lines of one code on two dates are two lines."
    // "Office (professional) claims: every line takes the visit's date of service."
    struct Row {
        const char* rule;
        core::Setting setting;
        core::WallTime start;
        int minutes;
        const char* lines;
    };
    const Row rows[] = {
        {"facility 22:00-01:31 (T 211)", core::Setting::facility, test::at(2026, 3, 2, 22, 0), 211,
         "96369x1@2026-03-02 96370x1@2026-03-02 96370x2@2026-03-03"},
        {"office 22:00-01:31: every line on the visit's date", core::Setting::office, test::at(2026, 3, 2, 22, 0), 211,
         "96369x1@2026-03-02 96370x3@2026-03-02"},
        {"facility 23:30-00:45 (T 75): one initial service on the first day", core::Setting::facility,
         test::at(2026, 3, 2, 23, 30), 75, "96369x1@2026-03-02"},
        {"facility 22:45-01:00 (T 135): the hour beginning 23:45 is day 1", core::Setting::facility,
         test::at(2026, 3, 2, 22, 45), 135, "96369x1@2026-03-02 96370x1@2026-03-02"},
        {"facility 22:59-01:30 (T 151): the second hour begins 00:59 on day 2", core::Setting::facility,
         test::at(2026, 3, 2, 22, 59), 151, "96369x1@2026-03-02 96370x1@2026-03-02 96370x1@2026-03-03"},
        {"facility 23:00-02:31 (T 211): hours begin at 00:00 and 01:00 and 02:00", core::Setting::facility,
         test::at(2026, 3, 2, 23, 0), 211, "96369x1@2026-03-02 96370x3@2026-03-03"},
        {"facility, not crossing midnight: one line of each", core::Setting::facility, test::at(2026, 3, 2, 9, 0), 211,
         "96369x1@2026-03-02 96370x3@2026-03-02"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        const auto c = test::derive(night(row.setting, row.start, row.minutes));
        REQUIRE(c.billable);
        CHECK(dated(c.lines) == row.lines);
        for (const auto& l : c.lines) {
            if (l.kind == core::LineKind::drug) CHECK(l.service_date == c.date_of_service);
        }
    }
}

TEST_CASE("ed. 2: facility hour dates follow the running time: a pause moves the next hour's start") {
    // 22:00-01:31 with a 40-minute pause 22:30-23:10: T = 171, 96370 x 2. Running time reaches 60 min at
    // 23:40 (day 1) and 120 min at 00:40 (day 2).
    core::Visit v = night(core::Setting::facility, test::at(2026, 3, 2, 22, 0), 211);
    core::Pause pause;
    pause.start = test::at(2026, 3, 2, 22, 30);
    pause.stop = test::at(2026, 3, 2, 23, 10);
    v.pump_setups[0].pauses.push_back(pause);
    const auto c = test::derive(v);
    CHECK(c.infusion_minutes == 171);
    CHECK(dated(c.lines) == "96369x1@2026-03-02 96370x1@2026-03-02 96370x1@2026-03-03");
}

TEST_CASE("ed. 2: a facility 96371 is dated the day of its set-up") {
    core::Visit v = night(core::Setting::facility, test::at(2026, 3, 2, 23, 0), 90);
    auto second = coretest::setup(test::at(2026, 3, 3, 0, 10), test::at(2026, 3, 3, 0, 30), "thigh-left");
    second.set_up_at = test::at(2026, 3, 3, 0, 5);
    v.pump_setups.push_back(second);
    const auto c = test::derive(v);
    CHECK(dated(c.lines) == "96369x1@2026-03-02 96371x1@2026-03-03");
}

TEST_CASE("ed. 2: a facility 96371 set up before midnight for an infusion begun after it takes the date of service") {
    // The add-on never precedes its initial service: a line dated before the claim's first day falls
    // outside its statement period. Both pumps set up at 23:50 and 23:58, the first started at 00:05.
    core::Visit v = night(core::Setting::facility, test::at(2026, 3, 3, 0, 5), 55);
    v.pump_setups[0].set_up_at = test::at(2026, 3, 2, 23, 50);
    auto second = coretest::setup(test::at(2026, 3, 3, 0, 10), test::at(2026, 3, 3, 1, 0), "thigh-left");
    second.set_up_at = test::at(2026, 3, 2, 23, 58);
    v.pump_setups.push_back(second);
    const auto c = test::derive(v);
    CHECK(dated(c.lines) == "96369x1@2026-03-03 96371x1@2026-03-03");
    for (const auto& line : c.lines) {
        if (line.code == "96371") {
            CHECK(line.reason.find("set up on 2026-03-02, before the infusion began: dated 2026-03-03") !=
                  std::string::npos);
        }
    }
}

TEST_CASE("ed. 2: 96370 has no published MUE: no cap and the reason says the limit is unknown") {
    // "when the value is unpublished or confidential (as for 96370 today): no cap, the long-infusion
    //  warning, and the reason says the MUE is unknown"
    struct Row {
        int minutes;
        int units;
        bool long_warning;
    };
    const Row rows[] = {{91, 1, false}, {211, 3, false}, {400, 6, true}, {900, 14, true}};
    for (const auto& row : rows) {
        CAPTURE(row.minutes);
        const auto c = test::derive(test::sample_visit(row.minutes));
        const auto* line = coretest::find_line(c.lines, "96370");
        REQUIRE(line != nullptr);
        CHECK(line->units == row.units);
        CHECK(line->reason.find("MUE unknown") != std::string::npos);
        CHECK_FALSE(test::has_problem(c, "mue.capped"));
        CHECK(test::has_problem(c, "time.long-infusion") == row.long_warning);
    }
}

TEST_CASE("96372's MUE is not in the shipped configuration: the line's reason says it is unknown") {
    // coding-rules.md 4: "The 96370 and 96372 values must come from the current CMS file: ship them as data ...
    // never drop a line silently". Found from outside: with no 96372 row, a 96372 line said nothing of its limit,
    // in the office or the facility.
    for (const auto setting : {core::Setting::office, core::Setting::facility}) {
        auto visit = test::sample_visit(10);
        visit.setting = setting;
        const auto c = test::derive(visit);
        const auto* line = coretest::find_line(c.lines, "96372");
        REQUIRE(line != nullptr);
        CHECK(line->units == 1);
        CHECK(line->reason.find("MUE unknown: no published " + std::string(core::to_string(setting)) +
                                " limit for 96372 is configured") != std::string::npos);
    }
}

TEST_CASE("ed. 2: a value of only blanks is missing") {
    // "a value of only blanks counts as missing (clinician, diagnosis, substance name, NDC)"
    struct Row {
        const char* rule;
        void (*edit)(core::Visit&);
        const char* problem;
        core::Severity severity;
    };
    const Row rows[] = {
        {"clinician of spaces", [](core::Visit& v) { v.clinician = "   "; }, "visit.clinician-missing",
         core::Severity::error},
        {"the only diagnosis a tab", [](core::Visit& v) { v.diagnoses = {"\t"}; }, "visit.diagnosis-missing",
         core::Severity::error},
        {"a blank diagnosis among real ones",
         [](core::Visit& v) {
             v.diagnoses = {"D80.1", " "};
         },
         "visit.diagnosis-blank", core::Severity::warning},
        {"substance name of spaces", [](core::Visit& v) { v.substances[0].name = "  "; }, "substance.name-missing",
         core::Severity::error},
        {"NDC of spaces is no NDC, not a malformed one", [](core::Visit& v) { v.substances[0].ndc = "  "; },
         "substance.ndc-missing", core::Severity::warning},
        {"patient id of spaces", [](core::Visit& v) { v.patient.id = " "; }, "patient.id-missing",
         core::Severity::error},
        {"site location of spaces", [](core::Visit& v) { v.pump_setups[0].sites[0].location = " "; },
         "site.location-missing", core::Severity::error},
        // Blanks a paste from another program brings: they show as nothing on a claim too.
        {"clinician of a no-break space (U+00A0)", [](core::Visit& v) { v.clinician = "\u00a0"; },
         "visit.clinician-missing", core::Severity::error},
        {"patient id of an ideographic space (U+3000)", [](core::Visit& v) { v.patient.id = "\u3000"; },
         "patient.id-missing", core::Severity::error},
        {"substance name of a zero-width space and a byte-order mark",
         [](core::Visit& v) { v.substances[0].name = "\u200b\ufeff"; }, "substance.name-missing",
         core::Severity::error},
        {"the only diagnosis an em space (U+2003)", [](core::Visit& v) { v.diagnoses = {"\u2003"}; },
         "visit.diagnosis-missing", core::Severity::error},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        core::Visit v = test::sample_visit();
        row.edit(v);
        const auto c = test::derive(v);
        const auto* p = coretest::find_problem(c, row.problem);
        REQUIRE(p != nullptr);
        CHECK(p->severity == row.severity);
        CHECK_FALSE(test::has_problem(c, "substance.ndc-invalid"));
        CHECK_FALSE(test::has_problem(c, "visit.diagnosis-invalid"));
    }
}

TEST_CASE("ed. 2: a substance name with blanks around it is the catalog's product, and bills") {
    core::Visit v = test::sample_visit();
    v.substances[0].name = "\u00a0 Hizentra \t";
    const auto c = test::derive(v);
    INFO(coretest::describe(c));
    CHECK(c.billable);
    CHECK_FALSE(test::has_problem(c, "substance.not-in-catalog"));
    CHECK(coretest::find_line(c.lines, "J1559") != nullptr);
}

TEST_CASE("ed. 2: ICD-10-CM without its dot is the dotted code, anything else malformed stays an error") {
    // "a code written without its dot, D801, is the dotted code D80.1"
    struct Row {
        const char* written;
        const char* read;
        bool valid;
    };
    const Row rows[] = {
        {"D801", "D80.1", true},     {"D80.1", "D80.1", true},
        {"Z79899", "Z79.899", true}, {"D80", "D80", true},
        {"E860", "E86.0", true},     {"d801", "d801", false},
        {"D8.01", "D8.01", false},   {"8D01", "8D01", false},
        {"D80-1", "D80-1", false},   {"D8011234", "D8011234", false},
    };
    for (const auto& row : rows) {
        CAPTURE(row.written);
        CHECK(core::dotted_icd10cm(row.written) == row.read);
        core::Visit v = test::sample_visit();
        v.diagnoses = {row.written};
        const auto c = test::derive(v);
        CHECK(test::has_problem(c, "visit.diagnosis-invalid") == !row.valid);
    }
}

TEST_CASE("a diagnosis is stored without blanks around it and in capitals, then dotted") {
    // Found from outside: "e11.9" and " D80.1 " held the claim as invalid diagnoses.
    CHECK(core::stored_icd10cm("e11.9") == "E11.9");
    CHECK(core::stored_icd10cm("d801") == "D80.1");
    CHECK(core::stored_icd10cm(" D80.1\t") == "D80.1");
    CHECK(core::stored_icd10cm("\u00a0z79899") == "Z79.899");
    CHECK(core::stored_icd10cm("8d01") == "8D01");  // still malformed: validate() says so
    core::Visit v = test::sample_visit();
    v.diagnoses = {core::stored_icd10cm("e11.9")};
    CHECK_FALSE(test::has_problem(test::derive(v), "visit.diagnosis-invalid"));
}

TEST_CASE("ed. 2: implausible documentation is an error") {
    // "a date of service more than a configurable span in the past (default 2 years) or after tomorrow, an
    //  infusion longer than a configurable maximum (default 24 h)"
    struct Row {
        const char* rule;
        year_month_day today;
        int minutes;
        const char* problem;  // "" none
    };
    const Row rows[] = {
        {"the day itself", 2026y / 3 / 2, 75, ""},
        {"tomorrow is plausible (a clock just past midnight)", 2026y / 3 / 1, 75, ""},
        {"after tomorrow", 2026y / 2 / 28, 75, "time.date-implausible"},
        {"exactly 2 years ago", 2028y / 3 / 2, 75, ""},
        {"2 years and a day ago", 2028y / 3 / 3, 75, "time.date-implausible"},
        {"an infusion of exactly 24 h is plausible", 2026y / 3 / 2, 24 * 60, ""},
        {"24 h and 1 min is not", 2026y / 3 / 2, 24 * 60 + 1, "time.infusion-implausible"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        const auto c = derive_on(test::sample_visit(row.minutes), row.today);
        if (*row.problem == '\0') {
            CHECK_FALSE(test::has_problem(c, "time.date-implausible"));
            CHECK_FALSE(test::has_problem(c, "time.infusion-implausible"));
            CHECK(c.billable);
        } else {
            const auto* p = coretest::find_problem(c, row.problem);
            REQUIRE(p != nullptr);
            CHECK(p->severity == core::Severity::error);
            CHECK(core::blocks_signing(*p));
            CHECK_FALSE(c.billable);
            CHECK(c.lines.empty());
            CHECK_FALSE(c.held_lines.empty());  // what fixing it gives is still shown
        }
    }
    // Without a "today" (pure coding, replays), the date is not judged.
    CHECK_FALSE(test::has_problem(test::derive(test::sample_visit()), "time.date-implausible"));
}

TEST_CASE("ed. 2: a time later than now beyond the clock skew blocks signing") {
    // "An infusion stop later than the moment of documenting is not yet true: a stop time in the future
    //  blocks signing (clock skew tolerance is a setting, default 2 minutes)."
    const core::Visit v = test::sample_visit(75);  // 09:10-10:25 EST on 2026-03-02 = 14:10Z-15:25Z
    const core::Instant stop = sys_days{2026y / 3 / 2} + hours{15} + minutes{25};
    struct Row {
        const char* rule;
        core::Instant now;
        std::size_t problems;
    };
    const Row rows[] = {
        {"now after the stop", stop + minutes{1}, 0},
        {"stop 2 min ahead: within the skew", stop - minutes{2}, 0},
        {"stop 2 min 1 s ahead", stop - minutes{2} - seconds{1}, 1},
        {"stop an hour ahead", stop - hours{1}, 1},
        {"start and stop both ahead", stop - hours{2}, 2},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        const auto problems = core::future_time_problems(v, "America/New_York", row.now, test::repo_config().rules);
        CHECK(problems.size() == row.problems);
        for (const auto& p : problems) {
            CHECK(p.code == "time.in-future");
            CHECK(core::blocks_signing(p));
        }
        if (!problems.empty()) CHECK(problems.back().field == "pump_setups[0].stop");
    }
    // The message gives now in the clinic's time, beside the documented time it is compared with.
    const auto ahead = core::future_time_problems(v, "America/New_York", stop - hours{1}, test::repo_config().rules);
    REQUIRE(ahead.size() == 1);
    CHECK(ahead[0].message ==
          "The stop of pump set-up 1 (2026-03-02 10:25) is later than now (2026-03-02 09:25 EST): a time that has "
          "not happened yet cannot be signed");
    // A stop written with its own offset says it (found from outside: "16:04" beside "10:04 EST" read as six
    // hours ahead when it was one).
    core::Visit offset = v;
    offset.pump_setups[0].stop->local += hours{5};  // 15:25 at UTC+00:00 is 10:25 EST
    offset.pump_setups[0].stop->utc_offset = minutes{0};
    const auto ahead_utc =
        core::future_time_problems(offset, "America/New_York", stop - hours{1}, test::repo_config().rules);
    REQUIRE(ahead_utc.size() == 1);
    CHECK(ahead_utc[0].message.find("(2026-03-02 15:25 UTC+00:00) is later than now (2026-03-02 09:25 EST)") !=
          std::string::npos);
    const core::Zone zone = core::Zone::find("America/New_York");
    CHECK(core::is_in_future(*v.pump_setups[0].stop, zone, stop - minutes{3}, seconds{120}));
    CHECK_FALSE(core::is_in_future(*v.pump_setups[0].stop, zone, stop - minutes{1}, seconds{120}));
}

TEST_CASE("ed. 2: an MUE per date of service caps each date's 96370 line on its own, never day 2 to nothing") {
    // coding-rules.md 4: indicators 2 and 3 are per date of service, 1 per claim line; 7a: "Lines of one
    // code on two dates are two lines". 20:00-03:01 (T 421): 96370 x 3 begin on day 1, x 3 on day 2.
    for (const int indicator : {1, 2, 3}) {
        CAPTURE(indicator);
        settings::Config config = test::repo_config();
        core::MueLimit limit;
        limit.code = "96370";
        limit.setting = core::Setting::facility;
        limit.units = 2;
        limit.indicator = indicator;
        limit.effective_from = std::chrono::year{2026} / 1 / 1;
        config.rules.mue.push_back(limit);
        const auto c = coretest::derive_with(night(core::Setting::facility, test::at(2026, 3, 2, 20, 0), 421), config);
        INFO(coretest::describe(c));
        CHECK(dated(c.lines) == "96369x1@2026-03-02 96370x2@2026-03-02 96370x2@2026-03-03");
        int capped = 0;
        for (const auto& p : c.problems) capped += p.code == "mue.capped" ? 1 : 0;
        CHECK(capped == 2);
    }
}

TEST_CASE("set-ups more than 24 h apart are one visit no encounter was: held as implausible") {
    // Found from outside: a set-up on 2025-01-10 and another on 2026-11-27 were billed as one visit
    // (96370 x2 and a 96371 dated 2026-11-27) without a word, out of reach of the MUE per date of service.
    struct Row {
        const char* rule;
        int second_starts_after_minutes;  // the second set-up's start, after the first's (each runs 60 min)
        bool held;
    };
    const Row rows[] = {
        {"the second set-up later the same morning", 90, false},
        {"the last stop exactly 24 h after the first start", 23 * 60, false},
        {"a minute more", 23 * 60 + 1, true},
        {"two days later", 2 * 24 * 60, true},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        core::Visit v = test::sample_visit(60);
        core::PumpSetup second = v.pump_setups[0];
        second.sites[0].location = "thigh-left";
        second.sites[1].location = "thigh-right";
        second.start->local += minutes{row.second_starts_after_minutes};
        second.stop->local += minutes{row.second_starts_after_minutes};
        v.pump_setups.push_back(second);
        const auto c = core::derive(v, test::repo_config().context());
        CHECK(c.billable == !row.held);
        CHECK(test::has_problem(c, "time.infusion-implausible") == row.held);
        if (row.held) {
            CHECK(coretest::find_problem(c, "time.infusion-implausible")->message ==
                  "The set-ups run from the first start (2026-03-02 09:10) to the last stop more than 24 h later "
                  "(time.max_infusion_minutes): one visit is one encounter, check the dates");
        }
    }
}
