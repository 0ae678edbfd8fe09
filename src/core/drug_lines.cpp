#include "core/drug_lines.hpp"

#include "core/codes.hpp"
#include "core/field_path.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace infusion::core {
namespace {

double grams_factor(DoseUnit unit) { return unit == DoseUnit::g ? 1000.0 : 1.0; }  // to mg
bool is_mass(DoseUnit unit) { return unit == DoseUnit::g || unit == DoseUnit::mg; }

// NDC unit qualifiers on claims: GR gram, ME milligram, ML millilitre, UN unit (coding-rules.md 7).
const char* ndc_unit(DoseUnit unit) {
    switch (unit) {
        case DoseUnit::g: return "GR";
        case DoseUnit::mg: return "ME";
        case DoseUnit::mL: return "ML";
        case DoseUnit::units: return "UN";
    }
    return "UN";
}

// The same text a default ostream gives (%g, 6 significant digits), without a stream or printf's
// locale machinery: std::to_chars with a precision is specified as printf's %.6g in the C locale.
std::string amount_text(double amount) {
    std::array<char, 32> buffer{};
    // A whole amount below a million (8 g, 100 mg, 40 mL: nearly every dose) is its integer digits under
    // %.6g too; std::to_chars with a precision takes the much slower exact-printf path.
    if (amount > -1e6 && amount < 1e6 && amount == std::trunc(amount) && !(amount == 0.0 && std::signbit(amount))) {
        const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), static_cast<long>(amount));
        return std::string(buffer.data(), end.ptr);
    }
    const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), amount, std::chars_format::general, 6);
    return std::string(buffer.data(), end.ptr);
}

std::string billing_unit_text(const BillingUnit& unit) { return amount_text(unit.amount) + " " + to_string(unit.unit); }

}  // namespace

std::optional<double> convert_amount(double amount, DoseUnit from, DoseUnit to,
                                     std::optional<double> concentration_mg_per_ml) {
    if (from == to) return amount;
    if (is_mass(from) && is_mass(to)) return amount * grams_factor(from) / grams_factor(to);
    if (!concentration_mg_per_ml || *concentration_mg_per_ml <= 0.0) return std::nullopt;
    if (from == DoseUnit::mL && is_mass(to)) return amount * *concentration_mg_per_ml / grams_factor(to);
    if (is_mass(from) && to == DoseUnit::mL) return amount * grams_factor(from) / *concentration_mg_per_ml;
    return std::nullopt;
}

std::int64_t billing_units(double amount, double unit_amount) {
    if (!(amount > 0.0) || !(unit_amount > 0.0)) return 0;
    constexpr double grid = 1'000'000.0;
    const auto micro = static_cast<std::int64_t>(std::llround(amount / unit_amount * grid));
    const auto whole = static_cast<std::int64_t>(grid);
    return (micro + whole - 1) / whole;
}

namespace {

// [ed. 2] The NDC quantity in the package's unit of measure (NCPDP billing unit standard): a solution
// in ML through the concentration (Hizentra 8 g at 200 mg/mL = ML 40). Without a catalog unit, the
// dose's own unit (edition 1). Empty when the dose cannot be expressed in the package's unit.
struct NdcAmount {
    std::string unit;
    double quantity = 0.0;
};

std::optional<NdcAmount> ndc_amount(double amount, DoseUnit unit, const CatalogSubstance& product) {
    if (product.ndc_unit.empty()) return NdcAmount{ndc_unit(unit), amount};
    std::optional<DoseUnit> target;
    if (product.ndc_unit == "ML") target = DoseUnit::mL;
    if (product.ndc_unit == "GR") target = DoseUnit::g;
    if (product.ndc_unit == "ME") target = DoseUnit::mg;
    if (product.ndc_unit == "UN" || product.ndc_unit == "F2") target = DoseUnit::units;
    if (!target) return std::nullopt;
    const auto converted = convert_amount(amount, unit, *target, product.concentration_mg_per_ml);
    if (!converted) return std::nullopt;
    // Claims carry the quantity with at most 3 decimals (837 CTP04).
    const double quantity = unit == *target ? *converted : std::round(*converted * 1000.0) / 1000.0;
    return NdcAmount{product.ndc_unit, quantity};
}

bool separately_payable(const std::string& status) { return status == "G" || status == "K"; }

// The product of another documented substance whose kit covers `hcpcs` (HyQvia covers J3473).
const CatalogSubstance* covering_product(const Visit& visit, std::size_t self, const std::string& hcpcs,
                                         const SubstanceCatalog& catalog) {
    for (std::size_t j = 0; j < visit.substances.size(); ++j) {
        if (j == self) continue;
        const CatalogSubstance* other = catalog.find(visit.substances[j].name);
        if (other == nullptr) continue;
        for (const auto& code : other->covers_hcpcs) {
            if (code == hcpcs) return other;
        }
    }
    return nullptr;
}

}  // namespace

void derive_drug_lines(const Visit& visit, const CodingContext& context, Setting setting,
                       std::vector<BillingLine>& lines, std::vector<Problem>& problems) {
    for (std::size_t i = 0; i < visit.substances.size(); ++i) {
        const Substance& s = visit.substances[i];
        const CatalogSubstance* product = context.substances.find(s.name);
        // Problems with these inputs were reported by validate(); no line can be built without them.
        if (product == nullptr || product->hcpcs.empty() || !s.dose || !s.unit) continue;
        if (!std::isfinite(*s.dose) || *s.dose <= 0.0 || *s.dose > max_dose) continue;
        const BillingUnit& bu = product->billing_unit;
        const auto given = convert_amount(*s.dose, *s.unit, bu.unit, product->concentration_mg_per_ml);
        if (!given) continue;
        if (const CatalogSubstance* kit = covering_product(visit, i, product->hcpcs, context.substances)) {
            // [ed. 2] J1575 is "immune globulin/hyaluronidase": the kit's own hyaluronidase is in its line.
            problems.push_back(Problem{Severity::warning, "drug.covered-by-kit", path::substance(i) + ".name",
                                       s.name + " is not billed on its own line: " + kit->name + " (" + kit->hcpcs +
                                           ") covers its own " + product->hcpcs +
                                           " (HCPCS descriptor; coding-rules.md 7 [ed. 2]). Check that no "
                                           "separate vial was given"});
            continue;
        }
        const auto units = billing_units(*given, bu.amount);
        if (units <= 0) {
            // [ed. 2] A dose that bills nothing is implausible documentation, never a silently dropped line.
            problems.push_back(Problem{Severity::error, "substance.units-zero", path::substance(i) + ".dose",
                                       s.name + " " + amount_text(*s.dose) + " " + to_string(*s.unit) +
                                           " is less than one billing unit of " + product->hcpcs + " (" +
                                           billing_unit_text(bu) + "): check the dose and its unit"});
            continue;
        }

        BillingLine line;
        line.kind = LineKind::drug;
        line.code = product->hcpcs;
        line.description = product->hcpcs_description;
        line.units = static_cast<int>(std::min<std::int64_t>(units, 1'000'000'000));
        line.substance_index = static_cast<int>(i);
        if (!is_blank(s.ndc)) {
            if (auto ndc = normalize_ndc(s.ndc)) line.ndc = *ndc;
        } else if (product->ndcs.size() == 1) {
            line.ndc = product->ndcs.front();  // the catalog's only package: no choice to make
        }
        if (!line.ndc.empty()) {
            const auto amount = ndc_amount(*s.dose, *s.unit, *product);
            if (amount) {
                line.ndc_unit = amount->unit;
                line.ndc_quantity = amount->quantity;
            } else {
                problems.push_back(
                    Problem{Severity::error, "substance.ndc-quantity-unknown", path::substance(i) + ".unit",
                            s.name + ": a dose in " + to_string(*s.unit) + " cannot be given as an NDC quantity in " +
                                product->ndc_unit + " (config/substances.toml ndc_unit and concentration)"});
            }
        }
        std::string reason;
        reason.reserve(320);  // the longest reason with every clause: one allocation
        append(reason, s.name, ' ', amount_text(*s.dose), ' ', to_string(*s.unit), " = ", line.units, " x ",
               amount_text(bu.amount), ' ', to_string(bu.unit), " (", product->hcpcs, ", rounded up to whole units)");
        if (line.ndc_quantity && !product->ndc_unit.empty() && *s.unit != DoseUnit::mL && product->ndc_unit == "ML") {
            append(reason, "; NDC quantity ", line.ndc_unit, ' ', amount_text(*line.ndc_quantity),
                   " in the package's unit (NCPDP billing unit standard)");
        }

        const double wasted = s.wasted.value_or(0.0);
        std::optional<BillingLine> discarded;
        bool modifiers = product->single_dose && context.rules.jw_jz_modifiers;
        if (modifiers && setting == Setting::facility && !separately_payable(product->opps_status)) {
            modifiers = false;
            append(reason, "; packaged on the facility claim (OPPS status ",
                   product->opps_status.empty() ? std::string_view("not in the catalog")
                                                : std::string_view(product->opps_status),
                   "): no JW/JZ (NAHRI FAQ on JW/JZ)");
        }
        if (modifiers) {
            if (wasted <= 0.0) {
                line.modifiers.emplace_back("JZ");
                reason += "; nothing discarded from the single-dose container: JZ";
            } else {
                const auto wasted_in_unit = convert_amount(wasted, *s.unit, bu.unit, product->concentration_mg_per_ml);
                // Units of the whole container less the administered units, so the two lines never
                // bill more than was opened.
                const auto total = billing_units(*given + wasted_in_unit.value_or(0.0), bu.amount);
                const auto jw_units = total - units;
                if (jw_units > 0) {
                    discarded = line;
                    discarded->units = static_cast<int>(std::min<std::int64_t>(jw_units, 1'000'000'000));
                    discarded->modifiers = {"JW"};
                    if (!discarded->ndc.empty()) {
                        if (const auto amount = ndc_amount(wasted, *s.unit, *product)) {
                            discarded->ndc_quantity = amount->quantity;
                        }
                    }
                    discarded->reason = s.name + " " + amount_text(wasted) + " " + to_string(*s.unit) +
                                        " discarded from the single-dose container = " + std::to_string(jw_units) +
                                        " x " + billing_unit_text(bu) + ": JW line";
                    reason += "; the discarded amount is on its own JW line";
                } else {
                    // [ed. 2] The discard is inside the units already billed: no JW line is possible, so
                    // the one line takes JZ (Noridian JD DME "JZ modifier", worked example).
                    line.modifiers.push_back("JZ");
                    append(reason, "; the discarded ", amount_text(wasted), ' ', to_string(*s.unit),
                           " falls inside the units already billed, so no JW line is possible: JZ "
                           "(Noridian JD DME JZ modifier page)");
                }
            }
        }
        line.reason = std::move(reason);
        lines.push_back(std::move(line));
        if (discarded) lines.push_back(std::move(*discarded));
    }
}

}  // namespace infusion::core
