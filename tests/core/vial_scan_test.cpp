// A scanned vial on a visit (core/vial_scan.hpp): GTIN -> NDC -> catalog product in all three 10-digit
// layouts, vials adding up on one substance, and the warnings a nurse must see.
#include "core/vial_scan.hpp"

#include <doctest/doctest.h>

using namespace infusion;
using namespace std::chrono;

namespace {

constexpr year_month_day service_day{2026y, March, 2d};

// One product per labeller layout. 10-digit NDCs: 1234-5678-91 (4-4-2), 12345-678-90 (5-3-2),
// 54321-9876-5 (5-4-1); the catalog holds each in its 11-digit 5-4-2 form.
core::SubstanceCatalog catalog() {
    core::SubstanceCatalog c;
    core::CatalogSubstance a;
    a.id = "four";
    a.name = "Four-four-two IG";
    a.ndcs = {"01234-5678-91"};
    core::CatalogSubstance b;
    b.id = "five";
    b.name = "Five-three-two IG";
    b.ndcs = {"12345-0678-90", "12345-0679-90"};
    core::CatalogSubstance d;
    d.id = "one";
    d.name = "Five-four-one IG";
    d.ndcs = {"54321-9876-05"};
    c.substances = {a, b, d};
    return c;
}

std::string gtin_for(const std::string& ndc10, char indicator = '0') {
    const std::string body = std::string(1, indicator) + "03" + ndc10;
    return body + core::gs1_check_digit(body);
}

core::VialScan scan(const std::string& ndc10, const std::string& lot, const std::string& serial,
                    std::optional<year_month_day> expiry = year_month_day{2027y, June, 30d}) {
    return core::VialScan{gtin_for(ndc10), expiry, lot, serial};
}

bool has(const core::ScanOutcome& o, const std::string& code) {
    for (const auto& w : o.warnings) {
        if (w.code == code) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("a GTIN finds its catalog product and 5-4-2 NDC in each 10-digit layout") {
    const auto c = catalog();
    const auto four = core::match_gtin(gtin_for("1234567891"), c);
    REQUIRE(four.has_value());
    CHECK(four->substance->id == "four");
    CHECK(four->ndc == "01234-5678-91");
    CHECK(four->layout == "4-4-2");
    const auto five = core::match_gtin(gtin_for("1234567990"), c);
    REQUIRE(five.has_value());
    CHECK(five->ndc == "12345-0679-90");
    CHECK(five->layout == "5-3-2");
    const auto one = core::match_gtin(gtin_for("5432198765"), c);
    REQUIRE(one.has_value());
    CHECK(one->ndc == "54321-9876-05");
    CHECK(one->layout == "5-4-1");
    CHECK_FALSE(core::match_gtin(gtin_for("9999999999"), c).has_value());
    CHECK_FALSE(core::match_gtin("09501101530003", c).has_value());  // not a US drug GTIN
}

TEST_CASE("the first scan fills substance, NDC and lot, and a second vial of the product adds up on the same row") {
    core::Visit v;
    const auto first = core::apply_vial_scan(v, scan("1234567891", "LOT-A", "S1"), catalog(), service_day);
    CHECK(first.warnings.empty());
    CHECK(first.substance_added);
    REQUIRE(v.substances.size() == 1);
    CHECK(v.substances[0].name == "Four-four-two IG");
    CHECK(v.substances[0].ndc == "01234-5678-91");
    CHECK(v.substances[0].lot == "LOT-A");
    CHECK_FALSE(v.substances[0].dose.has_value());  // the dose stays the nurse's entry
    REQUIRE(v.substances[0].vials.size() == 1);
    CHECK(v.substances[0].vials[0].expiry == year_month_day{2027y, June, 30d});
    CHECK(first.summary == "Four-four-two IG, NDC 01234-5678-91, lot LOT-A, expires 2027-06-30, serial S1 (vial 1)");

    v.substances[0].dose = 8.0;
    const auto second = core::apply_vial_scan(v, scan("1234567891", "LOT-B", "S2"), catalog(), service_day);
    CHECK(second.warnings.empty());
    CHECK_FALSE(second.substance_added);
    REQUIRE(v.substances.size() == 1);
    CHECK(v.substances[0].vials.size() == 2);
    CHECK(v.substances[0].lot == "LOT-A");  // the first lot stays; each vial keeps its own
    CHECK(v.substances[0].vials[1].lot == "LOT-B");
    CHECK(v.substances[0].dose == 8.0);
}

TEST_CASE("a substance typed by name takes the scan of its product, and an empty row is filled") {
    core::Visit v;
    v.substances.push_back(core::Substance{});
    v.substances[0].name = "five";  // the catalog id, as typed
    const auto o = core::apply_vial_scan(v, scan("1234567890", "L5", ""), catalog(), service_day);
    CHECK(o.substance_index == 0);
    CHECK(v.substances[0].ndc == "12345-0678-90");
    CHECK(o.warnings.empty());

    core::Visit blank;
    blank.substances.emplace_back();
    (void)core::apply_vial_scan(blank, scan("5432198765", "L1", ""), catalog(), service_day);
    REQUIRE(blank.substances.size() == 1);
    CHECK(blank.substances[0].name == "Five-four-one IG");
}

TEST_CASE("warnings: expired on the date of service, another product, the same serial twice, unknown NDC") {
    core::Visit v;
    SUBCASE("expired the day before the date of service; on the day itself it is still good") {
        const auto expired = core::apply_vial_scan(v, scan("1234567891", "L", "", year_month_day{2026y, March, 1d}),
                                                   catalog(), service_day);
        CHECK(has(expired, "scan.vial-expired"));
        CHECK(expired.warnings[0].message == "the vial expired on 2026-03-01, before the date of service 2026-03-02");
        CHECK(expired.vial_added);  // documented as it was; the warning makes the nurse act
        const auto today = core::apply_vial_scan(v, scan("1234567891", "L", "", service_day), catalog(), service_day);
        CHECK_FALSE(has(today, "scan.vial-expired"));
    }
    SUBCASE("a different product than the one documented goes on its own row, with a warning") {
        (void)core::apply_vial_scan(v, scan("1234567891", "L", "A"), catalog(), service_day);
        const auto other = core::apply_vial_scan(v, scan("5432198765", "M", "B"), catalog(), service_day);
        CHECK(has(other, "scan.product-differs"));
        CHECK(other.warnings[0].message ==
              "the scanned vial is Five-four-one IG, not the Four-four-two IG already documented: check the order");
        CHECK(v.substances.size() == 2);
        CHECK(other.substance_index == 1);
    }
    SUBCASE("the same serial scanned twice is one vial: not added again") {
        (void)core::apply_vial_scan(v, scan("1234567891", "L", "SER-1"), catalog(), service_day);
        const auto again = core::apply_vial_scan(v, scan("1234567891", "L", "SER-1"), catalog(), service_day);
        CHECK(has(again, "scan.serial-repeated"));
        CHECK_FALSE(again.vial_added);
        CHECK(v.substances.size() == 1);
        CHECK(v.substances[0].vials.size() == 1);
        // Vials without a serial cannot be told apart: each scan is another vial.
        (void)core::apply_vial_scan(v, scan("1234567891", "L", ""), catalog(), service_day);
        (void)core::apply_vial_scan(v, scan("1234567891", "L", ""), catalog(), service_day);
        CHECK(v.substances[0].vials.size() == 3);
    }
    SUBCASE("an NDC the catalog does not know: a free-entry row with the vial, and a warning") {
        const auto unknown = core::apply_vial_scan(v, scan("9999999999", "Z", "Q"), catalog(), service_day);
        CHECK(has(unknown, "scan.ndc-unknown"));
        CHECK(unknown.warnings[0].message.find("NDC 9999999999") != std::string::npos);
        REQUIRE(v.substances.size() == 1);
        CHECK(v.substances[0].name.empty());
        CHECK(v.substances[0].ndc.empty());
        CHECK(v.substances[0].vials[0].gtin == gtin_for("9999999999"));
        // A second vial of that unknown product joins the same row (same GTIN), without "differs".
        const auto again = core::apply_vial_scan(v, scan("9999999999", "Z", "R"), catalog(), service_day);
        CHECK_FALSE(has(again, "scan.product-differs"));
        CHECK(v.substances[0].vials.size() == 2);
    }
    SUBCASE("another package NDC of the same product is flagged, the documented NDC is kept") {
        (void)core::apply_vial_scan(v, scan("1234567890", "L", "1"), catalog(), service_day);
        const auto pack = core::apply_vial_scan(v, scan("1234567990", "L", "2"), catalog(), service_day);
        CHECK(has(pack, "scan.ndc-differs"));
        CHECK_FALSE(has(pack, "scan.product-differs"));
        REQUIRE(v.substances.size() == 1);
        CHECK(v.substances[0].ndc == "12345-0678-90");
        CHECK(v.substances[0].vials.size() == 2);
        // The summary names the vial's own package, as the warning does, not the documented one.
        CHECK(pack.summary.find("NDC 12345-0679-90") != std::string::npos);
    }
}
