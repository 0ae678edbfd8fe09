#pragma once
// GS1 element strings as a vial's DataMatrix carries them (GS1 General Specifications, section 3 for the
// application identifiers, section 7.8 for the FNC1/GS separator and symbology identifiers).
// Reads what a keyboard-wedge scanner types: the raw string with GS (0x1D) between variable-length
// fields, optionally led by an AIM symbology identifier (]d2 DataMatrix, ]C1 GS1-128, ]Q3 QR, ]e0
// DataBar), or the human-readable form "(01)...(17)...(10)...(21)...". Only the four identifiers a
// US drug vial carries are read (01 GTIN, 17 expiry, 10 lot, 21 serial); anything else is refused with
// the character position, so a misread never fills a field with half a value. No I/O, no UI.
#include "core/result.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infusion::core {

struct VialScan {
    std::string gtin;                                   // 14 digits, check digit verified
    std::optional<std::chrono::year_month_day> expiry;  // AI 17; day 00 = last day of the month
    std::string lot;                                    // AI 10, up to 20 characters
    std::string serial;                                 // AI 21, up to 20 characters
};

// `gs_substitute`: what this clinic's scanners type instead of GS when they cannot send control
// characters (e.g. "~"; settings [scanner] gs_substitute). Empty: GS itself only. The Unicode picture
// of GS (U+241D) is always accepted too: the window puts it where a GS arrived.
// Errors say what is wrong and at which character (1-based) of `text`.
[[nodiscard]] Result<VialScan> parse_gs1(std::string_view text, std::string_view gs_substitute = {});

// Text that is plainly a whole GS1 scan rather than a lot number: a symbology identifier ("]d2", "]C1",
// "]Q3", "]e0") or "(01)" first, a GS or its picture U+241D anywhere, or AI 01 with a 14-digit GTIN first
// (a GS1 lot is at most 20 characters, and never starts so). For a scan typed into the Lot field.
[[nodiscard]] bool looks_like_gs1_scan(std::string_view text);

// GS1 mod-10 check digit of the digits before it (weights 3,1,3,... from the right).
[[nodiscard]] char gs1_check_digit(std::string_view digits_without_check);
[[nodiscard]] bool gtin_check_digit_ok(std::string_view gtin14);

// A US pharmaceutical GTIN-14 is indicator + "03" + the 10-digit NDC + check digit (FDA/GS1 US
// guidance): the 10 NDC digits, or nothing when the GTIN does not carry an NDC.
[[nodiscard]] std::optional<std::string> ndc10_from_gtin(std::string_view gtin14);

// The 10-digit forms an 11-digit 5-4-2 NDC ("44206-0451-01") can have been assigned in: 4-4-2, 5-3-2
// or 5-4-1 (the segment padded with a leading zero in the 11-digit form is the short one). One entry
// per layout whose padding digit is 0.
struct Ndc10Layout {
    std::string digits;  // 10 digits
    const char* layout;  // "4-4-2", "5-3-2" or "5-4-1"
};
[[nodiscard]] std::vector<Ndc10Layout> ndc10_forms(std::string_view ndc11);

}  // namespace infusion::core
