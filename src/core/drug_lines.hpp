#pragma once
// Drug lines (coding-rules.md 7): one HCPCS line per catalog substance, units rounded up to whole
// billing units, JW/JZ for single-dose containers, the NDC in 11-digit form with its unit and quantity.
#include "core/billing_line.hpp"
#include "core/coding_context.hpp"
#include "core/problem.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace infusion::core {

// `amount` in `from` expressed in `to` (mL <-> mg through the product's concentration);
// empty when the units cannot be converted.
[[nodiscard]] std::optional<double> convert_amount(double amount, DoseUnit from, DoseUnit to,
                                                   std::optional<double> concentration_mg_per_ml);

// The catalog's product a documented substance is: by its name, id or alias; else, for a name typed by hand
// that says the product ("hizentra 20%"), by its NDC when one catalog product lists that package. A typed
// name went out signed as "Billing ready" with no drug line although its NDC was Hizentra's (found from
// outside). Null when it is neither.
[[nodiscard]] const CatalogSubstance* billed_product(const Substance& s, const SubstanceCatalog& catalog);

// `amount` of `product` from one unit into another: mass to mass, mass and mL through its mg per mL, USP units
// and mL through its units per mL (Hylenex 150 units/mL: 1 mL is 150 units). Empty when it cannot be.
[[nodiscard]] std::optional<double> convert_for(const CatalogSubstance& product, double amount, DoseUnit from,
                                                DoseUnit to);

// Whole billing units for `amount` (in the billing unit's own unit), rounded up. Computed on a
// micro-unit grid so 0.3 g / 100 mg is 3 units, not 4 (floating-point noise never bills a unit).
[[nodiscard]] std::int64_t billing_units(double amount, double unit_amount);
// More units than this on one drug line hold the claim (substance.units-implausible): the most a real SC
// dose comes to is a few thousand (HyQvia's hyaluronidase, 80 units a gram).
inline constexpr std::int64_t max_drug_units = 99'999;

// An amount as the reasons and screens write it: 6 significant digits, no exponent below a million
// (8, 12.25, 1000, 0.5); "1e+03 mL" is never shown for a litre bag.
[[nodiscard]] std::string amount_text(double amount);

// The largest dose accepted in any unit: larger numbers are typing errors, not doses.
inline constexpr double max_dose = 1'000'000.0;

// [ed. 2] JW/JZ only on single-dose containers and, on facility claims, only on separately payable
// drugs (OPPS status G or K); HyQvia's kit covers its own hyaluronidase; NDC quantity in the package unit.
void derive_drug_lines(const Visit& visit, const CodingContext& context, Setting setting,
                       std::vector<BillingLine>& lines, std::vector<Problem>& problems);

}  // namespace infusion::core
