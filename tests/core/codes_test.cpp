// coding-rules.md section 7 (NDC on claims) and section 5 (an ICD-10-CM diagnosis): the code-format helpers.
#include "core/codes.hpp"
#include "core_test_helpers.hpp"

#include <doctest/doctest.h>

using namespace infusion;

TEST_CASE("NDC: every labeller form becomes the 11-digit 5-4-2 claim form, anything else is refused") {
    // "NDC on claims: 11 digits in 5-4-2 form, padding the short segment with a leading zero
    // (44206-451-01 -> 44206-0451-01)".
    struct Row {
        const char* input;
        const char* expected;  // nullptr: refused
        const char* rule;
    };
    const Row rows[] = {
        {"44206-0451-01", "44206-0451-01", "5-4-2 is already the claim form"},
        {"44206-451-01", "44206-0451-01", "5-3-2: the product segment is padded"},
        {"1234-5678-90", "01234-5678-90", "4-4-2: the labeller segment is padded"},
        {"12345-6789-1", "12345-6789-01", "5-4-1: the package segment is padded"},
        {"0002-1433-80", "00002-1433-80", "4-4-2 with leading zeros kept"},
        {"44206045101", "44206-0451-01", "11 bare digits are split 5-4-2"},
        {"4420645101", nullptr, "\"A bare 10-digit NDC is ambiguous (which segment is short?) and is refused\""},
        {"442060451011", nullptr, "12 digits is no NDC"},
        {"44206-0451-0A", nullptr, "letters are refused"},
        {"ABCDE-0451-01", nullptr, "letters are refused"},
        {"44206-O451-01", nullptr, "a letter O for a zero is refused"},
        {"", nullptr, "empty"},
        {"44206-0451", nullptr, "two segments"},
        {"44206-0451-01-1", nullptr, "four segments"},
        {"44206--01", nullptr, "an empty segment"},
        {"-44206-0451-01", nullptr, "a leading dash"},
        {"44206-0451-01-", nullptr, "a trailing dash"},
        {"123-4567-89", nullptr, "3-4-2 is not a labeller form"},
        {"12345-67890-1", nullptr, "5-5-1 is not a labeller form"},
        {"1234-567-89", nullptr, "4-3-2 is only 9 digits"},
        {"44206 0451 01", nullptr, "spaces are not dashes"},
        {" 44206-0451-01 ", "44206-0451-01", "blanks around it (a paste) are dropped, as around a name or an id"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        CAPTURE(row.input);
        const auto out = core::normalize_ndc(row.input);
        if (row.expected == nullptr) {
            CHECK_FALSE(out.has_value());
        } else {
            REQUIRE(out.has_value());
            CHECK(*out == row.expected);
        }
    }
}

TEST_CASE("ICD-10-CM: a diagnosis must have the code's shape to go on a claim") {
    // "no diagnosis (ICD-10-CM) linked to the visit" blocks; the shape check catches typing errors.
    struct Row {
        const char* code;
        bool ok;
        const char* rule;
    };
    const Row rows[] = {
        {"D80.1", true, "primary immunodeficiency: letter, digit, digit, dot, subcategory"},
        {"D80", true, "a three-character category"},
        {"E86.0", true, "dehydration"},
        {"Z79.899", true, "three characters after the dot"},
        {"S72.001A", true, "eight characters with a 7th-character extension"},
        {"C4A.9", true, "a letter in the third position"},
        {"G61.81", true, "CIDP"},
        {"80.1", false, "must start with a letter"},
        {"DD0.1", false, "the second character is a digit"},
        {"D80.", false, "a dot must be followed by something"},
        {"D801", false, "the fourth character must be the dot"},
        {"D80.12345", false, "at most 8 characters"},
        {"D8", false, "at least 3 characters"},
        {"", false, "empty"},
        {"D80-1", false, "a dash is not a dot"},
        {"D80.1 ", false, "trailing space"},
        {"D80.1.2", false, "one dot only"},
        {"d80.1", false, "claims carry capitals: a lower-case code is refused, not silently changed"},
        {"D80.1a", false, "lower case after the dot"},
        {"immunodeficiency", false, "a description is not a code"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        CAPTURE(row.code);
        CHECK(core::looks_like_icd10cm(row.code) == row.ok);
    }
}

TEST_CASE("codes on a visit: a bad NDC holds the claim, a padded one reaches the line") {
    SUBCASE("10 bare digits") {
        auto visit = test::sample_visit();
        visit.substances[0].ndc = "4420645101";
        const auto coding = test::derive(visit);
        CHECK_FALSE(coding.billable);
        const core::Problem* p = coretest::find_problem(coding, "substance.ndc-invalid");
        REQUIRE(p != nullptr);
        CHECK(p->field == "substances[0].ndc");
        CHECK(p->message.find("4420645101") != std::string::npos);
    }
    SUBCASE("blanks around it from a paste") {
        // Found from outside: " 44206-0451-01 " held the claim as not an NDC.
        auto visit = test::sample_visit();
        visit.substances[0].ndc = " 44206-0451-01 ";
        const auto coding = test::derive(visit);
        CHECK(coding.billable);
        CHECK(test::summary(coding.lines) == "96369x1 J1559x80:JZ");
    }
    SUBCASE("5-3-2 from the carton") {
        auto visit = test::sample_visit();
        visit.substances[0].ndc = "44206-451-01";
        const auto coding = test::derive(visit);
        CHECK(coding.billable);
        CHECK_FALSE(test::has_problem(coding, "substance.ndc-not-in-catalog"));  // compared in 5-4-2 form
        const core::BillingLine* line = coretest::find_line(coding.lines, "J1559");
        REQUIRE(line != nullptr);
        CHECK(line->ndc == "44206-0451-01");
    }
}
