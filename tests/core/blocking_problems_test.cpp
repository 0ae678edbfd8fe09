// coding-rules.md section 5: what holds a claim (an error: not billable, no line exported) and what is
// only for a reviewer (a warning: still billable). Each problem alone on an otherwise good visit.
#include "core_test_helpers.hpp"

#include <doctest/doctest.h>

using namespace infusion;
using coretest::plus;
using std::chrono::minutes;

namespace {

using Mutation = void (*)(core::Visit&);

core::Substance saline(double ml) {
    core::Substance s;
    s.name = "Normal saline 0.9%";
    s.dose = ml;
    s.unit = core::DoseUnit::mL;
    return s;
}

}  // namespace

TEST_CASE("the sample visit is billable with no problem at all (the baseline every row below changes once)") {
    const auto coding = test::derive(test::sample_visit());
    INFO(coretest::describe(coding));
    CHECK(coding.billable);
    CHECK(coding.problems.empty());
    CHECK(test::summary(coding.lines) == "96369x1 J1559x80:JZ");
    CHECK(coding.held_lines.empty());
}

TEST_CASE("names in any script, a Persian one with its zero-width non-joiner too, are billable as written") {
    for (const char* name :
         {"\u0645\u06cc\u200c\u0631\u0632\u0627\u06cc\u06cc, \u0646\u0633\u0631\u06cc\u0646",
          "\u05db\u05d4\u05df, \u05e9\u05e8\u05d4", "\u738b\u5c0f\u660e", "N\u00fa\u00f1ez, Jos\u00e9"}) {
        CAPTURE(name);
        core::Visit v = test::sample_visit(75);
        v.patient.name = name;
        CHECK(test::derive(v).billable);
    }
}

TEST_CASE("blocking problems: each one alone holds the claim with its stable code at its field") {
    struct Row {
        Mutation change;
        const char* code;
        const char* field;
        const char* held;  // what the documentation would support once unblocked
        const char* rule;
    };
    const Row rows[] = {
        {[](core::Visit& v) { v.pump_setups[0].stop.reset(); }, "time.stop-missing", "pump_setups[0].stop",
         "J1559x80:JZ", "\"no stop time on any infusion interval ... never fill a missing stop with 'now'\""},
        {[](core::Visit& v) { v.pump_setups[0].stop = plus(*v.pump_setups[0].start, -minutes{10}); },
         "time.stop-not-after-start", "pump_setups[0].stop", "J1559x80:JZ", "\"a stop at or before its start\""},
        {[](core::Visit& v) { v.pump_setups[0].stop = v.pump_setups[0].start; }, "time.stop-not-after-start",
         "pump_setups[0].stop", "J1559x80:JZ", "\"a stop at or before its start\": equal"},
        {[](core::Visit& v) { v.pump_setups[0].stop = plus(*v.pump_setups[0].start, std::chrono::seconds{59}); },
         "time.zero", "pump_setups", "J1559x80:JZ", "\"T of 0\" (59 seconds, seconds dropped)"},
        {[](core::Visit& v) { v.pump_setups[0].start.reset(); }, "time.start-missing", "pump_setups[0].start",
         "J1559x80:JZ", "an interval runs \"from a pump set-up's infusion start to its stop\""},
        {[](core::Visit& v) {
             v.pump_setups.push_back(v.pump_setups[0]);
             v.pump_setups[1].sites = {coretest::site("thigh-left")};
             v.pump_setups[1].stop.reset();
         },
         "time.stop-missing", "pump_setups[1].stop", "J1559x80:JZ", "\"no stop time on any infusion interval\""},
        {[](core::Visit& v) { v.substances.clear(); }, "substance.missing", "substances", "96369x1",
         "\"no substance\""},
        {[](core::Visit& v) { v.substances[0].dose.reset(); }, "substance.dose-missing", "substances[0].dose",
         "96369x1", "\"a substance without dose and unit\": no dose"},
        {[](core::Visit& v) { v.substances[0].unit.reset(); }, "substance.unit-missing", "substances[0].unit",
         "96369x1", "\"a substance without dose and unit\": no unit"},
        {[](core::Visit& v) { v.substances[0].dose = 0.0; }, "substance.dose-invalid", "substances[0].dose", "96369x1",
         "a dose of 0 is no dose"},
        {[](core::Visit& v) { v.substances[0].dose = -8.0; }, "substance.dose-invalid", "substances[0].dose", "96369x1",
         "a negative dose is no dose"},
        {[](core::Visit& v) { v.substances[0].unit = core::DoseUnit::units; }, "substance.unit-incompatible",
         "substances[0].unit", "96369x1", "J1559 is per 100 mg: a dose in units cannot be billed"},
        {[](core::Visit& v) { v.substances[0].name.clear(); }, "substance.name-missing", "substances[0].name",
         "96369x1", "\"no substance\": a dose of nothing named"},
        {[](core::Visit& v) {
             for (auto& s : v.pump_setups[0].sites) s.aspiration = core::Aspiration::blood;
         },
         "setup.no-usable-site", "pump_setups[0].sites", "96369x1 J1559x80:JZ",
         "\"a pump set-up with no usable site (all its needles returned blood ...)\""},
        {[](core::Visit& v) { v.pump_setups[0].sites.clear(); }, "setup.no-site", "pump_setups[0].sites",
         "96369x1 J1559x80:JZ", "\"a pump set-up with no usable site (... or none documented)\""},
        {[](core::Visit& v) { v.pump_setups.clear(); }, "setup.missing", "pump_setups", "J1559x80:JZ",
         "no pump set-up: no SC infusion to bill"},
        {[](core::Visit& v) { v.pump_setups[0].sites[1].location.clear(); }, "site.location-missing",
         "pump_setups[0].sites[1].location", "96369x1 J1559x80:JZ", "auditors look for \"site location(s)\""},
        {[](core::Visit& v) { v.pump_setups[0].sites[1].location = "forehead"; }, "site.location-unknown",
         "pump_setups[0].sites[1].location", "96369x1 J1559x80:JZ", "a site must be one of config/sites.toml"},
        {[](core::Visit& v) { v.diagnoses.clear(); }, "visit.diagnosis-missing", "visit.diagnoses",
         "96369x1 J1559x80:JZ", "\"no diagnosis (ICD-10-CM) linked to the visit\""},
        {[](core::Visit& v) { v.diagnoses = {"80.1"}; }, "visit.diagnosis-invalid", "visit.diagnoses[0]",
         "96369x1 J1559x80:JZ", "a diagnosis must be an ICD-10-CM code"},
        {[](core::Visit& v) {
             v.diagnoses = {"D80.1", "immunodeficiency"};
         },
         "visit.diagnosis-invalid", "visit.diagnoses[1]", "96369x1 J1559x80:JZ",
         "one invalid diagnosis among good ones still holds the claim"},
        {[](core::Visit& v) { v.clinician.clear(); }, "visit.clinician-missing", "visit.clinician",
         "96369x1 J1559x80:JZ", "\"no performing clinician\""},
        {[](core::Visit& v) { v.patient.id = "MRN-555\u200b002"; }, "patient.id-invalid", "patient.id",
         "96369x1 J1559x80:JZ", "a zero-width space: printed as MRN-555002, another patient on the claim"},
        {[](core::Visit& v) { v.patient.id = "\uff2d\uff32\uff2e-555002"; }, "patient.id-invalid", "patient.id",
         "96369x1 J1559x80:JZ", "full-width letters pass for MRN"},
        {[](core::Visit& v) { v.clinician = "rn.okafor\u00ad"; }, "visit.clinician-invalid", "visit.clinician",
         "96369x1 J1559x80:JZ", "a soft hyphen: shows as rn.okafor, is not her"},
        {[](core::Visit& v) { v.patient.id.clear(); }, "patient.id-missing", "patient.id", "96369x1 J1559x80:JZ",
         "no patient id: the claim cannot name the patient"},
        {[](core::Visit& v) { v.patient.name = "\u202eanA ,areviR\u202c"; }, "patient.name-invalid", "patient.name",
         "96369x1 J1559x80:JZ",
         "a right-to-left override: shows 'Rivera, Ana', is another string (found from outside)"},
        {[](core::Visit& v) { v.patient.name = "Rivera,\u2067 Ana"; }, "patient.name-invalid", "patient.name",
         "96369x1 J1559x80:JZ", "a right-to-left isolate (found from outside)"},
        {[](core::Visit& v) { v.patient.name = "Rive\u200bra, Ana"; }, "patient.name-invalid", "patient.name",
         "96369x1 J1559x80:JZ", "a zero-width space: shows as Rivera, is another string (found from outside)"},
        {[](core::Visit& v) { v.patient.name = "\ufeffRivera, Ana"; }, "patient.name-invalid", "patient.name",
         "96369x1 J1559x80:JZ", "a byte-order mark at the start"},
        {[](core::Visit& v) { v.patient.name = "Rivera\u200e, Ana"; }, "patient.name-invalid", "patient.name",
         "96369x1 J1559x80:JZ", "a left-to-right mark (found from outside)"},
        {[](core::Visit& v) { v.patient.name = "Rive\u00adra, Ana"; }, "patient.name-invalid", "patient.name",
         "96369x1 J1559x80:JZ", "a soft hyphen"},
        {[](core::Visit& v) { v.patient.name = "Rivera\u2028, Ana"; }, "patient.name-invalid", "patient.name",
         "96369x1 J1559x80:JZ", "a line separator"},
        {[](core::Visit& v) { v.patient.birth_date = core::parse_date("1896-02-28"); },
         "patient.birth-date-implausible", "patient.birth_date", "96369x1 J1559x80:JZ",
         "born 130 years and 3 days before the visit (found from outside: 130 x 366 days let such a date through)"},
        {[](core::Visit& v) { v.patient.birth_date = core::parse_date("1800-03-03"); },
         "patient.birth-date-implausible", "patient.birth_date", "96369x1 J1559x80:JZ",
         "born 226 years before: a year typed wrong (found from outside)"},
        {[](core::Visit& v) { v.patient.birth_date = core::parse_date("2099-07-14"); },
         "patient.birth-date-after-service", "patient.birth_date", "96369x1 J1559x80:JZ",
         "born after her infusion: a typo in the year, refused by the payer (found from outside)"},
        {[](core::Visit& v) { v.patient.name = "  "; }, "patient.name-missing", "patient.name", "96369x1 J1559x80:JZ",
         "no patient name: every claim line carries it (found in the real window: \"(no name)\" was ready)"},
        {[](core::Visit& v) { v.time_zone = "America/Springfield"; }, "visit.time-zone-unknown", "visit.time_zone",
         "J1559x80:JZ", "an unknown time zone: no time can be placed (section 2)"},
        {[](core::Visit& v) { v.substances[0].ndc = "4420645101"; }, "substance.ndc-invalid", "substances[0].ndc",
         "96369x1 J1559x80:JZ", "\"A bare 10-digit NDC is ambiguous ... and is refused\""},
        {[](core::Visit& v) { v.substances[0].wasted = -1.0; }, "substance.wasted-invalid", "substances[0].wasted",
         "96369x1 J1559x80:JZ", "a negative discarded amount"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        auto visit = test::sample_visit();
        row.change(visit);
        const auto coding = test::derive(visit);
        INFO(coretest::describe(coding));
        CHECK_FALSE(coding.billable);
        CHECK(coding.lines.empty());
        CHECK(coretest::count_errors(coding) == 1);
        const core::Problem* p = coretest::find_problem(coding, row.code);
        REQUIRE(p != nullptr);
        CHECK(p->severity == core::Severity::error);
        CHECK(p->field == std::string(row.field));
        CHECK_FALSE(p->message.empty());
        CHECK(coding.problems.front().severity == core::Severity::error);  // errors come first
        CHECK(test::summary(coding.held_lines) == std::string(row.held));
    }
}

TEST_CASE("warnings: each one alone keeps the visit billable and names its field") {
    struct Row {
        Mutation change;
        const char* code;
        const char* field;
        const char* lines;
        const char* rule;
    };
    const Row rows[] = {
        {[](core::Visit& v) { v.pump_setups[0].sites[0].prepped.reset(); }, "site.prep-not-documented",
         "pump_setups[0].sites[0].prepped", "96369x1 J1559x80:JZ", "\"antiseptic prep ... not documented\""},
        {[](core::Visit& v) { v.pump_setups[0].sites[1].prepped = false; }, "site.prep-not-documented",
         "pump_setups[0].sites[1].prepped", "96369x1 J1559x80:JZ", "\"antiseptic prep ... not documented\""},
        {[](core::Visit& v) { v.pump_setups[0].sites[0].secured.reset(); }, "site.securing-not-documented",
         "pump_setups[0].sites[0].secured", "96369x1 J1559x80:JZ", "\"... or needle securing not documented\""},
        {[](core::Visit& v) { v.pump_setups[0].sites[1].aspiration = core::Aspiration::not_checked; },
         "site.aspiration-not-checked", "pump_setups[0].sites[1].aspiration", "96369x1 J1559x80:JZ",
         "\"aspiration not checked\" (some protocols skip it)"},
        {[](core::Visit& v) { v.pump_setups[0].sites[0].aspiration.reset(); }, "site.aspiration-not-checked",
         "pump_setups[0].sites[0].aspiration", "96369x1 J1559x80:JZ", "aspiration not recorded at all"},
        {[](core::Visit& v) { v.pump_setups[0].stop = plus(*v.pump_setups[0].start, minutes{361}); },
         "time.long-infusion", "pump_setups", "96369x1 96370x5 J1559x80:JZ",
         "\"a long infusion worth a note on medical necessity\" (over 360 min)"},
        {[](core::Visit& v) { v.substances = {saline(500.0)}; }, "substance.hydration-review", "substances[0].name",
         "96369x1 J7050x2", "\"SC hydration (hypodermoclysis) under 96369 | allowed, flagged for coder review\""},
        {[](core::Visit& v) { v.pump_setups[0].pump.clear(); }, "setup.pump-missing", "pump_setups[0].pump",
         "96369x1 J1559x80:JZ", "the pump is part of the record, not of the claim"},
        {[](core::Visit& v) {
             v.diagnoses = {"D80.1", "D80.1"};
         },
         "visit.diagnosis-duplicate", "visit.diagnoses[1]", "96369x1 J1559x80:JZ", "a diagnosis listed twice"},
        {[](core::Visit& v) { v.substances[0].ndc = "44206-0999-01"; }, "substance.ndc-not-in-catalog",
         "substances[0].ndc", "96369x1 J1559x80:JZ", "a valid NDC that the catalog does not list"},
        {[](core::Visit& v) { v.substances[0].name = "hizentra 20%"; }, "substance.named-by-ndc", "substances[0].name",
         "96369x1 J1559x80:JZ",
         "a product typed by hand whose NDC is Hizentra's is billed as Hizentra, and said (found from outside: it went "
         "out 'Billing ready' with no drug line)"},
        {[](core::Visit& v) {
             v.substances[0].name = "Homemade remedy";
             v.substances[0].ndc.clear();
         },
         "substance.not-in-catalog", "substances[0].name", "96369x1",
         "a substance not in the catalog yields no drug line"},
        {[](core::Visit& v) { v.pump_setups[0].set_up_at = plus(*v.pump_setups[0].start, minutes{5}); },
         "time.set-up-after-start", "pump_setups[0].set_up_at", "96369x1 J1559x80:JZ",
         "a set-up documented after its own start"},
        {[](core::Visit& v) { v.pump_setups[0].set_up_at = plus(*v.pump_setups[0].start, minutes{-2 * 24 * 60}); },
         "time.set-up-long-before-start", "pump_setups[0].set_up_at", "96369x1 J1559x80:JZ",
         "a set-up two days before its start: more likely a wrong date"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        auto visit = test::sample_visit();
        row.change(visit);
        const auto coding = test::derive(visit);
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        CHECK(coretest::count_errors(coding) == 0);
        CHECK(test::summary(coding.lines) == std::string(row.lines));
        CHECK(coding.held_lines.empty());
        const core::Problem* p = coretest::find_problem(coding, row.code);
        REQUIRE(p != nullptr);
        CHECK(p->severity == core::Severity::warning);
        CHECK(p->field == std::string(row.field));
    }
}

TEST_CASE("a needle's problem names its site as the map does, not by its id") {
    // Found from outside: "Aspiration not checked for pump set-up 1, site 1 (thigh-left)".
    core::Visit v = test::sample_visit();
    v.pump_setups[0].sites[0].aspiration = core::Aspiration::not_checked;
    const auto coding = test::derive(v);
    const core::Problem* p = coretest::find_problem(coding, "site.aspiration-not-checked");
    REQUIRE(p != nullptr);
    CHECK(p->message == "Aspiration not checked for pump set-up 1, site 1 (Abdomen, left lower)");
}

TEST_CASE("warnings: the long-infusion note starts after 360 minutes, not at 360") {
    CHECK_FALSE(test::has_problem(test::derive(test::sample_visit(360)), "time.long-infusion"));
    CHECK(test::has_problem(test::derive(test::sample_visit(361)), "time.long-infusion"));
}

TEST_CASE("problems: errors are listed before warnings so the reviewer sees the blocker first") {
    auto visit = test::sample_visit();
    visit.pump_setups[0].sites[0].prepped.reset();  // warning, found first in visit order ...
    visit.pump_setups[0].stop.reset();              // ... then the error
    const auto coding = test::derive(visit);
    REQUIRE(coding.problems.size() == 2);
    CHECK(coding.problems[0].code == "time.stop-missing");
    CHECK(coding.problems[1].code == "site.prep-not-documented");
}

TEST_CASE("hydration: the clinic decides whether SC hydration is billed under 96369") {
    // coding-rules.md 9: "SC hydration (hypodermoclysis) under 96369 | allowed, flagged for coder review".
    struct Row {
        core::HydrationRule rule;
        bool billable;
        const char* code;  // "" for none
    };
    const Row rows[] = {
        {core::HydrationRule::allow, true, ""},
        {core::HydrationRule::review, true, "substance.hydration-review"},
        {core::HydrationRule::block, false, "substance.hydration-not-billable"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.code);
        settings::Config config = test::repo_config();
        config.rules.hydration = row.rule;
        auto visit = test::sample_visit();
        visit.substances = {saline(1000.0)};
        const auto coding = coretest::derive_with(visit, config);
        INFO(coretest::describe(coding));
        CHECK(coding.billable == row.billable);
        CHECK(coretest::problem_codes(coding, "substance.hydration") == std::string(row.code));
        CHECK(test::summary(row.billable ? coding.lines : coding.held_lines) == "96369x1 J7050x4");
        if (!row.billable) CHECK(coding.lines.empty());
    }
}
