#include "core/drug_lines.hpp"

#include "core/codes.hpp"
#include "core/field_path.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <memory_resource>

namespace infusion::core {

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

namespace {

double grams_factor(DoseUnit unit) { return unit == DoseUnit::g ? 1000.0 : 1.0; }  // to mg
bool is_mass(DoseUnit unit) { return unit == DoseUnit::g || unit == DoseUnit::mg; }

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

namespace {

// The words of a name, lower-cased: split at anything but letters (any script), digits, '%' and a '.' inside
// a number ("0.9%"), so "Gamunex-C" is "gamunex c" and "abnormal" never holds "normal".
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool digit = c >= '0' && c <= '9';
        const bool in_number = c == '.' && !word.empty() && std::isdigit(static_cast<unsigned char>(word.back())) &&
                               i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]));
        if (std::isalpha(c) || digit || c == '%' || c >= 0x80 || in_number) {
            word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

// `phrase`'s words appear together, in order, among `typed`'s.
bool holds_phrase(const std::vector<std::string>& typed, std::string_view phrase) {
    const auto wanted = words_of(phrase);
    if (wanted.empty() || wanted.size() > typed.size()) return false;
    for (std::size_t at = 0; at + wanted.size() <= typed.size(); ++at) {
        if (std::equal(wanted.begin(), wanted.end(), typed.begin() + static_cast<std::ptrdiff_t>(at))) return true;
    }
    return false;
}

// The typed words name `product`: its name, id or an alias as whole words, or (`first_word`) the first word
// of its name ("hizentra 20%", "Gammagard 10%").
bool names(const std::vector<std::string>& typed, const CatalogSubstance& product, bool first_word) {
    if (holds_phrase(typed, product.name) || holds_phrase(typed, product.id)) return true;
    if (std::any_of(product.aliases.begin(), product.aliases.end(),
                    [&](const std::string& alias) { return holds_phrase(typed, alias); })) {
        return true;
    }
    const auto first = words_of(product.name);
    return first_word && !first.empty() && std::find(typed.begin(), typed.end(), first.front()) != typed.end();
}

}  // namespace

const CatalogSubstance* billed_product(const Substance& s, const SubstanceCatalog& catalog) {
    if (is_blank(s.name)) return nullptr;
    if (const CatalogSubstance* named = catalog.find(s.name)) return named;
    if (is_blank(s.ndc)) return nullptr;  // most typed products: no NDC to search by
    const auto ndc = normalize_ndc(s.ndc);
    const CatalogSubstance* owner = ndc ? catalog.product_of_ndc(*ndc) : nullptr;
    if (owner == nullptr) return nullptr;
    // Only when the typed name says it is that product, and no other: "Cuvitru 20%" with Hizentra's NDC was
    // billed as Hizentra, and 80 mL of "Gammagard Liquid 10%" as 160 units of it (found from outside). Such
    // a record names two drugs; validate() holds it (substance.ndc-other-product). Words, not letters: "NS"
    // names normal saline, "abnormal" does not ("normal" alone, a first word, counts for the NDC's own
    // product only). A product the kit covers (HyQvia's hyaluronidase) is part of it, not another.
    const auto typed = words_of(s.name);
    if (!names(typed, *owner, true)) return nullptr;
    const auto covered = [&](const CatalogSubstance& p) {
        return std::find(owner->covers_hcpcs.begin(), owner->covers_hcpcs.end(), p.hcpcs) != owner->covers_hcpcs.end();
    };
    const bool another = std::any_of(catalog.substances.begin(), catalog.substances.end(), [&](const auto& p) {
        return &p != owner && !covered(p) && names(typed, p, false);
    });
    return another ? nullptr : owner;
}

std::optional<double> convert_for(const CatalogSubstance& product, double amount, DoseUnit from, DoseUnit to) {
    if (product.concentration_units_per_ml) {
        if (from == DoseUnit::units && to == DoseUnit::mL) return amount / *product.concentration_units_per_ml;
        if (from == DoseUnit::mL && to == DoseUnit::units) return amount * *product.concentration_units_per_ml;
    }
    return convert_amount(amount, from, to, product.concentration_mg_per_ml);
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
// in ML through the concentration (Hizentra 8 g at 200 mg/mL = ML 40; Hylenex 150 units at 150 units/mL =
// ML 1). Empty when the catalog gives no package unit or the dose cannot be expressed in it.
struct NdcAmount {
    std::string unit;
    double quantity = 0.0;
};

std::optional<NdcAmount> ndc_amount(double amount, DoseUnit unit, const CatalogSubstance& product) {
    std::optional<DoseUnit> target;
    if (product.ndc_unit == "ML") target = DoseUnit::mL;
    if (product.ndc_unit == "GR") target = DoseUnit::g;
    if (product.ndc_unit == "ME") target = DoseUnit::mg;
    if (product.ndc_unit == "UN" || product.ndc_unit == "F2") target = DoseUnit::units;
    if (!target) return std::nullopt;
    const auto converted = convert_for(product, amount, unit, *target);
    if (!converted) return std::nullopt;
    // Claims carry the quantity with at most 3 decimals (837 CTP04).
    const double quantity = unit == *target ? *converted : std::round(*converted * 1000.0) / 1000.0;
    return NdcAmount{product.ndc_unit, quantity};
}

// Claims carry an NDC quantity with at most 3 decimals (837 CTP04): below half of 0.001 it is 0.
bool states_quantity(double quantity) { return std::round(quantity * 1000.0) != 0.0; }

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

namespace {

// One documented substance that can bill: in the catalog with a code, a valid dose, convertible.
struct DrugEntry {
    std::size_t index = 0;
    const Substance* substance = nullptr;
    const CatalogSubstance* product = nullptr;
    double given = 0.0;   // in the billing unit's own unit
    double wasted = 0.0;  // the same, 0 when nothing was discarded
    std::string ndc;      // 5-4-2; the catalog's only package when none was documented; empty if unknown
    std::optional<NdcAmount> ndc_given;
    std::optional<NdcAmount> ndc_wasted;
    const DrugEntry* next_in_group = nullptr;  // the group's entries as a chain: no list to allocate
};

// The entries of one code and one NDC: one claim line however often the nurse entered the product
// (two lots, the dose split in two): each rounded up on its own would bill more units than were given,
// and two identical lines on one date are denied as duplicates.
struct DrugGroup {
    const DrugEntry* first = nullptr;  // then first->next_in_group ...
    DrugEntry* last = nullptr;
    std::size_t count = 0;
    double given = 0.0;
    double wasted = 0.0;
    std::optional<NdcAmount> ndc_given;  // summed; empty when any entry's could not be stated
    std::optional<NdcAmount> ndc_wasted;
    bool ndc_amounts_known = true;
};

std::optional<NdcAmount> sum_amount(const std::optional<NdcAmount>& a, const std::optional<NdcAmount>& b) {
    if (!a) return b;
    if (!b) return a;
    return NdcAmount{a->unit, a->quantity + b->quantity};
}

std::string entry_names(const DrugGroup& group) {
    std::string out;
    for (const DrugEntry* e = group.first; e != nullptr; e = e->next_in_group) {
        if (!out.empty()) out += " + ";
        append(out, e->substance->name, ' ', amount_text(*e->substance->dose), ' ', to_string(*e->substance->unit));
    }
    return out;
}

std::string substance_numbers(const DrugGroup& group) {
    std::string out = "substances ";
    std::size_t k = 0;
    for (const DrugEntry* e = group.first; e != nullptr; e = e->next_in_group, ++k) {
        if (k > 0) out += k + 1 == group.count ? " and " : ", ";
        out += std::to_string(e->index + 1);
    }
    return out;
}

// The JW line of a group's discarded amount (coding-rules.md 7): the administered line's code and NDC with
// `units` units and the discard's NDC quantity.
BillingLine discarded_line(const BillingLine& administered, const DrugGroup& g, const DrugEntry& first,
                           const BillingUnit& bu, std::int64_t units, bool merged, std::vector<Problem>& problems) {
    const Substance& s = *first.substance;
    const std::string wasted_text = merged ? amount_text(g.wasted) + " " + to_string(bu.unit)
                                           : amount_text(s.wasted.value_or(0.0)) + " " + to_string(*s.unit);
    BillingLine discarded = administered;
    discarded.units = static_cast<int>(std::min<std::int64_t>(units, 1'000'000'000));
    discarded.modifiers = {"JW"};
    discarded.ndc_quantity.reset();
    if (!discarded.ndc.empty() && g.ndc_wasted) {
        discarded.ndc_unit = g.ndc_wasted->unit;
        discarded.ndc_quantity = g.ndc_wasted->quantity;
        if (!states_quantity(g.ndc_wasted->quantity)) {
            problems.push_back(Problem{Severity::error, "substance.ndc-quantity-zero",
                                       path::substance(first.index) + ".wasted",
                                       s.name + ": the discarded " + wasted_text + " is " + g.ndc_wasted->unit + " " +
                                           amount_text(g.ndc_wasted->quantity) +
                                           ", less than the 0.001 an NDC quantity can state: check the discarded "
                                           "amount and its unit"});
        }
    }
    discarded.reason = (merged ? entry_names(g) + ": " : s.name + " ") + wasted_text +
                       " discarded from the single-dose container = " + std::to_string(units) + " x " +
                       billing_unit_text(bu) + ": JW line";
    return discarded;
}

constexpr std::string_view nothing_discarded = "; nothing discarded from the single-dose container: JZ";

// A further NDC of a code whose amount and discard both fall inside the units already billed: no line and no JW
// line of its own, so the code's JZ line says where the discard went. It said "nothing discarded" while the
// record showed 0.01 g discarded from the second package (found from outside; coding-rules.md 7 [ed. 2]).
void say_discard_inside(std::vector<BillingLine>& lines, const DrugGroup& g, const DrugEntry& first,
                        const BillingUnit& bu) {
    const auto jz = std::find_if(lines.rbegin(), lines.rend(), [&](const BillingLine& l) {
        return l.kind == LineKind::drug && l.code == first.product->hcpcs &&
               std::find(l.modifiers.begin(), l.modifiers.end(), "JZ") != l.modifiers.end();
    });
    if (jz == lines.rend()) return;
    std::string& reason = jz->reason;
    if (const auto at = reason.find(nothing_discarded); at != std::string::npos) {
        reason.erase(at, nothing_discarded.size());
    }
    const std::string which = g.count == 1 ? "substance " + std::to_string(first.index + 1) : substance_numbers(g);
    const Substance& s = *first.substance;
    const std::string wasted_text = g.count > 1 ? amount_text(g.wasted) + " " + to_string(bu.unit)
                                                : amount_text(s.wasted.value_or(0.0)) + " " + to_string(*s.unit);
    append(reason, "; the discarded ", wasted_text, " of ", which, " (NDC ", first.ndc,
           ") falls inside the units already billed, so no JW line is possible: JZ "
           "(Noridian JD DME JZ modifier page)");
}

// Validates one substance and places its amounts; empty when it yields no line of its own.
std::optional<DrugEntry> drug_entry(const Visit& visit, std::size_t i, const CodingContext& context,
                                    std::vector<Problem>& problems) {
    const Substance& s = visit.substances[i];
    const CatalogSubstance* product = billed_product(s, context.substances);
    // Problems with these inputs were reported by validate(); no line can be built without them.
    if (product == nullptr || product->hcpcs.empty() || !s.dose || !s.unit) return std::nullopt;
    if (!std::isfinite(*s.dose) || *s.dose <= 0.0 || *s.dose > max_dose) return std::nullopt;
    const BillingUnit& bu = product->billing_unit;
    const auto given = convert_for(*product, *s.dose, *s.unit, bu.unit);
    if (!given) return std::nullopt;
    if (const CatalogSubstance* kit = covering_product(visit, i, product->hcpcs, context.substances)) {
        // [ed. 2] J1575 is "immune globulin/hyaluronidase": the kit's own hyaluronidase is in its line.
        problems.push_back(Problem{Severity::warning, "drug.covered-by-kit", path::substance(i) + ".name",
                                   s.name + " is not billed on its own line: " + kit->name + " (" + kit->hcpcs +
                                       ") covers its own " + product->hcpcs +
                                       " (HCPCS descriptor; coding-rules.md 7 [ed. 2]). Check that no "
                                       "separate vial was given"});
        return std::nullopt;
    }
    if (billing_units(*given, bu.amount) <= 0) {
        // [ed. 2] A dose that bills nothing is implausible documentation, never a silently dropped line.
        problems.push_back(Problem{Severity::error, "substance.units-zero", path::substance(i) + ".dose",
                                   s.name + " " + amount_text(*s.dose) + " " + to_string(*s.unit) +
                                       " is less than one billing unit of " + product->hcpcs + " (" +
                                       billing_unit_text(bu) + "): check the dose and its unit"});
        return std::nullopt;
    }
    if (billing_units(*given, bu.amount) > max_drug_units) {
        // A billing unit a thousand times too small in the catalog billed a thousand times the drug, with no
        // word (found from outside: 1,000,000,000 units of J1559 for 8 g).
        problems.push_back(Problem{Severity::error, "substance.units-implausible", path::substance(i) + ".dose",
                                   s.name + " " + amount_text(*s.dose) + " " + to_string(*s.unit) + " is " +
                                       std::to_string(billing_units(*given, bu.amount)) + " billing units of " +
                                       product->hcpcs + " (" + billing_unit_text(bu) + "), more than " +
                                       std::to_string(max_drug_units) +
                                       " on one line: check the dose, its unit and the catalog's billing unit"});
        return std::nullopt;
    }
    DrugEntry entry;
    entry.index = i;
    entry.substance = &s;
    entry.product = product;
    entry.given = *given;
    const double wasted = s.wasted.value_or(0.0);
    if (wasted > 0.0) {
        entry.wasted = convert_for(*product, wasted, *s.unit, bu.unit).value_or(0.0);
    }
    if (!is_blank(s.ndc)) {
        if (auto ndc = normalize_ndc(s.ndc)) entry.ndc = *ndc;
    } else if (product->ndcs.size() == 1) {
        entry.ndc = product->ndcs.front();  // the catalog's only package: no choice to make
    }
    if (entry.ndc.empty()) return entry;
    entry.ndc_given = ndc_amount(*s.dose, *s.unit, *product);
    if (product->ndc_unit.empty()) {
        // No package unit to state the quantity in: the dose's own ("ME 15" for a solution of morphine)
        // is not what payers compare (coding-rules.md 7: "per the catalog's ndc_unit"; found from outside).
        problems.push_back(Problem{Severity::error, "substance.ndc-unit-unknown", path::substance(i) + ".ndc",
                                   s.name + ": config/substances.toml gives " + product->name +
                                       " no ndc_unit, so the quantity of NDC " + entry.ndc +
                                       " cannot be stated in its package's unit (ML for a solution, with its "
                                       "concentration; UN for a powder or kit): have the catalog completed, or "
                                       "leave the NDC out if the payer does not ask for one"});
    } else if (!entry.ndc_given) {
        problems.push_back(Problem{Severity::error, "substance.ndc-quantity-unknown", path::substance(i) + ".unit",
                                   s.name + ": a dose in " + to_string(*s.unit) +
                                       " cannot be given as an NDC quantity in " + product->ndc_unit +
                                       " (config/substances.toml ndc_unit and concentration)"});
    } else if (!states_quantity(entry.ndc_given->quantity)) {
        // A claim states the NDC quantity to 3 decimals: 0 would be refused by the billing system (and
        // by our own export, which would then stop every batch holding the visit).
        problems.push_back(Problem{Severity::error, "substance.ndc-quantity-zero", path::substance(i) + ".dose",
                                   s.name + " " + amount_text(*s.dose) + " " + to_string(*s.unit) + " is " +
                                       entry.ndc_given->unit + " " + amount_text(entry.ndc_given->quantity) +
                                       ", less than the 0.001 an NDC quantity can state: check the dose and "
                                       "its unit"});
    }
    if (wasted > 0.0) entry.ndc_wasted = ndc_amount(wasted, *s.unit, *product);
    return entry;
}

}  // namespace

void derive_drug_lines(const Visit& visit, const CodingContext& context, Setting setting,
                       std::vector<BillingLine>& lines, std::vector<Problem>& problems) {
    // The entries and their groups live in an arena on this stack: a visit of a few substances needs no
    // heap for them (two allocations on every derive(), issue 15); more substances take more from the heap.
    std::array<std::byte, 2048> buffer;  // left uninitialised: the arena hands it out
    std::pmr::monotonic_buffer_resource memory(buffer.data(), buffer.size());
    std::pmr::vector<DrugEntry> entries(&memory);
    entries.reserve(visit.substances.size());
    for (std::size_t i = 0; i < visit.substances.size(); ++i) {
        if (auto entry = drug_entry(visit, i, context, problems)) entries.push_back(std::move(*entry));
    }
    // Groups in the order of their first entry: a visit has a handful of substances, searched linearly.
    std::pmr::vector<DrugGroup> groups(&memory);
    groups.reserve(entries.size());
    for (DrugEntry& e : entries) {
        auto same = std::find_if(groups.begin(), groups.end(), [&](const DrugGroup& g) {
            return g.first->product->hcpcs == e.product->hcpcs && g.first->ndc == e.ndc;
        });
        if (same == groups.end()) same = groups.insert(groups.end(), DrugGroup{});
        DrugGroup& g = *same;
        if (g.last != nullptr) {
            g.last->next_in_group = &e;
        } else {
            g.first = &e;
        }
        g.last = &e;
        ++g.count;
        g.given += e.given;
        g.wasted += e.wasted;
        if (!e.ndc.empty()) {
            g.ndc_amounts_known = g.ndc_amounts_known && e.ndc_given.has_value();
            g.ndc_given = sum_amount(g.ndc_given, e.ndc_given);
            g.ndc_wasted = sum_amount(g.ndc_wasted, e.ndc_wasted);
        }
    }

    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        const DrugGroup& g = groups[gi];
        const DrugEntry& first = *g.first;
        const CatalogSubstance& product = *first.product;
        const Substance& s = *first.substance;
        const BillingUnit& bu = product.billing_unit;
        // Lines of this code under another NDC, before this one: the code is billed on its whole dose,
        // each further NDC's line taking only the units its amount adds (never one unit per package).
        // The discarded amounts are counted the same way, on top of the code's whole dose: a JW line worked
        // out on its own NDC's dose billed a unit the code's dose already held, and missed one it did not
        // (found from outside; coding-rules.md 7 [ed. 2], "inside the units already billed for the dose").
        double before = 0.0;
        double code_given = 0.0;
        double wasted_before = 0.0;
        for (std::size_t k = 0; k < groups.size(); ++k) {
            if (groups[k].first->product->hcpcs != product.hcpcs) continue;
            code_given += groups[k].given;
            if (k < gi) {
                before += groups[k].given;
                wasted_before += groups[k].wasted;
            }
        }
        const auto units = billing_units(before + g.given, bu.amount) - billing_units(before, bu.amount);
        const bool merged = g.count > 1;
        bool modifiers = product.single_dose && context.rules.jw_jz_modifiers;
        const bool packaged = modifiers && setting == Setting::facility && !separately_payable(product.opps_status);
        modifiers = modifiers && !packaged;
        // Units of the containers opened less the administered units, after the code's whole dose and the
        // discards of the NDCs before this one, so the lines never bill more than was opened.
        const double opened_before = code_given + wasted_before;
        const auto jw_units =
            billing_units(opened_before + g.wasted, bu.amount) - billing_units(opened_before, bu.amount);
        if (units > max_drug_units || jw_units > max_drug_units) {
            // Each entry below the limit, their sum above it: two entries of 60,000 units of Hylenex went out
            // as one line of 120,000 (found from outside).
            problems.push_back(Problem{
                Severity::error, "substance.units-implausible", path::substance(first.index) + ".dose",
                entry_names(g) + " comes to " + std::to_string(std::max(units, jw_units)) + " billing units of " +
                    product.hcpcs + " on one line, more than " + std::to_string(max_drug_units) +
                    ": check the doses, their units and the catalog's billing unit"});
            continue;
        }
        if (units <= 0) {
            problems.push_back(Problem{Severity::warning, "drug.inside-units-billed",
                                       path::substance(first.index) + ".dose",
                                       entry_names(g) + " (NDC " + first.ndc + ") falls inside the " + product.hcpcs +
                                           " units already billed for the same code under another NDC: no line "
                                           "of its own"});
            // Its discard is still its own: dropped with the line, the administered line said JZ ("nothing
            // discarded") and the JW units were lost (found from outside).
            if (modifiers && g.wasted > 0.0 && jw_units <= 0) say_discard_inside(lines, g, first, bu);
            if (modifiers && g.wasted > 0.0 && jw_units > 0) {
                BillingLine line;
                line.kind = LineKind::drug;
                line.code = product.hcpcs;
                line.description = product.hcpcs_description;
                line.substance_index = static_cast<int>(first.index);
                line.ndc = first.ndc;
                lines.push_back(discarded_line(line, g, first, bu, jw_units, merged, problems));
            }
            continue;
        }

        BillingLine line;
        line.kind = LineKind::drug;
        line.code = product.hcpcs;
        line.description = product.hcpcs_description;
        line.units = static_cast<int>(std::min<std::int64_t>(units, 1'000'000'000));
        line.substance_index = static_cast<int>(first.index);
        line.ndc = first.ndc;
        if (!line.ndc.empty() && g.ndc_amounts_known && g.ndc_given) {  // a 0 holds the claim (drug_entry)
            line.ndc_unit = g.ndc_given->unit;
            line.ndc_quantity = g.ndc_given->quantity;
        }
        std::string reason;
        reason.reserve(320);  // the longest reason with every clause: one allocation
        if (merged) {
            append(reason, entry_names(g), " (", substance_numbers(g),
                   ": one product and NDC, one line) = ", amount_text(g.given), ' ', to_string(bu.unit), " = ");
        } else {
            append(reason, s.name, ' ', amount_text(*s.dose), ' ', to_string(*s.unit), " = ");
        }
        append(reason, line.units, " x ", amount_text(bu.amount), ' ', to_string(bu.unit), " (", product.hcpcs,
               ", rounded up to whole units)");
        if (before > 0.0) {
            append(reason, "; ", product.hcpcs, " is billed on its whole dose across NDCs: this line adds the units ",
                   "its amount adds to the lines before it");
        }
        if (line.ndc_quantity && !product.ndc_unit.empty() && (merged || *s.unit != DoseUnit::mL) &&
            product.ndc_unit == "ML") {
            append(reason, "; NDC quantity ", line.ndc_unit, ' ', amount_text(*line.ndc_quantity),
                   " in the package's unit (NCPDP billing unit standard)");
        }

        std::optional<BillingLine> discarded;
        if (packaged) {
            append(reason, "; packaged on the facility claim (OPPS status ",
                   product.opps_status.empty() ? std::string_view("not in the catalog")
                                               : std::string_view(product.opps_status),
                   "): no JW/JZ (NAHRI FAQ on JW/JZ)");
        }
        if (modifiers) {
            if (g.wasted <= 0.0) {
                line.modifiers.emplace_back("JZ");
                reason += nothing_discarded;
            } else {
                const std::string wasted_text = merged ? amount_text(g.wasted) + " " + to_string(bu.unit)
                                                       : amount_text(s.wasted.value_or(0.0)) + " " + to_string(*s.unit);
                if (jw_units > 0) {
                    discarded = discarded_line(line, g, first, bu, jw_units, merged, problems);
                    reason += "; the discarded amount is on its own JW line";
                } else {
                    // [ed. 2] The discard is inside the units already billed: no JW line is possible, so
                    // the one line takes JZ (Noridian JD DME "JZ modifier", worked example).
                    line.modifiers.push_back("JZ");
                    append(reason, "; the discarded ", wasted_text,
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
