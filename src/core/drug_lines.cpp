#include "core/drug_lines.hpp"

#include "core/codes.hpp"
#include "core/field_path.hpp"

#include <cmath>
#include <sstream>

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

std::string amount_text(double amount) {
    std::ostringstream out;
    out << amount;
    return out.str();
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

void derive_drug_lines(const Visit& visit, const CodingContext& context, std::vector<BillingLine>& lines,
                       std::vector<Problem>& problems) {
    for (std::size_t i = 0; i < visit.substances.size(); ++i) {
        const Substance& s = visit.substances[i];
        const CatalogSubstance* product = context.substances.find(s.name);
        // Problems with these inputs were reported by validate(); no line can be built without them.
        if (product == nullptr || product->hcpcs.empty() || !s.dose || !s.unit) continue;
        if (!std::isfinite(*s.dose) || *s.dose <= 0.0 || *s.dose > max_dose) continue;
        const BillingUnit& bu = product->billing_unit;
        const auto given = convert_amount(*s.dose, *s.unit, bu.unit, product->concentration_mg_per_ml);
        if (!given) continue;

        BillingLine line;
        line.kind = LineKind::drug;
        line.code = product->hcpcs;
        line.description = product->hcpcs_description;
        line.units = static_cast<int>(billing_units(*given, bu.amount));
        line.substance_index = static_cast<int>(i);
        if (!s.ndc.empty()) {
            if (auto ndc = normalize_ndc(s.ndc)) line.ndc = *ndc;
        } else if (product->ndcs.size() == 1) {
            line.ndc = product->ndcs.front();  // the catalog's only package: no choice to make
        }
        if (!line.ndc.empty()) {
            line.ndc_unit = ndc_unit(*s.unit);
            line.ndc_quantity = *s.dose;
        }
        std::string reason = s.name + " " + amount_text(*s.dose) + " " + to_string(*s.unit) + " = " +
                             std::to_string(line.units) + " x " + billing_unit_text(bu) + " (" + product->hcpcs +
                             ", rounded up to whole units)";

        const double wasted = s.wasted.value_or(0.0);
        std::optional<BillingLine> discarded;
        if (product->single_dose && context.rules.jw_jz_modifiers) {
            if (wasted <= 0.0) {
                line.modifiers.push_back("JZ");
                reason += "; nothing discarded from the single-dose container: JZ";
            } else {
                const auto wasted_in_unit = convert_amount(wasted, *s.unit, bu.unit, product->concentration_mg_per_ml);
                // Units of the whole container less the administered units, so the two lines never
                // bill more than was opened.
                const auto total = billing_units(*given + wasted_in_unit.value_or(0.0), bu.amount);
                const auto jw_units = total - line.units;
                if (jw_units > 0) {
                    discarded = line;
                    discarded->units = static_cast<int>(jw_units);
                    discarded->modifiers = {"JW"};
                    if (!discarded->ndc.empty()) discarded->ndc_quantity = wasted;
                    discarded->reason = s.name + " " + amount_text(wasted) + " " + to_string(*s.unit) +
                                        " discarded from the single-dose container = " + std::to_string(jw_units) +
                                        " x " + billing_unit_text(bu) + ": JW line";
                    reason += "; the discarded amount is on its own JW line";
                } else {
                    problems.push_back(Problem{
                        Severity::warning, "drug.discard-within-rounding", path::substance(i) + ".wasted",
                        s.name + ": the discarded " + amount_text(wasted) + " " + to_string(*s.unit) +
                            " is already inside the rounded-up units, so there is no JW line and no JZ: check the "
                            "payer's rule"});
                }
            }
        }
        line.reason = std::move(reason);
        lines.push_back(std::move(line));
        if (discarded) lines.push_back(std::move(*discarded));
    }
}

}  // namespace infusion::core
