// GS1 element strings as keyboard-wedge scanners type them (core/gs1.hpp). The published strings are
// from GS1's own examples (General Specifications and the GS1 DataMatrix Guideline use GTIN
// 09501101530003 with expiry, lot and serial) and from public pharma DataMatrix write-ups; the others
// are generated here with computed check digits.
#include "core/gs1.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace infusion;
using namespace std::chrono;

namespace {

constexpr char GS = '\x1d';

std::string with_check(const std::string& thirteen) { return thirteen + core::gs1_check_digit(thirteen); }

core::VialScan parsed(const std::string& text, const std::string& substitute = {}) {
    auto r = core::parse_gs1(text, substitute);
    INFO(text);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
    return r.value();
}

std::string refusal(const std::string& text, const std::string& substitute = {}) {
    auto r = core::parse_gs1(text, substitute);
    INFO(text);
    REQUIRE_FALSE(r.ok());
    return r.error().message;
}

}  // namespace

TEST_CASE("GS1 check digits: published GTINs pass, a changed digit fails") {
    for (const char* gtin :
         {"09501101530003", "05060917510011", "08470006991541", "07680669330019", "09506000134352"}) {
        INFO(gtin);
        CHECK(core::gtin_check_digit_ok(gtin));
    }
    CHECK_FALSE(core::gtin_check_digit_ok("09501101530004"));
    CHECK_FALSE(core::gtin_check_digit_ok("0950110153000"));   // 13 digits
    CHECK_FALSE(core::gtin_check_digit_ok("0950110153000A"));  // not a digit
    CHECK(core::gs1_check_digit("0034420645101") == '4');
}

TEST_CASE("published element strings: GTIN, lot, expiry with day 00 and serial, GS between variable fields") {
    // 01 05060917510011, 10 628S93R, GS, 17 241000 (day 00: the end of October 2024), 21 serial.
    const auto scan = parsed(std::string("010506091751001110628S93R") + GS + "17241000218898847482518646");
    CHECK(scan.gtin == "05060917510011");
    CHECK(scan.lot == "628S93R");
    CHECK(scan.expiry == year_month_day{2024y, October, 31d});
    CHECK(scan.serial == "8898847482518646");

    // The same data as a Data Matrix reader reports it with its AIM symbology identifier.
    const auto aim = parsed(std::string("]d2010506091751001110628S93R") + GS + "17241000218898847482518646");
    CHECK(aim.gtin == scan.gtin);
    CHECK(aim.serial == scan.serial);

    // A medicine pack: 01, 21 variable (ended by GS), 17 with a full date, 10 last (no GS needed after it).
    const auto pack = parsed(std::string("01076806693300192110030376244896") + GS + "1725113010A12345");
    CHECK(pack.gtin == "07680669330019");
    CHECK(pack.serial == "10030376244896");
    CHECK(pack.expiry == year_month_day{2025y, November, 30d});
    CHECK(pack.lot == "A12345");
    CHECK(parsed("01076806693300192110030376244896" + std::string(1, GS) + "1725113010A12345\n").lot == "A12345");
}

TEST_CASE("the human-readable form, GS1's example GTIN, in any order") {
    const auto scan = parsed("(01)09501101530003(17)140704(10)AB-123(21)12345678");
    CHECK(scan.gtin == "09501101530003");
    CHECK(scan.expiry == year_month_day{2014y, July, 4d});
    CHECK(scan.lot == "AB-123");
    CHECK(scan.serial == "12345678");
    const auto reordered = parsed("(10)AB-123(01)09501101530003");
    CHECK(reordered.lot == "AB-123");
    CHECK_FALSE(reordered.expiry.has_value());
    CHECK(reordered.serial.empty());
}

TEST_CASE("GS1-128 and QR symbology identifiers, and the separator's stand-ins") {
    const std::string gtin = with_check("0034420645101");
    CHECK(parsed("]C101" + gtin + "10LOT1").lot == "LOT1");
    CHECK(parsed("]Q301" + gtin + "17270200" + "10LOT2").expiry == year_month_day{2027y, February, 28d});
    CHECK(parsed("]Q301" + gtin + "17280200" + "10LOT2").expiry == year_month_day{2028y, February, 29d});
    // A leading FNC1 (sent as GS) and a GS after a fixed-length field are harmless.
    CHECK(parsed(std::string(1, GS) + "01" + gtin + GS + "10L" + GS + "21S1").serial == "S1");
    // The picture of GS (U+241D), which the window puts where a GS arrived.
    CHECK(parsed("01" + gtin + "10LOT9\xe2\x90\x9d" + "21SER9").lot == "LOT9");
    // A configured substitute for scanners that cannot type GS.
    const auto sub = parsed("01" + gtin + "10LOT7~21SER7", "~");
    CHECK(sub.lot == "LOT7");
    CHECK(sub.serial == "SER7");
    // Without the setting, "~" is not a separator, and not a character a lot may hold: refused where it is.
    CHECK(refusal("01" + gtin + "10LOT7~21SER7").find("character 23: (10) lot: '~' is not a character GS1 allows") !=
          std::string::npos);
}

TEST_CASE("generated strings round-trip: every field length from 1 to 20, with computed check digits") {
    for (int n = 1; n <= 20; ++n) {
        const std::string body = std::string("0") + "03" + std::to_string(1000000000 + n * 37);
        const std::string gtin = with_check(body);
        const std::string lot(static_cast<std::size_t>(n), 'L');
        const std::string serial(static_cast<std::size_t>(21 - n), '7');
        const auto scan = parsed("]d201" + gtin + "17" + "261200" + "10" + lot + GS + "21" + serial);
        CHECK(scan.gtin == gtin);
        CHECK(scan.lot == lot);
        CHECK(scan.serial == serial);
        CHECK(scan.expiry == year_month_day{2026y, December, 31d});
    }
}

TEST_CASE("malformed scans are refused with what and where (character position)") {
    const std::string gtin = with_check("0034420645101");
    // Wrong check digit: the 14th digit of the GTIN, at character 16 after "01".
    CHECK(refusal("0100344206451015") ==
          "scan: character 16: (01) GTIN 00344206451015: check digit is 5, "
          "expected 4 (a misread or mistyped number)");
    CHECK(refusal("01003442064510") == "scan: character 3: (01) GTIN takes 14 digits; found 12");
    CHECK(refusal("0100344206A51014").find("character 11: (01) GTIN takes 14 digits; found 'A'") != std::string::npos);
    CHECK(refusal("01" + gtin + "17261301").find("character 21: (17) expiry 261301: month must be 01-12") !=
          std::string::npos);
    CHECK(refusal("01" + gtin + "17270231").find("character 23: (17) expiry 270231: no such day") != std::string::npos);
    // An AI this program does not read (11 production date), and one that is not digits.
    CHECK(refusal("01" + gtin + "11260101").find("character 17: application identifier (11) is not read here") !=
          std::string::npos);
    CHECK(refusal("01" + gtin + "X1")
              .find("character 17: expected an application identifier (two digits), "
                    "found 'X'") != std::string::npos);
    // The published string with its GS lost: 21 runs on past 20 characters.
    CHECK(refusal("]d20108470006991541211008199619525610DXB200517220228")
              .find("character 22: (21) serial number is 31 characters long, at most 20 are allowed (is a GS "
                    "separator missing after it?)") != std::string::npos);
    CHECK(refusal("01" + gtin + "10A B").find("character 20: (10) lot: ' ' is not a character GS1 allows") !=
          std::string::npos);
    CHECK(refusal("01" + gtin + "10").find("(10) lot is empty") != std::string::npos);
    CHECK(refusal("01" + gtin + "10A" + GS + "10B").find("(10) lot appears twice") != std::string::npos);
    CHECK(refusal("10LOT").find("no (01) GTIN in the scan") != std::string::npos);
    CHECK(refusal("]d1hello").find("character 1: symbology identifier ']d1' is not a GS1 barcode") !=
          std::string::npos);
    CHECK(refusal("").find("nothing was scanned") != std::string::npos);
    CHECK(refusal("(01)" + gtin + "(10").find("'(' without its ')'") != std::string::npos);
    CHECK(refusal("(01)" + gtin + "(99)X").find("character 20: application identifier (99) is not read") !=
          std::string::npos);
    CHECK(refusal("01" + gtin + "1").find("the scan ends inside an application identifier") != std::string::npos);
    // A control character other than GS says which byte it is.
    CHECK(refusal("01" + gtin + "10A\x01").find("byte 0x01 is not a character GS1 allows") != std::string::npos);
}

TEST_CASE("GTIN to NDC: indicator, 03, ten NDC digits, check digit, and the three 10-digit layouts") {
    CHECK(core::ndc10_from_gtin("00344206451014") == "4420645101");
    CHECK(core::ndc10_from_gtin("50344206451019") == "4420645101");    // a case (indicator 5) carries it too
    CHECK_FALSE(core::ndc10_from_gtin("09501101530003").has_value());  // not a US drug GTIN
    CHECK_FALSE(core::ndc10_from_gtin("00344206451015").has_value());  // bad check digit
    const auto forms = core::ndc10_forms("01234-0567-09");             // each segment padded: all three layouts
    REQUIRE(forms.size() == 3);
    CHECK(forms[0].digits == "1234056709");
    CHECK(std::string(forms[0].layout) == "4-4-2");
    CHECK(forms[1].digits == "0123456709");
    CHECK(std::string(forms[1].layout) == "5-3-2");
    CHECK(forms[2].digits == "0123405679");
    CHECK(std::string(forms[2].layout) == "5-4-1");
    CHECK(core::ndc10_forms("44206-1451-11").empty());  // 5-4-2 with no padding: no 10-digit form
}
