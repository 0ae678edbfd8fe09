#pragma once
// What both writers need from a ChargeLine: a check that it is a correct charge, and the text forms of
// the fields that are formatted the same in every file (numbers, the transaction type, the NDC).
#include "export/charge.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace infusion::exporting {

// Throws ExportError naming the line when it cannot be written as a correct charge: a missing id or
// code, a reversal without the id it reverses or with positive units, more than 4 modifiers, a code
// column holding anything but letters, digits and dots, an NDC that is not 11 digits or lacks its unit
// and quantity, a timestamp that is not ISO 8601, free text that is not UTF-8.
void check_line(const ChargeLine& line);

// HL7 table 0017 and the CSV's transaction_type: "CG" charge, "CD" credit (a reversal).
[[nodiscard]] std::string_view transaction_type(const ChargeLine& line);

// Locale-independent decimal integer ("-1", "80").
[[nodiscard]] std::string integer_text(std::int64_t value);

// A quantity with up to 3 decimals and no trailing zeros ("8", "0.5", "-2.125"), never locale-dependent.
[[nodiscard]] std::string quantity_text(double value);

// The 11 bare digits of an NDC given in any form core::normalize_ndc accepts ("44206-0451-01" ->
// "44206045101"), as claims carry it; "" for "". Throws ExportError for anything else.
[[nodiscard]] std::string ndc_digits(std::string_view ndc);

// Letters, digits and dots only, not empty: the shape of every code column (CPT/HCPCS, modifier,
// ICD-10-CM, place of service, revenue code, NDC unit). Such a value can never start a spreadsheet
// formula, which is why the CSV leaves code columns unguarded.
[[nodiscard]] bool is_code_text(std::string_view text);

[[nodiscard]] bool is_valid_utf8(std::string_view text);

}  // namespace infusion::exporting
