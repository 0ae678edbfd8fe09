#include "core/validate.hpp"

#include "core/codes.hpp"
#include "core/drug_lines.hpp"
#include "core/field_path.hpp"
#include "core/gs1.hpp"
#include "core/infusion_time.hpp"
#include "core/terminal_text.hpp"
#include "core/vial_scan.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

namespace infusion::core {
namespace {

struct Collector {
    std::vector<Problem>& out;
    void error(std::string code, std::string field, std::string message) {
        out.push_back(Problem{Severity::error, std::move(code), std::move(field), std::move(message)});
    }
    void warning(std::string code, std::string field, std::string message) {
        out.push_back(Problem{Severity::warning, std::move(code), std::move(field), std::move(message)});
    }
};

void check_people(const Visit& visit, const CodingContext& context, Collector& c) {
    if (is_blank(visit.patient.id))
        c.error("patient.id-missing", "patient.id", "No patient id: the visit cannot be billed");
    if (has_control_character(visit.patient.id)) {
        c.error("patient.id-invalid", "patient.id",
                "The patient id '" + terminal_safe(visit.patient.id) + "' contains control characters");
    }
    if (const auto hidden = invisible_or_lookalike(visit.patient.id)) {
        c.error("patient.id-invalid", "patient.id",
                "The patient id '" + terminal_safe(visit.patient.id) + "' holds " + code_point_name(*hidden) +
                    ", a character that shows as nothing or passes for another: it would be another patient on "
                    "the claim. Type the id again");
    }
    if (is_blank(visit.patient.name))
        c.error("patient.name-missing", "patient.name", "No patient name: a claim needs the patient's name");
    // The name and the clinician go on every exported line: a control character (a NUL, an escape, a line
    // break, which a visit file's escapes can carry) went into the CSV raw, where RFC 4180 allows none and
    // a reader cuts the field or the line at it.
    if (has_control_character(visit.patient.name)) {
        c.error("patient.name-invalid", "patient.name",
                "The patient's name '" + terminal_safe(visit.patient.name) + "' contains control characters");
    }
    if (const auto hidden = not_in_a_name(visit.patient.name)) {
        const bool reverses = *hidden == 0x202D || *hidden == 0x202E;
        c.error("patient.name-invalid", "patient.name",
                "The patient's name '" + terminal_safe(visit.patient.name) + "' holds " + code_point_name(*hidden) +
                    (reverses ? ", a direction override that shows the name reversed"
                              : ", a character that shows as nothing or reorders what follows it") +
                    ": it would read as one name and go on the claim as another. Type the name again");
    }
    if (is_blank(visit.clinician))
        c.error("visit.clinician-missing", "visit.clinician", "No performing clinician documented");
    if (has_control_character(visit.clinician)) {
        c.error("visit.clinician-invalid", "visit.clinician",
                "The clinician '" + terminal_safe(visit.clinician) + "' contains control characters");
    }
    if (const auto hidden = invisible_or_lookalike(visit.clinician)) {
        c.error("visit.clinician-invalid", "visit.clinician",
                "The clinician '" + terminal_safe(visit.clinician) + "' holds " + code_point_name(*hidden) +
                    ", a character that shows as nothing or passes for another: write the username plainly");
    }
    const bool zone_known = effective_zone(visit, context).known();  // the context's zone: no tzdata search
    if (!visit.time_zone.empty() && !zone_known) {
        c.error("visit.time-zone-unknown", "visit.time_zone",
                "Unknown time zone '" + visit.time_zone + "': use an IANA name such as America/New_York");
    } else if (visit.time_zone.empty() && !zone_known) {
        c.error("visit.time-zone-unknown", "visit.time_zone",
                "The clinic's time zone '" + context.clinic.time_zone + "' is unknown: fix config/clinic.toml");
    }
    // [ed. 2] A value of only blanks is missing.
    const bool any_diagnosis =
        std::any_of(visit.diagnoses.begin(), visit.diagnoses.end(), [](const std::string& d) { return !is_blank(d); });
    if (!any_diagnosis) {
        c.error("visit.diagnosis-missing", "visit.diagnoses",
                "No diagnosis (ICD-10-CM) linked to the visit: a claim needs at least one");
    }
    // A duplicate is a valid code an earlier diagnosis already spells (dotted or not). The earlier ones are
    // searched in place: a visit has a handful of short codes, and no list is built on every derive().
    const auto listed_before = [&](std::size_t i, const std::string& code) {
        for (std::size_t j = 0; j < i; ++j) {
            if (!is_blank(visit.diagnoses[j]) && dotted_icd10cm(visit.diagnoses[j]) == code) return true;
        }
        return false;
    };
    for (std::size_t i = 0; i < visit.diagnoses.size(); ++i) {
        const auto field = [i] { return "visit.diagnoses[" + std::to_string(i) + "]"; };
        if (is_blank(visit.diagnoses[i])) {
            if (any_diagnosis)
                c.warning("visit.diagnosis-blank", field(),
                          "Diagnosis " + std::to_string(i + 1) + " is blank: left out");
            continue;
        }
        // [ed. 2] "D801" is the dotted code D80.1 (claims carry it without the dot).
        std::string code = dotted_icd10cm(visit.diagnoses[i]);
        if (!looks_like_icd10cm(code)) {
            c.error("visit.diagnosis-invalid", field(),
                    "'" + code + "' is not an ICD-10-CM code (expected a form like D80.1)");
        } else if (listed_before(i, code)) {
            c.warning("visit.diagnosis-duplicate", field(), "Diagnosis " + code + " is listed twice");
        }
    }
}

// The volumes a visit opens (doses and discarded amounts, in mL: a dose in mL as written, in g or mg
// through the product's concentration) against `max_dose_ml`. More than an SC infusion gives at one visit
// is a slip of the unit or of a digit: 8000 g of Hizentra (40 litres) was billed J1559 x 80,000, and 8000 g
// discarded a JW line of 80,000 units, with no word (found from outside). Checked per amount and for the
// visit's total, so two entries of 300 g cannot open 3 litres between them. An amount in mg of a product
// without a concentration has no volume and is not checked.
void check_volumes(const Visit& visit, const CodingContext& context, Collector& c) {
    const int limit = context.rules.max_dose_ml;
    if (limit <= 0) return;
    const auto volume = [&](const Substance& s, double amount) -> std::optional<double> {
        if (!s.unit || !std::isfinite(amount) || amount <= 0.0) return std::nullopt;
        if (*s.unit == DoseUnit::mL) return amount;
        const CatalogSubstance* product = billed_product(s, context.substances);
        if (product == nullptr) return std::nullopt;
        return convert_for(*product, amount, *s.unit, DoseUnit::mL);
    };
    // In the nurse's words first; where the limit is set last, for whoever maintains it (found from outside: the
    // file and key came first).
    const char* const rule =
        " mL, the clinic's limit): check the amount and its unit (the limit is max_dose_ml "
        "in config/coding-rules.toml)";
    const auto said = [&](const Substance& s, double amount, double ml) {
        std::string text = s.name + " " + amount_text(amount) + " " + to_string(*s.unit);
        if (*s.unit != DoseUnit::mL) text += " (" + amount_text(ml) + " mL)";
        return text;
    };
    double total = 0.0;
    bool each_within = true;
    std::size_t last = 0;
    for (std::size_t i = 0; i < visit.substances.size(); ++i) {
        const Substance& s = visit.substances[i];
        for (const bool discarded : {false, true}) {
            const auto amount = discarded ? s.wasted : s.dose;
            const auto ml = amount ? volume(s, *amount) : std::nullopt;
            if (!ml) continue;
            total += *ml;
            last = i;
            if (*ml <= limit) continue;
            each_within = false;
            c.error("substance.dose-implausible", path::substance(i) + (discarded ? ".wasted" : ".dose"),
                    said(s, *amount, *ml) + (discarded ? " discarded" : "") +
                        " is more than an SC infusion gives at one visit (" + std::to_string(limit) + rule);
        }
    }
    if (each_within && total > limit) {
        c.error("substance.dose-implausible", path::substance(last) + ".dose",
                "The substances of this visit open " + amount_text(total) +
                    " mL together (doses and discarded amounts), more than an SC infusion gives at one visit (" +
                    std::to_string(limit) + rule);
    }
}

// Returns the catalog product the substance is billed as (null: none), for the checks that follow.
const CatalogSubstance* check_substance(const Substance& s, std::size_t i, const CodingContext& context, Collector& c) {
    const auto base = [i] { return path::substance(i); };  // spelled only for a problem
    const bool no_name = is_blank(s.name);
    const auto label = [&] { return no_name ? "substance " + std::to_string(i + 1) : s.name; };
    if (no_name)
        c.error("substance.name-missing", base() + ".name", "Substance " + std::to_string(i + 1) + " has no name");
    if (!s.dose) {
        c.error("substance.dose-missing", base() + ".dose", "No dose documented for " + label());
    } else if (!std::isfinite(*s.dose) || *s.dose <= 0.0 || *s.dose > max_dose) {
        c.error("substance.dose-invalid", base() + ".dose",
                "The dose of " + label() + " must be a positive number no larger than 1000000");
    }
    if (!s.unit) c.error("substance.unit-missing", base() + ".unit", "No dose unit documented for " + label());
    // The substance's lot and its scanned vials' lots say which lot was given: a lot corrected by hand in an
    // amendment left vial 1 naming the old one, and a recall lookup could find either (found from outside).
    if (!is_blank(s.lot) && !s.vials.empty() &&
        std::none_of(s.vials.begin(), s.vials.end(), [&](const Vial& v) { return v.lot == s.lot; })) {
        std::string lots;
        for (const auto& v : s.vials) {
            if (!v.lot.empty() && lots.find(v.lot) == std::string::npos) lots += (lots.empty() ? "" : ", ") + v.lot;
        }
        c.warning("substance.lot-not-on-vials", base() + ".lot",
                  label() + ": lot " + s.lot + " is not the lot of any vial scanned for it (" +
                      (lots.empty() ? std::string("none recorded") : lots) + "): check which was given");
    }
    if (s.wasted && (!std::isfinite(*s.wasted) || *s.wasted < 0.0 || *s.wasted > max_dose)) {
        c.error("substance.wasted-invalid", base() + ".wasted",
                "The discarded amount of " + label() + " must be 0 or a positive number no larger than 1000000");
    }
    // Against a dose that is itself refused (negative, zero) the comparison says nothing.
    if (s.wasted && s.dose && *s.wasted > *s.dose && *s.wasted <= max_dose && std::isfinite(*s.dose) && *s.dose > 0.0) {
        // More thrown away than given is possible (a small dose from a large vial) but rare, and the JW line
        // bills every unit of it: 8 g given with "50" discarded billed 500 units unremarked (found from
        // outside). coding-rules.md gives no limit, so it is shown to the coder, not held.
        const std::string unit = s.unit ? std::string(" ") + to_string(*s.unit) : std::string();
        c.warning("substance.wasted-over-dose", base() + ".wasted",
                  label() + ": " + amount_text(*s.wasted) + unit + " discarded is more than the " +
                      amount_text(*s.dose) + unit + " given. Check the amount: the JW line bills all of it");
    }
    // A whole barcode scanned into Lot (the cursor was there, not in Scan vial): the GTIN, dates and serial
    // went onto the record, the PDF and the claim as the lot, unremarked (found from outside).
    if (looks_like_gs1_scan(s.lot)) {
        c.warning("substance.lot-scanned", base() + ".lot",
                  label() +
                      ": the lot looks like a whole barcode scan. Scan the vial with Scan vial (Ctrl+B), "
                      "which reads its lot, expiry and serial apart, and correct the lot");
    }
    std::optional<std::string> ndc;
    if (!is_blank(s.ndc)) {
        ndc = normalize_ndc(s.ndc);
        if (!ndc) {
            c.error("substance.ndc-invalid", base() + ".ndc",
                    "'" + s.ndc + "' is not an NDC: use 5-4-2, 4-4-2, 5-3-2 or 5-4-1 with dashes, or 11 digits");
        }
    }
    if (no_name) return nullptr;
    // One search of the catalog by name (derive() runs this for every substance, issue 15); the NDC only for a
    // name it does not know.
    const CatalogSubstance* named = context.substances.find(s.name);
    const CatalogSubstance* product = named != nullptr ? named : billed_product(s, context.substances);
    if (product != nullptr && named == nullptr) {
        c.warning("substance.named-by-ndc", base() + ".name",
                  "'" + s.name + "' is not a name in the clinic's product list; its NDC " + *ndc + " is " +
                      product->name + "'s, and it is billed as " + product->name + " (" +
                      (product->hcpcs.empty() ? std::string("no drug line") : product->hcpcs) + "). Choose " +
                      product->name + " from the product list so the record says so");
    }
    if (product == nullptr && ndc) {
        // A name typed by hand over another product's package: the record names two drugs (found from outside:
        // "Cuvitru 20%" with Hizentra's NDC). Held, as the same NDC under a product chosen from the list is.
        if (const CatalogSubstance* owner = context.substances.product_of_ndc(*ndc)) {
            c.error("substance.ndc-other-product", base() + ".ndc",
                    "NDC " + *ndc + " is " + owner->name + " in config/substances.toml, not '" + s.name + "': choose " +
                        owner->name + " from the product list, or correct the NDC");
            return nullptr;
        }
    }
    if (product == nullptr) {
        c.warning("substance.not-in-catalog", base() + ".name",
                  "'" + s.name +
                      "' is not one of the clinic's products: no drug line is billed for it. If it is one, choose it "
                      "from the product list (the list is config/substances.toml)");
        return nullptr;
    }
    if (product->category == SubstanceCategory::hydration) {
        // coding-rules.md 9: SC hydration (hypodermoclysis) under 96369 is a clinic choice.
        if (context.rules.hydration == HydrationRule::review) {
            c.warning("substance.hydration-review", base() + ".name",
                      "SC hydration billed as 96369: flagged for coder review (config/coding-rules.toml)");
        } else if (context.rules.hydration == HydrationRule::block) {
            c.error("substance.hydration-not-billable", base() + ".name",
                    "The clinic does not bill SC hydration under 96369 (config/coding-rules.toml)");
        }
    }
    if (product->hcpcs.empty()) return product;
    if (s.dose && s.unit && !convert_for(*product, *s.dose, *s.unit, product->billing_unit.unit)) {
        c.error("substance.unit-incompatible", base() + ".unit",
                std::string("A dose in ") + to_string(*s.unit) + " cannot be billed for " + product->name + " (" +
                    product->hcpcs + " is per " + to_string(product->billing_unit.unit) + "): document the dose in " +
                    to_string(product->billing_unit.unit));
    }
    const bool listed = ndc && std::find(product->ndcs.begin(), product->ndcs.end(), *ndc) != product->ndcs.end();
    const CatalogSubstance* ndc_owner = ndc && !listed ? context.substances.product_of_ndc(*ndc) : nullptr;
    if (is_blank(s.ndc) && product->ndcs.size() != 1) {
        c.warning("substance.ndc-missing", base() + ".ndc",
                  "No NDC documented for " + s.name + ": most payers need it on the " + product->hcpcs + " line");
    } else if (ndc_owner != nullptr) {
        // Another product's package on this product's line names two drugs in one claim line: a product
        // chosen again (or typed over) kept the first one's NDC (found from outside). Held, not warned.
        c.error("substance.ndc-other-product", base() + ".ndc",
                "NDC " + *ndc + " is " + ndc_owner->name + " in config/substances.toml, not " + product->name +
                    ": correct the product or the NDC");
    } else if (ndc && !listed && !product->ndcs.empty()) {
        c.warning("substance.ndc-not-in-catalog", base() + ".ndc",
                  "NDC " + *ndc + " is not listed for " + product->name + " in config/substances.toml");
    }
    return product;
}

void check_site(const Site& site, std::size_t setup, std::size_t index, const CodingContext& context, Collector& c) {
    // The field path and the words naming the needle are spelled only for a problem.
    const auto base = [&] { return path::site(setup, index); };
    // The site by the name the nurse reads on the map ("Thigh, left lateral"), not its id ("thigh-left", found
    // from outside); an id the catalog does not know as written.
    const auto where = [&] {
        const CatalogSite* known = is_blank(site.location) ? nullptr : context.sites.find(site.location);
        return path::setup_name(setup) + ", site " + std::to_string(index + 1) +
               (is_blank(site.location) ? "" : " (" + (known != nullptr ? known->name : site.location) + ")");
    };
    if (is_blank(site.location)) {
        c.error("site.location-missing", base() + ".location", "No body location for " + where());
    } else if (context.sites.find(site.location) == nullptr) {
        c.error("site.location-unknown", base() + ".location",
                "Unknown site '" + site.location + "' in " + path::setup_name(setup) + ": see config/sites.toml");
    }
    if (!site.usable()) return;  // a removed needle needs no further checks
    if (site.prepped != true)
        c.warning("site.prep-not-documented", base() + ".prepped", "Antiseptic prep not documented for " + where());
    if (!site.aspiration || *site.aspiration == Aspiration::not_checked)
        c.warning("site.aspiration-not-checked", base() + ".aspiration", "Aspiration not checked for " + where());
    if (site.secured != true)
        c.warning("site.securing-not-documented", base() + ".secured", "Needle securing not documented for " + where());
}

// The products of the visit's substances as check_substance() found them: derive() looks none up twice (issue 15).
// A visit has a handful; past eight, the rest are not kept (`complete` false) and are looked up where needed.
struct VisitProducts {
    std::array<const CatalogSubstance*, 8> at{};
    std::size_t count = 0;
    bool complete = true;
    void add(const CatalogSubstance* product) {
        if (count < at.size()) {
            at[count++] = product;
        } else {
            complete = false;
        }
    }
};

// A pump the product's instructions rule out (HyQvia with the Freedom60: practice.md). A warning, not a hold: the
// nurse and the reviewer see it, and the claim does not depend on the pump.
void check_pump_for_products(const Visit& visit, const PumpSetup& setup, std::size_t i, const VisitProducts& products,
                             const CodingContext& context, Collector& c) {
    if (is_blank(setup.pump)) return;
    const auto warn = [&](const CatalogSubstance& product) {
        const std::string* pump = product.ruled_out_pump(setup.pump);
        if (pump == nullptr) return;
        c.warning("setup.pump-not-for-product", path::setup(i) + ".pump",
                  product.name + " is not given with the " + *pump + " (" + path::setup_name(i) + " documents '" +
                      setup.pump + "'): check the pump against the product's instructions, or correct it");
    };
    for (std::size_t k = 0; k < products.count; ++k) {
        const auto* product = products.at[k];
        // Once per product: HyQvia documented twice (two lots) is one warning.
        if (product != nullptr &&
            std::find(products.at.begin(), products.at.begin() + k, product) == products.at.begin() + k) {
            warn(*product);
        }
    }
    for (std::size_t k = products.count; !products.complete && k < visit.substances.size(); ++k) {
        if (is_blank(visit.substances[k].name)) continue;
        if (const CatalogSubstance* product = billed_product(visit.substances[k], context.substances)) warn(*product);
    }
}

void check_setups(const Visit& visit, const VisitProducts& products, const CodingContext& context, Collector& c) {
    if (visit.pump_setups.empty()) {
        c.error("setup.missing", "pump_setups", "No pump set-up documented: there is no infusion to bill");
    }
    for (std::size_t i = 0; i < visit.pump_setups.size(); ++i) {
        const PumpSetup& setup = visit.pump_setups[i];
        const auto base = [i] { return path::setup(i); };
        if (setup.pump.empty())
            c.warning("setup.pump-missing", base() + ".pump", "No pump documented for " + path::setup_name(i));
        check_pump_for_products(visit, setup, i, products, context, c);
        if (setup.sites.empty()) {
            c.error("setup.no-site", base() + ".sites", "No site documented for " + path::setup_name(i));
        } else {
            bool any_usable = false;
            for (std::size_t s = 0; s < setup.sites.size(); ++s) {
                check_site(setup.sites[s], i, s, context, c);
                any_usable = any_usable || setup.sites[s].usable();
            }
            if (!any_usable) {
                c.error("setup.no-usable-site", base() + ".sites",
                        "Every needle of " + path::setup_name(i) +
                            " returned blood and was removed: document the replacement needle");
            }
        }
    }
}

void check_notes(const Visit& visit, Zone zone, std::vector<Problem>& out) {
    for (std::size_t i = 0; i < visit.notes.size(); ++i) {
        const Note& note = visit.notes[i];
        if (!note.at) continue;
        const ResolvedTime r = resolve(*note.at, zone);
        const auto field = [i] { return path::note(i) + ".at"; };  // spelled only for a problem
        if (r.status == TimeResolution::ambiguous) {
            out.push_back(Problem{Severity::error, "time.ambiguous", field(),
                                  "Note " + std::to_string(i + 1) + " at " + format_local(*note.at) +
                                      " occurs twice (clocks were turned back): say which was meant"});
        } else if (r.status == TimeResolution::nonexistent) {
            out.push_back(Problem{Severity::error, "time.nonexistent", field(),
                                  "Note " + std::to_string(i + 1) + " at " + format_local(*note.at) +
                                      " does not exist (clocks were turned forward over it)"});
        }
    }
}

}  // namespace

std::string effective_time_zone(const Visit& visit, const ClinicSettings& clinic) {
    return visit.time_zone.empty() ? clinic.time_zone : visit.time_zone;
}

Zone effective_zone(const Visit& visit, const CodingContext& context) {
    // Compared by name, so a context whose clinic settings changed after it was made still reads right.
    const std::string_view name = visit.time_zone.empty() ? context.clinic.time_zone : visit.time_zone;
    if (context.clinic_zone.known() && context.clinic_zone.name() == name) return context.clinic_zone;
    return Zone::find(name);
}

Setting effective_setting(const Visit& visit, const ClinicSettings& clinic) {
    return visit.setting.value_or(clinic.setting);
}

std::vector<Problem> validate_documentation(const Visit& visit, const CodingContext& context) {
    std::vector<Problem> out;
    Collector c{out};
    check_people(visit, context, c);
    if (visit.substances.empty()) c.error("substance.missing", "substances", "No substance documented");
    VisitProducts products;
    for (std::size_t i = 0; i < visit.substances.size(); ++i) {
        products.add(check_substance(visit.substances[i], i, context, c));
    }
    check_volumes(visit, context, c);
    check_setups(visit, products, context, c);
    check_notes(visit, effective_zone(visit, context), out);
    return out;
}

void check_vials(const Visit& visit, const CodingContext& context,
                 std::optional<std::chrono::year_month_day> date_of_service, std::vector<Problem>& out) {
    Collector c{out};
    for (std::size_t i = 0; i < visit.substances.size(); ++i) {
        const Substance& s = visit.substances[i];
        if (s.vials.empty()) continue;  // most visits: no catalog search for derive() to pay
        const CatalogSubstance* product = billed_product(s, context.substances);
        const std::optional<std::string> documented_ndc = normalize_ndc(s.ndc);
        for (std::size_t j = 0; j < s.vials.size(); ++j) {
            const Vial& vial = s.vials[j];
            const auto base = [&] { return path::substance(i) + ".vials[" + std::to_string(j) + "]"; };
            const auto label = [&] {
                return "Vial " + std::to_string(j + 1) + " of " +
                       (is_blank(s.name) ? "substance " + std::to_string(i + 1) : s.name) +
                       (vial.lot.empty() ? "" : " (lot " + terminal_safe(vial.lot) + ")");
            };
            // Before the infusion has a start, against today: the vial would be given today at the earliest.
            if (vial.expiry && date_of_service && *vial.expiry < *date_of_service) {
                c.warning("vial.expired", base() + ".expiry",
                          label() + " expired on " + format_date(*vial.expiry) + ", before the date of service " +
                              format_date(*date_of_service));
            } else if (vial.expiry && !date_of_service && context.today && *vial.expiry < *context.today) {
                c.warning("vial.expired", base() + ".expiry",
                          label() + " expired on " + format_date(*vial.expiry) + ", before today, " +
                              format_date(*context.today));
            }
            if (vial.gtin.empty() || is_blank(s.name)) continue;  // typed from the label; or no name to compare
            const auto match = match_gtin(vial.gtin, context.substances);
            if (!match) {
                const auto ndc10 = ndc10_from_gtin(vial.gtin);
                if (!ndc10) {
                    // Not a US drug's GTIN (indicator, "03", NDC): a product for another market.
                    c.warning("vial.no-ndc", base() + ".gtin",
                              label() + " carries GTIN " + vial.gtin +
                                  ", which holds no US NDC: check the product that was given");
                } else if (product != nullptr && !product->ndcs.empty()) {
                    // A product whose packages the catalog lists: a vial of none of them is another
                    // product, or a package nobody has added yet.
                    c.warning("vial.ndc-not-in-catalog", base() + ".gtin",
                              label() + " carries NDC " + *ndc10 + " (10 digits, from its barcode), which " +
                                  "config/substances.toml does not list for " + product->name +
                                  ": check the product, or add its package");
                }
                continue;
            }
            if (match->substance != product) {
                c.error("vial.product-differs", base() + ".gtin",
                        label() + " is " + match->substance->name + " (NDC " + match->ndc +
                            ", from its barcode), not " +
                            (product != nullptr ? product->name : "'" + s.name + "' (not in the catalog)") +
                            ": the drug line cannot say which was given. Correct the substance, or "
                            "remove the vial");
            } else if (documented_ndc && *documented_ndc != match->ndc) {
                c.warning("vial.ndc-differs", base() + ".gtin",
                          label() + " is NDC " + match->ndc + " (from its barcode), the substance documents " +
                              *documented_ndc + " (another package of the same product): check which was used");
            }
        }
    }
}

void check_birth_date(const Visit& visit, std::optional<std::chrono::year_month_day> date_of_service,
                      std::vector<Problem>& out) {
    // Born more than 130 years before: a year typed wrong ("0001-01-01", "1800"), billed as written (found from
    // outside).
    if (visit.patient.birth_date && date_of_service &&
        *visit.patient.birth_date < *date_of_service - std::chrono::years{130}) {
        out.push_back(Problem{Severity::error, "patient.birth-date-implausible", "patient.birth_date",
                              "The patient's birth date " + format_date(*visit.patient.birth_date) +
                                  " is more than 130 years before the date of service " +
                                  format_date(*date_of_service) + ": check the year"});
    }
    if (visit.patient.birth_date && date_of_service && *visit.patient.birth_date > *date_of_service) {
        out.push_back(Problem{Severity::error, "patient.birth-date-after-service", "patient.birth_date",
                              "The patient's birth date " + format_date(*visit.patient.birth_date) +
                                  " is after the date of service " + format_date(*date_of_service) +
                                  ": check the year"});
    }
}

std::vector<Problem> validate(const Visit& visit, const CodingContext& context) {
    auto out = validate_documentation(visit, context);
    const std::string_view zone_name = visit.time_zone.empty() ? context.clinic.time_zone : visit.time_zone;
    auto time = compute_infusion_time(visit, effective_zone(visit, context), zone_name, context.rules);
    out.insert(out.end(), time.problems.begin(), time.problems.end());
    check_vials(visit, context, time.date_of_service, out);
    check_birth_date(visit, time.date_of_service, out);
    return out;
}

}  // namespace infusion::core
