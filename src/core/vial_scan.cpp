#include "core/vial_scan.hpp"

#include "core/codes.hpp"

namespace infusion::core {
namespace {

Problem warning(const std::string& code, int substance, const std::string& message) {
    return Problem{Severity::warning, code, "substances[" + std::to_string(substance) + "]", message};
}

// The product a documented substance is: by its NDC, else by its name in the catalog.
const CatalogSubstance* product_of(const Substance& s, const SubstanceCatalog& catalog) {
    if (auto ndc = normalize_ndc(s.ndc)) {
        for (const auto& c : catalog.substances) {
            for (const auto& n : c.ndcs) {
                if (normalize_ndc(n) == ndc) return &c;
            }
        }
    }
    return s.name.empty() ? nullptr : catalog.find(s.name);
}

bool has_gtin(const Substance& s, const std::string& gtin) {
    for (const auto& v : s.vials) {
        if (v.gtin == gtin) return true;
    }
    return false;
}

bool documented(const Substance& s) { return !s.name.empty() || !s.ndc.empty() || !s.vials.empty(); }

}  // namespace

std::optional<NdcMatch> match_gtin(std::string_view gtin14, const SubstanceCatalog& catalog) {
    const auto ndc10 = ndc10_from_gtin(gtin14);
    if (!ndc10) return std::nullopt;
    for (const auto& c : catalog.substances) {
        for (const auto& ndc : c.ndcs) {
            for (const auto& form : ndc10_forms(ndc)) {
                if (form.digits == *ndc10) return NdcMatch{&c, normalize_ndc(ndc).value_or(ndc), form.layout};
            }
        }
    }
    return std::nullopt;
}

ScanOutcome apply_vial_scan(Visit& visit, const VialScan& scan, const SubstanceCatalog& catalog,
                            std::chrono::year_month_day date_of_service) {
    ScanOutcome out;
    const auto match = match_gtin(scan.gtin, catalog);

    // Which substance row: the same product (by catalog entry, or by the same GTIN for products the
    // catalog does not know), else an empty row, else a new one.
    int target = -1;
    for (std::size_t i = 0; i < visit.substances.size() && target < 0; ++i) {
        const auto& s = visit.substances[i];
        const bool same = match ? product_of(s, catalog) == match->substance : has_gtin(s, scan.gtin);
        if (same) target = static_cast<int>(i);
    }
    std::string other;  // the product already documented, when this vial is a different one
    if (target < 0) {
        for (std::size_t i = 0; i < visit.substances.size(); ++i) {
            if (!documented(visit.substances[i])) {
                if (target < 0) target = static_cast<int>(i);
            } else if (other.empty()) {
                const auto& s = visit.substances[i];
                other = !s.name.empty() ? s.name : !s.ndc.empty() ? "NDC " + s.ndc : "GTIN " + s.vials.front().gtin;
            }
        }
    }
    if (target < 0) {
        visit.substances.emplace_back();
        target = static_cast<int>(visit.substances.size()) - 1;
        out.substance_added = true;
    }
    out.substance_index = target;
    Substance& s = visit.substances[static_cast<std::size_t>(target)];

    // The same serial of the same product is the same vial: scanned twice, counted once.
    if (!scan.serial.empty()) {
        for (std::size_t i = 0; i < visit.substances.size(); ++i) {
            for (const auto& v : visit.substances[i].vials) {
                if (v.gtin == scan.gtin && v.serial == scan.serial) {
                    out.substance_index = static_cast<int>(i);
                    out.warnings.push_back(warning(
                        "scan.serial-repeated", static_cast<int>(i),
                        "this vial (serial " + scan.serial + ") was already scanned in this visit: not added again"));
                    out.summary = "already scanned: serial " + scan.serial;
                    if (out.substance_added) visit.substances.pop_back();
                    out.substance_added = false;
                    return out;
                }
            }
        }
    }

    if (!other.empty()) {
        out.warnings.push_back(warning("scan.product-differs", target,
                                       "the scanned vial is " + (match ? match->substance->name : "GTIN " + scan.gtin) +
                                           ", not the " + other + " already documented: check the order"));
    }
    if (match) {
        if (s.name.empty()) s.name = match->substance->name;
        if (s.ndc.empty()) {
            s.ndc = match->ndc;
        } else if (normalize_ndc(s.ndc) != match->ndc) {
            out.warnings.push_back(warning("scan.ndc-differs", target,
                                           "the vial's NDC is " + match->ndc + ", the substance documents " + s.ndc +
                                               " (another package of the same product): check which was used"));
        }
    } else {
        const auto ndc10 = ndc10_from_gtin(scan.gtin);
        out.warnings.push_back(
            warning("scan.ndc-unknown", target,
                    ndc10 ? "NDC " + *ndc10 + " (from GTIN " + scan.gtin +
                                ") is not in the substance catalog: enter the substance and its NDC by hand"
                          : "GTIN " + scan.gtin + " does not carry a US NDC: enter the substance and its NDC by hand"));
    }
    if (scan.expiry && *scan.expiry < date_of_service) {
        out.warnings.push_back(warning("scan.vial-expired", target,
                                       "the vial expired on " + format_date(*scan.expiry) +
                                           ", before the date of service " + format_date(date_of_service)));
    }
    if (s.lot.empty()) s.lot = scan.lot;
    s.vials.push_back(Vial{scan.gtin, scan.lot, scan.expiry, scan.serial});
    out.vial_added = true;
    // The vial's own NDC (from its barcode), not the one the substance documents: when they differ the
    // summary said the vial was the documented package, above the warning that it was not.
    const std::string& vial_ndc = match ? match->ndc : s.ndc;
    out.summary =
        (s.name.empty() ? "GTIN " + scan.gtin : s.name) + (vial_ndc.empty() ? "" : ", NDC " + vial_ndc) +
        (scan.lot.empty() ? "" : ", lot " + scan.lot) + (scan.expiry ? ", expires " + format_date(*scan.expiry) : "") +
        (scan.serial.empty() ? "" : ", serial " + scan.serial) + " (vial " + std::to_string(s.vials.size()) + ")";
    return out;
}

}  // namespace infusion::core
