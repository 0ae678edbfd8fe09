// coding-rules.md section 7: drug lines. units = ceil(dose in the code's unit / billing unit), JW/JZ for
// single-dose containers, the NDC in 11-digit 5-4-2 form with its unit and quantity.
#include "core/drug_lines.hpp"
#include "core_test_helpers.hpp"

#include <doctest/doctest.h>

using namespace infusion;
using core::DoseUnit;

namespace {

core::Visit visit_with(const char* name, double dose, DoseUnit unit, double wasted = 0.0) {
    auto v = test::sample_visit();
    v.substances[0].name = name;
    v.substances[0].dose = dose;
    v.substances[0].unit = unit;
    v.substances[0].wasted = wasted;
    v.substances[0].ndc.clear();  // the catalog NDC, if any, is checked in its own test
    return v;
}

}  // namespace

TEST_CASE("drug lines: units are the dose in billing units, rounded up, with no floating-point overcount") {
    // "units = ceil(dose in the code's unit / the code's billing unit)"; "Example: Hizentra 8 g -> J1559 x 80."
    struct Row {
        const char* product;
        double dose;
        DoseUnit unit;
        const char* lines;  // drug lines
        const char* rule;
    };
    const Row rows[] = {
        {"Hizentra", 8.0, DoseUnit::g, "J1559x80:JZ", "\"Hizentra 8 g -> J1559 x 80\""},
        {"Hizentra", 8000.0, DoseUnit::mg, "J1559x80:JZ", "the same dose in mg"},
        {"Hizentra", 0.3, DoseUnit::g, "J1559x3:JZ", "0.3 g is 3 x 100 mg (0.3 * 1000 / 100 is not above 3)"},
        {"Hizentra", 0.7, DoseUnit::g, "J1559x7:JZ", "0.7 g is 7 units"},
        {"Hizentra", 1.1, DoseUnit::g, "J1559x11:JZ", "1.1 g is 11 units"},
        {"Hizentra", 2.3, DoseUnit::g, "J1559x23:JZ", "2.3 g is 23 units"},
        {"Hizentra", 8.05, DoseUnit::g, "J1559x81:JZ", "8.05 g is 80.5 units: rounded up to 81"},
        {"Hizentra", 8.001, DoseUnit::g, "J1559x81:JZ", "any part of a billing unit rounds up"},
        {"Hizentra", 50.0, DoseUnit::mg, "J1559x1:JZ", "less than one billing unit is one unit"},
        {"Hizentra", 40.0, DoseUnit::mL, "J1559x80:JZ", "40 mL of a 20% (200 mg/mL) product is 8 g"},
        {"Hizentra", 40.25, DoseUnit::mL, "J1559x81:JZ", "40.25 mL is 8050 mg: 81"},
        {"Hizentra", 1.5, DoseUnit::mL, "J1559x3:JZ", "1.5 mL is 300 mg: 3"},
        {"HyQvia", 30.0, DoseUnit::g, "J1575x300:JZ", "HyQvia per 100 mg immune globulin"},
        {"HyQvia", 300.0, DoseUnit::mL, "J1575x300:JZ", "300 mL of a 10% product is 30 g"},
        {"Gamunex-C", 10.0, DoseUnit::g, "J1561x20:JZ", "Gamunex-C per 500 mg: 10 g is 20"},
        {"Gamunex-C", 10.1, DoseUnit::g, "J1561x21:JZ", "10.1 g is 20.2 units: 21"},
        {"Gamunex-C", 500.0, DoseUnit::mg, "J1561x1:JZ", "exactly one billing unit"},
        {"Gamunex-C", 501.0, DoseUnit::mg, "J1561x2:JZ", "just over one billing unit"},
        {"Gamunex-C", 100.0, DoseUnit::mL, "J1561x20:JZ", "100 mL at 100 mg/mL is 10 g"},
        {"gamunex", 10.0, DoseUnit::g, "J1561x20:JZ", "an alias finds the product"},
        {"Gammagard Liquid", 2.5, DoseUnit::g, "J1569x5:JZ", "Gammagard Liquid per 500 mg"},
        {"Cutaquig", 10.0, DoseUnit::mL, "J1551x17:JZ", "10 mL at 165 mg/mL is 1650 mg: 17"},
        {"Normal saline 0.9%", 1000.0, DoseUnit::mL, "J7050x4", "per 250 mL, not single-dose: no JW/JZ"},
        {"Normal saline 0.9%", 1001.0, DoseUnit::mL, "J7050x5", "1001 mL: 5"},
        {"Morphine sulfate", 15.0, DoseUnit::mg, "J2270x2", "\"up to 10 mg\" units: 15 mg is 2"},
        {"Hylenex recombinant", 300.0, DoseUnit::units, "J3473x300:JZ", "a product billed per USP unit"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        const auto coding = test::derive(visit_with(row.product, row.dose, row.unit));
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        CHECK(coretest::drug_summary(coding.lines) == std::string(row.lines));
    }
}

TEST_CASE("billing_units: the micro-unit grid never bills a unit for floating-point noise") {
    struct Row {
        double amount;
        double unit;
        std::int64_t units;
    };
    const Row rows[] = {
        {0.3 * 1000.0, 100.0, 3}, {0.1 * 3 * 1000.0, 100.0, 3},
        {8050.0, 100.0, 81},      {8000.0, 100.0, 80},
        {8000.001, 100.0, 81},    {0.0, 100.0, 0},
        {-5.0, 100.0, 0},         {100.0, 0.0, 0},
    };
    for (const auto& row : rows) {
        CAPTURE(row.amount);
        CHECK(core::billing_units(row.amount, row.unit) == row.units);
    }
}

TEST_CASE("drug lines: JZ when nothing is discarded, a JW line for the discarded part of the container") {
    // "Single-dose containers need JW (amount discarded, on its own line) or JZ (nothing discarded)."
    struct Row {
        double dose;
        double wasted;
        const char* lines;
        const char* rule;
    };
    const Row rows[] = {
        {8.0, 0.0, "J1559x80:JZ", "nothing discarded: JZ"},
        {8.0, 2.0, "J1559x80 J1559x20:JW", "2 g of a 10 g container discarded: JW line of 20"},
        {8.05, 1.95, "J1559x81 J1559x19:JW",
         "JW units = whole container (10 g = 100) less administered (81): 19, not ceil(1.95 g) = 20"},
        {7.5, 0.5, "J1559x75 J1559x5:JW", "half a gram discarded"},
        // Edition 2 (Noridian JD DME): a discard inside the units already billed gives one line with JZ.
        {8.05, 0.05, "J1559x81:JZ", "the discarded 50 mg is inside the rounded-up 81: no JW line, JZ"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        const auto coding = test::derive(visit_with("Hizentra", row.dose, DoseUnit::g, row.wasted));
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        CHECK(coretest::drug_summary(coding.lines) == std::string(row.lines));
    }
    SUBCASE("a discard within the rounding is explained in the line's reason (edition 2)") {
        const auto coding = test::derive(visit_with("Hizentra", 8.05, DoseUnit::g, 0.05));
        CHECK_FALSE(test::has_problem(coding, "drug.discard-within-rounding"));
        const auto* line = coretest::find_line(coding.lines, "J1559");
        REQUIRE(line != nullptr);
        CHECK(line->reason.find("inside the units already billed") != std::string::npos);
    }
    SUBCASE("the JW line carries the discarded quantity on the same NDC") {
        auto visit = visit_with("Hizentra", 8.0, DoseUnit::g, 2.0);
        visit.substances[0].ndc = "44206-0454-04";
        const auto coding = test::derive(visit);
        REQUIRE(coding.lines.size() == 3);
        const auto& given = coding.lines[1];
        const auto& discarded = coding.lines[2];
        CHECK(given.ndc == "44206-0454-04");
        REQUIRE(given.ndc_quantity);
        CHECK(*given.ndc_quantity == doctest::Approx(40.0));  // edition 2: ML, 8 g at 200 mg/mL
        CHECK(discarded.modifiers == std::vector<std::string>{"JW"});
        CHECK(discarded.ndc == "44206-0454-04");
        REQUIRE(discarded.ndc_quantity);
        CHECK(*discarded.ndc_quantity == doctest::Approx(10.0));  // 2 g at 200 mg/mL
        CHECK(discarded.substance_index == 0);
    }
    SUBCASE("a clinic that does not use JW/JZ gets plain lines") {
        settings::Config config = test::repo_config();
        config.rules.jw_jz_modifiers = false;
        CHECK(coretest::drug_summary(
                  coretest::derive_with(visit_with("Hizentra", 8.0, DoseUnit::g, 2.0), config).lines) == "J1559x80");
        CHECK(coretest::drug_summary(coretest::derive_with(visit_with("Hizentra", 8.0, DoseUnit::g), config).lines) ==
              "J1559x80");
    }
}

TEST_CASE("drug lines: the NDC goes on the line in 5-4-2 form with the unit qualifier and the documented quantity") {
    // "NDC on claims: 11 digits in 5-4-2 form, padding the short segment with a leading zero
    // (44206-451-01 -> 44206-0451-01); ... unit of measure ... GR, ME (mg), ML or UN, then the quantity."
    // Edition 2: "NDC quantity follows the package's unit of measure ... liquids in ML (Hizentra 8 g at 20% =
    // ML 40) ... never GR for a solution".
    struct Row {
        const char* product;
        const char* ndc;
        double dose;
        DoseUnit unit;
        const char* line_ndc;
        const char* ndc_unit;
        double quantity;
    };
    const Row rows[] = {
        {"Hizentra", "44206-451-01", 8.0, DoseUnit::g, "44206-0451-01", "ML", 40.0},
        {"Hizentra", "44206045101", 8000.0, DoseUnit::mg, "44206-0451-01", "ML", 40.0},
        {"Hizentra", "44206-0452-02", 40.0, DoseUnit::mL, "44206-0452-02", "ML", 40.0},
        {"HyQvia", "", 30.0, DoseUnit::g, "", "", 0.0},  // no NDC documented and none in the catalog: none sent
        // A solution dosed in USP units, through its units per mL (found from outside: "UN 150", 150 packages).
        {"Hylenex recombinant", "18657-117-04", 150.0, DoseUnit::units, "18657-0117-04", "ML", 1.0},
    };
    for (const auto& row : rows) {
        CAPTURE(row.ndc);
        auto visit = visit_with(row.product, row.dose, row.unit);
        visit.substances[0].ndc = row.ndc;
        const auto coding = test::derive(visit);
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        const auto drugs = coretest::of_kind(coding.lines, core::LineKind::drug);
        REQUIRE(drugs.size() == 1);
        CHECK(drugs[0].ndc == std::string(row.line_ndc));
        CHECK(drugs[0].ndc_unit == std::string(row.ndc_unit));
        if (*row.line_ndc != '\0') {
            REQUIRE(drugs[0].ndc_quantity);
            CHECK(*drugs[0].ndc_quantity == doctest::Approx(row.quantity));
        } else {
            CHECK_FALSE(drugs[0].ndc_quantity.has_value());
        }
    }
    SUBCASE("an NDC of a product the catalog gives no package unit holds the claim, saying what to complete") {
        // Found from outside: morphine 15 mg went out as "ME 15", deferoxamine 2 g as "GR 2" (a powder: UN).
        for (const auto& [product, dose, unit] :
             {std::tuple{"Morphine sulfate", 15.0, DoseUnit::mg}, std::tuple{"Deferoxamine", 2.0, DoseUnit::g}}) {
            CAPTURE(product);
            auto visit = visit_with(product, dose, unit);
            visit.substances[0].ndc = "00409-1890-01";
            const auto coding = test::derive(visit);
            const core::Problem* p = coretest::find_problem(coding, "substance.ndc-unit-unknown");
            REQUIRE(p != nullptr);
            CHECK(p->severity == core::Severity::error);
            CHECK(p->field == "substances[0].ndc");
            CHECK(p->message.find("ndc_unit") != std::string::npos);
            CHECK_FALSE(coding.billable);
            visit.substances[0].ndc.clear();  // no NDC: the line goes out without one
            CHECK(test::derive(visit).billable);
        }
    }
    SUBCASE("a typed name that says another product, over a catalog product's NDC, holds the claim") {
        // Found from outside: "Cuvitru 20%" with Hizentra's NDC was billed as Hizentra, 80 mL of "Gammagard
        // Liquid 10%" as 160 units of it, and morphine as J1559.
        for (const auto& [typed, dose, unit] :
             {std::tuple{"Cuvitru 20%", 8.0, DoseUnit::g}, std::tuple{"Gammagard Liquid 10%", 80.0, DoseUnit::mL},
              std::tuple{"Morphine sulfate 10 mg/mL", 10.0, DoseUnit::mg}, std::tuple{"IG 20%", 8.0, DoseUnit::g},
              std::tuple{"Hizentra or Cuvitru", 8.0, DoseUnit::g}, std::tuple{"Hizentra NS", 8.0, DoseUnit::g}}) {
            CAPTURE(typed);
            auto visit = visit_with("Hizentra", dose, unit);
            visit.substances[0].name = typed;
            visit.substances[0].ndc = "44206-0451-01";  // Hizentra's
            const auto coding = test::derive(visit);
            const core::Problem* p = coretest::find_problem(coding, "substance.ndc-other-product");
            REQUIRE(p != nullptr);
            CHECK(p->severity == core::Severity::error);
            CHECK_FALSE(coding.billable);
            CHECK(coretest::of_kind(coding.lines, core::LineKind::drug).empty());
        }
    }
    SUBCASE("a typed name says a product in whole words: 'abnormal' names no saline, 'normal' alone no other") {
        // Found from outside: "Hizentra abnormal lot" was held ("normal" inside it), "Hizentra NS" billed (the
        // two-letter alias was not looked for).
        for (const char* typed : {"Hizentra abnormal lot", "Hizentra normal dose", "hizentra, lot P1"}) {
            CAPTURE(typed);
            auto visit = visit_with("Hizentra", 8.0, DoseUnit::g);
            visit.substances[0].name = typed;
            visit.substances[0].ndc = "44206-0451-01";
            const auto coding = test::derive(visit);
            CHECK(coding.billable);
            CHECK(coretest::drug_summary(coding.lines) == "J1559x80:JZ");
        }
    }
    SUBCASE("two entries of one product and NDC above 99,999 units together hold the claim") {
        // Found from outside: two entries of 60,000 units of Hylenex went out as one line of 120,000.
        auto visit = visit_with("Hylenex recombinant", 60000.0, DoseUnit::units);
        visit.substances[0].ndc = "18657-0117-04";
        visit.substances.push_back(visit.substances[0]);
        const auto coding = test::derive(visit);
        CHECK(coretest::find_problem(coding, "substance.units-implausible") != nullptr);
        CHECK_FALSE(coding.billable);
        CHECK(coretest::of_kind(coding.lines, core::LineKind::drug).empty());
    }
    SUBCASE("Hylenex documented in mL is billed in USP units through its 150 units per mL") {
        // Found from outside: 1 mL of Hylenex was refused as a unit the billing unit cannot take.
        const auto coding = test::derive(visit_with("Hylenex recombinant", 2.0, DoseUnit::mL));
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        CHECK(coretest::drug_summary(coding.lines) == "J3473x300:JZ");
    }
    SUBCASE("more than 99,999 units on one line hold the claim instead of billing them") {
        // Found from outside: a billing unit a million times too small billed 1,000,000,000 units of J1559.
        auto visit = visit_with("Hylenex recombinant", 150000.0, DoseUnit::units);
        const auto coding = test::derive(visit);
        const core::Problem* p = coretest::find_problem(coding, "substance.units-implausible");
        REQUIRE(p != nullptr);
        CHECK(p->message.find("150000 billing units of J3473") != std::string::npos);
        CHECK_FALSE(coding.billable);
        CHECK(coretest::of_kind(coding.lines, core::LineKind::drug).empty());
        visit.substances[0].dose = 99999.0;
        CHECK(coretest::find_problem(test::derive(visit), "substance.units-implausible") == nullptr);
    }
    SUBCASE("a missing NDC is a warning when the catalog cannot pick one") {
        const auto coding = test::derive(visit_with("HyQvia", 30.0, DoseUnit::g));
        const core::Problem* p = coretest::find_problem(coding, "substance.ndc-missing");
        REQUIRE(p != nullptr);
        CHECK(p->severity == core::Severity::warning);
        CHECK(coding.billable);
    }
}

TEST_CASE("drug lines: each substance gets its own line, pointing back at the substance") {
    auto visit = visit_with("Hizentra", 4.0, DoseUnit::g);
    core::Substance second = visit.substances[0];
    second.name = "Gamunex-C";
    second.dose = 5.0;
    visit.substances.push_back(second);
    const auto coding = test::derive(visit);
    INFO(coretest::describe(coding));
    CHECK(coretest::drug_summary(coding.lines) == "J1559x40:JZ J1561x10:JZ");
    const auto drugs = coretest::of_kind(coding.lines, core::LineKind::drug);
    REQUIRE(drugs.size() == 2);
    CHECK(drugs[0].substance_index == 0);
    CHECK(drugs[1].substance_index == 1);
    CHECK(drugs[1].reason.find("Gamunex-C 5 g = 10 x 500 mg") != std::string::npos);
}

TEST_CASE("convert_amount: g, mg and mL through the product's concentration, nothing else") {
    CHECK(core::convert_amount(8.0, DoseUnit::g, DoseUnit::mg, std::nullopt) == 8000.0);
    CHECK(core::convert_amount(8000.0, DoseUnit::mg, DoseUnit::g, std::nullopt) == 8.0);
    CHECK(core::convert_amount(40.0, DoseUnit::mL, DoseUnit::mg, 200.0) == 8000.0);
    CHECK(core::convert_amount(8.0, DoseUnit::g, DoseUnit::mL, 200.0) == 40.0);
    CHECK_FALSE(core::convert_amount(40.0, DoseUnit::mL, DoseUnit::mg, std::nullopt).has_value());
    CHECK_FALSE(core::convert_amount(40.0, DoseUnit::mL, DoseUnit::mg, 0.0).has_value());
    CHECK_FALSE(core::convert_amount(300.0, DoseUnit::units, DoseUnit::mg, 200.0).has_value());
    CHECK(core::convert_amount(300.0, DoseUnit::units, DoseUnit::units, std::nullopt) == 300.0);
}

TEST_CASE("drug lines: a dose that cannot be converted to the billing unit holds the claim") {
    struct Row {
        const char* product;
        DoseUnit unit;
    };
    const Row rows[] = {
        {"Hizentra", DoseUnit::units},          // J1559 per 100 mg
        {"Normal saline 0.9%", DoseUnit::g},    // J7050 per 250 mL, no concentration in the catalog
        {"Hylenex recombinant", DoseUnit::mg},  // J3473 per USP unit
    };
    for (const auto& row : rows) {
        CAPTURE(row.product);
        const auto coding = test::derive(visit_with(row.product, 10.0, row.unit));
        CHECK_FALSE(coding.billable);
        CHECK(coding.lines.empty());
        const core::Problem* p = coretest::find_problem(coding, "substance.unit-incompatible");
        REQUIRE(p != nullptr);
        CHECK(p->field == "substances[0].unit");
        CHECK(coretest::drug_summary(coding.held_lines).empty());
    }
}

TEST_CASE("drug lines: one product entered twice is one line on the summed dose, never rounded up twice") {
    // "units = ceil(dose in the code's unit / the code's billing unit)": 4.05 g + 4.05 g is 8.1 g, 81 units;
    // rounded up per entry it would be 82, on two identical lines a payer denies as duplicates.
    auto visit = visit_with("Hizentra", 4.05, DoseUnit::g);
    visit.substances[0].ndc = "44206-0451-01";
    visit.substances.push_back(visit.substances[0]);
    SUBCASE("the same NDC: one line") {
        const auto coding = test::derive(visit);
        INFO(coretest::describe(coding));
        CHECK(coding.billable);
        CHECK(coretest::drug_summary(coding.lines) == "J1559x81:JZ");
        const core::BillingLine* line = coretest::find_line(coding.lines, "J1559");
        REQUIRE(line != nullptr);
        CHECK(line->ndc_quantity == doctest::Approx(40.5));  // 8.1 g at 200 mg/mL
        CHECK(line->reason.find("substances 1 and 2") != std::string::npos);
    }
    SUBCASE("another NDC: a line each, 81 units in all") {
        visit.substances[1].ndc = "44206-0452-02";
        const auto coding = test::derive(visit);
        INFO(coretest::describe(coding));
        CHECK(coretest::drug_summary(coding.lines) == "J1559x41:JZ J1559x40:JZ");
    }
    SUBCASE("the discarded amounts are summed too: one JW line") {
        visit.substances[0].wasted = 0.05;
        visit.substances[1].wasted = 0.05;  // 8.1 g given, 0.1 g discarded: 81 + 1 units opened
        const auto coding = test::derive(visit);
        INFO(coretest::describe(coding));
        CHECK(coretest::drug_summary(coding.lines) == "J1559x81 J1559x1:JW");
    }
}

TEST_CASE("drug lines: an NDC quantity that rounds to 0 holds the claim instead of stopping the export") {
    // A claim states the NDC quantity to 3 decimals; the export refuses a 0 and would stop the whole batch.
    auto visit = visit_with("Hizentra", 0.00009, DoseUnit::g);  // 0.00045 mL at 200 mg/mL
    visit.substances[0].ndc = "44206-0451-01";
    const auto coding = test::derive(visit);
    INFO(coretest::describe(coding));
    CHECK_FALSE(coding.billable);
    const core::Problem* p = coretest::find_problem(coding, "substance.ndc-quantity-zero");
    REQUIRE(p != nullptr);
    CHECK(p->severity == core::Severity::error);
    CHECK(p->field == "substances[0].dose");
}

TEST_CASE("drug lines: more discarded than given is billed, with a check for the coder on the discarded field") {
    // 8 g given with "50" discarded billed a J1559-JW line of 500 units and said nothing (found from outside).
    const auto coding = test::derive(visit_with("Hizentra", 8.0, DoseUnit::g, 50.0));
    INFO(coretest::describe(coding));
    CHECK(coretest::drug_summary(coding.lines) == "J1559x80 J1559x500:JW");
    const core::Problem* p = coretest::find_problem(coding, "substance.wasted-over-dose");
    REQUIRE(p != nullptr);
    CHECK(p->severity == core::Severity::warning);  // a small dose from a large vial is possible
    CHECK(p->field == "substances[0].wasted");
    CHECK(p->message ==
          "Hizentra: 50 g discarded is more than the 8 g given. Check the amount: the JW line bills all of it");
    SUBCASE("as much discarded as given is not remarked") {
        CHECK_FALSE(test::has_problem(test::derive(visit_with("Hizentra", 0.5, DoseUnit::g, 0.5)),
                                      "substance.wasted-over-dose"));
    }
    SUBCASE("against a negative dose (itself refused) nothing is remarked") {
        const auto negative = test::derive(visit_with("Hizentra", -8.0, DoseUnit::g, 1.0));
        CHECK(test::has_problem(negative, "substance.dose-invalid"));
        CHECK_FALSE(test::has_problem(negative, "substance.wasted-over-dose"));
    }
    SUBCASE("a discarded amount over the limit says the limit") {
        const auto coding_over = test::derive(visit_with("Hizentra", 8.0, DoseUnit::g, 2e6));
        const core::Problem* over = coretest::find_problem(coding_over, "substance.wasted-invalid");
        REQUIRE(over != nullptr);
        CHECK(over->message.find("no larger than 1000000") != std::string::npos);
    }
}

TEST_CASE("drug lines: a whole barcode typed into the lot is pointed out, a lot is not") {
    // Found from outside: a DataMatrix string scanned into Lot was signed, exported and printed as the lot.
    for (const std::string scanned : {"]d20100344206451014172705311026L4471A~21SN0009",
                                      "(01)00344206451014(17)270531(10)P1", "0100344206451014172705311026L4471A",
                                      "26L4471A\x1d"
                                      "21SN1",
                                      "26L4\xE2\x90\x9D"
                                      "21SN1"}) {
        CAPTURE(scanned);
        auto visit = visit_with("Hizentra", 8.0, DoseUnit::g);
        visit.substances[0].lot = scanned;
        const auto coding = test::derive(visit);
        const core::Problem* p = coretest::find_problem(coding, "substance.lot-scanned");
        REQUIRE(p != nullptr);
        CHECK(p->severity == core::Severity::warning);
        CHECK(p->field == "substances[0].lot");
    }
    for (const std::string lot : {"P100234", "LE47M243", "0123456789", "01ABCDEFGHIJKLMNOPQR", ""}) {
        CAPTURE(lot);
        auto visit = visit_with("Hizentra", 8.0, DoseUnit::g);
        visit.substances[0].lot = lot;
        CHECK_FALSE(test::has_problem(test::derive(visit), "substance.lot-scanned"));
    }
}

TEST_CASE("drug lines: another product's package NDC on a line holds the claim") {
    // Hizentra's NDC kept on a Cuvitru line (a product chosen again) went out as Cuvitru's J1569 line.
    auto visit = visit_with("Cuvitru", 8.0, DoseUnit::g);
    visit.substances[0].ndc = "44206-0454-04";
    const auto coding = test::derive(visit);
    CHECK_FALSE(coding.billable);
    const core::Problem* p = coretest::find_problem(coding, "substance.ndc-other-product");
    REQUIRE(p != nullptr);
    CHECK(p->severity == core::Severity::error);
    CHECK(p->field == "substances[0].ndc");
    CHECK(p->message ==
          "NDC 44206-0454-04 is Hizentra in config/substances.toml, not Cuvitru: correct the product or the NDC");
    SUBCASE("an NDC no product lists stays a warning-free entry for a product that lists none") {
        visit.substances[0].ndc = "12345-6789-01";
        const auto other = test::derive(visit);
        CHECK(other.billable);
        CHECK_FALSE(test::has_problem(other, "substance.ndc-other-product"));
    }
}
