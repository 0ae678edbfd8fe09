// The vials of a visit checked against what it documents (core/validate.hpp check_vials): at the scan
// the nurse saw "expired" or "another product"; a visit signed, imported or coded later must say it
// too. The example visit is Hizentra 8 g (NDC 44206-0451-01) on 2026-03-02.
#include "core/gs1.hpp"
#include "core/validate.hpp"
#include "core_test_helpers.hpp"

#include <doctest/doctest.h>

using namespace infusion;
using namespace std::chrono;

namespace {

// The GTIN-14 a US vial of this 10-digit NDC carries.
std::string gtin_for(const std::string& ndc10) {
    const std::string body = "003" + ndc10;
    return body + core::gs1_check_digit(body);
}

const std::string hizentra_01 = gtin_for("4420645101");  // 44206-0451-01, the NDC documented
const std::string hizentra_02 = gtin_for("4420645202");  // 44206-0452-02, another package
const std::string unlisted = gtin_for("0944270002");     // 0944-2700-02: no product of the catalog

// The repository's catalog, with an NDC for Gamunex-C (which lists none) so that a barcode names it.
settings::Config config() {
    settings::Config c = test::repo_config();
    for (auto& s : c.substances.substances) {
        if (s.name == "Gamunex-C") s.ndcs = {"13533-0800-12"};
    }
    return c;
}
const std::string gamunex = gtin_for("1353380012");  // 13533-800-12 (5-3-2)

core::Visit with_vial(const std::string& gtin,
                      std::optional<year_month_day> expiry = year_month_day{2027y, June, 30d}) {
    core::Visit v = test::sample_visit();
    v.substances[0].vials.push_back(core::Vial{gtin, "P100234", expiry, "SER1"});
    return v;
}

const core::Problem* find(const core::Coding& coding, const std::string& code) {
    for (const auto& p : coding.problems) {
        if (p.code == code) return &p;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("a vial of the documented product and package adds no problem") {
    const auto coding = coretest::derive_with(with_vial(hizentra_01), config());
    CHECK(coding.billable);
    CHECK(find(coding, "vial.expired") == nullptr);
    CHECK(find(coding, "vial.product-differs") == nullptr);
    CHECK(find(coding, "vial.ndc-differs") == nullptr);
}

TEST_CASE("a vial of another product holds the claim: its drug line cannot say which was given") {
    const auto coding = coretest::derive_with(with_vial(gamunex), config());
    CHECK_FALSE(coding.billable);
    const core::Problem* p = find(coding, "vial.product-differs");
    REQUIRE(p != nullptr);
    CHECK(p->severity == core::Severity::error);
    CHECK(p->field == "substances[0].vials[0].gtin");
    CAPTURE(p->message);
    CHECK(p->message.find("Vial 1 of Hizentra (lot P100234) is Gamunex-C (NDC 13533-0800-12") != std::string::npos);
}

TEST_CASE("a vial of a package the catalog does not list for its product is a warning") {
    const auto coding = coretest::derive_with(with_vial(unlisted), config());
    CHECK(coding.billable);
    const core::Problem* p = find(coding, "vial.ndc-not-in-catalog");
    REQUIRE(p != nullptr);
    CHECK(p->message.find("NDC 0944270002") != std::string::npos);
}

TEST_CASE("a vial expired before the date of service, or of another package, is a warning that stays with the visit") {
    SUBCASE("expired the day before") {
        const auto coding = coretest::derive_with(with_vial(hizentra_01, year_month_day{2026y, March, 1d}), config());
        CHECK(coding.billable);
        const core::Problem* p = find(coding, "vial.expired");
        REQUIRE(p != nullptr);
        CHECK(p->severity == core::Severity::warning);
        CHECK(p->field == "substances[0].vials[0].expiry");
        CHECK(p->message.find("expired on 2026-03-01, before the date of service 2026-03-02") != std::string::npos);
    }
    SUBCASE("expiring on the date of service is not expired") {
        const auto coding = coretest::derive_with(with_vial(hizentra_01, year_month_day{2026y, March, 2d}), config());
        CHECK(find(coding, "vial.expired") == nullptr);
    }
    SUBCASE("another package of the same product") {
        const auto coding = coretest::derive_with(with_vial(hizentra_02), config());
        CHECK(coding.billable);
        const core::Problem* p = find(coding, "vial.ndc-differs");
        REQUIRE(p != nullptr);
        CHECK(p->message.find("NDC 44206-0452-02") != std::string::npos);
    }
    SUBCASE("before the infusion has a start: against today") {
        core::Visit v = with_vial(hizentra_01, year_month_day{2026y, March, 1d});
        for (auto& setup : v.pump_setups) setup.start.reset();
        const settings::Config clinic = config();  // the context refers into it
        auto context = clinic.context();
        context.today = year_month_day{2026y, March, 2d};
        const auto coding = core::derive(v, context);
        const core::Problem* p = find(coding, "vial.expired");
        REQUIRE(p != nullptr);
        CHECK(p->message.find("expired on 2026-03-01, before today, 2026-03-02") != std::string::npos);
    }
    // validate() says the same as derive().
    bool in_validate = false;
    for (const auto& p : core::validate(with_vial(hizentra_01, year_month_day{2026y, March, 1d}), config().context())) {
        in_validate = in_validate || p.code == "vial.expired";
    }
    CHECK(in_validate);
}

TEST_CASE("a vial that names a catalog product under a substance the catalog does not know holds the claim") {
    core::Visit v = with_vial(gamunex);
    v.substances[0].name = "Mystery IG";
    v.substances[0].ndc.clear();  // with Hizentra's NDC it would be Hizentra (drug_lines.hpp, billed_product)
    const auto coding = coretest::derive_with(v, config());
    CHECK_FALSE(coding.billable);
    const core::Problem* p = find(coding, "vial.product-differs");
    REQUIRE(p != nullptr);
    CHECK(p->message.find("not 'Mystery IG' (not in the catalog)") != std::string::npos);
}

TEST_CASE("a vial whose GTIN holds no US NDC is a warning") {
    const auto coding = coretest::derive_with(with_vial("04012345678901"), config());
    CHECK(coding.billable);
    const core::Problem* p = find(coding, "vial.no-ndc");
    REQUIRE(p != nullptr);
    CHECK(p->message.find("GTIN 04012345678901, which holds no US NDC") != std::string::npos);
}

TEST_CASE("a substance whose lot no scanned vial carries is a check for the nurse, not a hold") {
    // Found from outside: an amendment corrected the substance's lot by hand, and vial 1 still named the old one.
    core::Visit v = with_vial(hizentra_01);  // vial lot P100234
    v.substances[0].lot = "P100234";
    CHECK(find(coretest::derive_with(v, config()), "substance.lot-not-on-vials") == nullptr);
    v.substances[0].lot = "P100243";
    const auto coding = coretest::derive_with(v, config());
    const auto* p = find(coding, "substance.lot-not-on-vials");
    REQUIRE(p != nullptr);
    CHECK(p->field == "substances[0].lot");
    CHECK(p->message ==
          "Hizentra: lot P100243 is not the lot of any vial scanned for it (P100234): check which was given");
    CHECK(coding.billable);  // a warning: the lines stand
}
