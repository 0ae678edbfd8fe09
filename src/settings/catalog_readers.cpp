// Reading substances.toml and sites.toml (catalog_readers.hpp).
#include "settings/catalog_readers.hpp"

#include "core/codes.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace infusion::settings {
namespace {

core::DoseUnit dose_unit(Fields& f, std::string_view key) {
    const std::string text = f.required_text(key);
    auto unit = core::dose_unit_from_string(text);
    if (!unit) f.fail(key, "'" + text + "' is not a unit: use g, mg, mL or units");
    return *unit;
}

// HCPCS Level II: a capital letter and four digits (J1559, Q2052).
bool looks_like_hcpcs(const std::string& code) {
    return code.size() == 5 && code[0] >= 'A' && code[0] <= 'Z' && all_digits(code.substr(1), 4);
}

// Equal as SubstanceCatalog::find compares a visit file's word: blanks around it dropped, case ignored.
bool same_word(std::string_view a, std::string_view b) {
    return core::iequals(core::trim_blanks(a), core::trim_blanks(b));
}

}  // namespace

core::SubstanceCatalog read_substances(const toml::table& root, ReadContext& ctx) {
    core::SubstanceCatalog out;
    Fields top(root, "", ctx);
    const auto rows = top.tables("substance");
    // A catalog with no substance is a broken file, not a clinic's choice: every drug line would be dropped
    // with a warning per visit, and an accepted configuration would bill administration only (found from
    // outside with an emptied substances.toml).
    if (rows.empty()) top.fail("substance", "none listed: the catalog needs at least one [[substance]]");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        Fields f(*rows[i], "substance[" + std::to_string(i) + "]", ctx);
        core::CatalogSubstance s;
        s.id = f.required_text("id");
        s.name = f.required_text("name");
        s.aliases = f.text_list("aliases");
        const std::string category = f.text("category").value_or("other");
        auto c = core::substance_category_from_string(category);
        if (!c) f.fail("category", "'" + category + "' is not a category");
        s.category = *c;
        // Required, "" for a product with no line of its own: a deleted line silently dropped the visit's
        // most expensive line, and "hello world; DROP" went out as a code (found from outside).
        if (f.get("hcpcs") == nullptr) {
            f.fail("hcpcs",
                   "missing: the HCPCS code of its drug line (a letter and four digits, \"J1559\"), "
                   "or hcpcs = \"\" for a product billed with no line of its own");
        }
        s.hcpcs = f.text("hcpcs").value_or("");
        if (!s.hcpcs.empty() && !looks_like_hcpcs(s.hcpcs)) {
            f.fail("hcpcs", "'" + s.hcpcs + "' is not an HCPCS code: a capital letter and four digits (\"J1559\")");
        }
        s.hcpcs_description = f.text("hcpcs_description").value_or("");
        if (const toml::table* bu = f.table("billing_unit")) {
            Fields u(*bu, f.field("billing_unit"), ctx);
            s.billing_unit.amount = u.number("amount").value_or(1.0);
            if (!(s.billing_unit.amount > 0.0)) u.fail("amount", "must be positive");
            // HCPCS billing units run from a tenth of a microgram to thousands of units: 0.000001 mg billed
            // 1,000,000,000 units of Hizentra, 1e308 none (found from outside).
            if (!(s.billing_unit.amount >= 0.0001 && s.billing_unit.amount <= 100000.0)) {
                u.fail("amount",
                       "must be between 0.0001 and 100000 (the HCPCS descriptor's amount, e.g. 100 for "
                       "\"100 mg\")");
            }
            s.billing_unit.unit = dose_unit(u, "unit");
            u.finish();
            // A billing unit under an empty code: the code was emptied, and the drug line went with it
            // without a word (found from outside).
            if (s.hcpcs.empty()) {
                f.fail("hcpcs",
                       "is empty, yet the product has a billing_unit: give its HCPCS code, or remove the "
                       "billing_unit of a product billed with no line of its own");
            }
        } else if (!s.hcpcs.empty()) {
            f.fail("billing_unit", "missing: a substance with an HCPCS code needs its billing unit");
        }
        s.concentration_mg_per_ml = f.number("concentration_mg_per_ml");
        if (s.concentration_mg_per_ml && !(*s.concentration_mg_per_ml > 0.0)) {
            f.fail("concentration_mg_per_ml", "must be positive");
        }
        s.concentration_units_per_ml = f.number("concentration_units_per_ml");
        if (s.concentration_units_per_ml && !(*s.concentration_units_per_ml > 0.0)) {
            f.fail("concentration_units_per_ml", "must be positive");
        }
        // [ed. 2] container = "single-dose" | "multi-dose"; single_dose = true|false is still read.
        s.single_dose = f.boolean("single_dose").value_or(false);
        if (f.get("container") != nullptr) {
            s.single_dose = choice(f, "container", false, {{"single-dose", true}, {"multi-dose", false}});
        }
        s.ndc_unit = f.text("ndc_unit").value_or("");
        if (!s.ndc_unit.empty() && s.ndc_unit != "F2" && s.ndc_unit != "GR" && s.ndc_unit != "ME" &&
            s.ndc_unit != "ML" && s.ndc_unit != "UN") {
            f.fail("ndc_unit", "'" + s.ndc_unit + "' is not an NDC unit of measure: use F2, GR, ME, ML or UN");
        }
        if (s.ndc_unit == "ML" && s.billing_unit.unit != core::DoseUnit::mL && !s.hcpcs.empty()) {
            if (s.billing_unit.unit == core::DoseUnit::units && !s.concentration_units_per_ml) {
                f.fail("ndc_unit", "ML needs concentration_units_per_ml to turn a dose in units into millilitres");
            } else if (s.billing_unit.unit != core::DoseUnit::units && !s.concentration_mg_per_ml) {
                f.fail("ndc_unit", "ML needs concentration_mg_per_ml to turn a dose in mass into millilitres");
            }
        }
        s.opps_status = f.text("opps_status").value_or("");
        if (s.opps_status.size() > 2) f.fail("opps_status", "'" + s.opps_status + "' is not an OPPS status indicator");
        s.covers_hcpcs = f.text_list("covers_hcpcs");
        s.not_with_pumps = f.text_list("not_with_pumps");
        for (const auto& pump : s.not_with_pumps) {
            if (core::trim_blanks(pump).empty()) f.fail("not_with_pumps", "has an empty pump name");
        }
        s.certainty = f.text("certainty").value_or("");
        for (const auto& ndc : f.text_list("ndcs")) {
            auto normal = core::normalize_ndc(ndc);
            if (!normal) f.fail("ndcs", "'" + ndc + "' is not an NDC");
            // A package is one product's: listed under two, a visit giving it was billed as the first
            // (found from outside).
            for (std::size_t j = 0; j < out.substances.size(); ++j) {
                const auto& theirs = out.substances[j].ndcs;
                if (std::find(theirs.begin(), theirs.end(), *normal) != theirs.end()) {
                    f.fail("ndcs", "'" + ndc + "' is listed by substance[" + std::to_string(j) + "] (" +
                                       out.substances[j].name + ") already: a package NDC is one product's");
                }
            }
            s.ndcs.push_back(*normal);
        }
        // Visit files name a substance by id, name or alias, case-insensitive: a word two substances share
        // picked whichever came first (found from outside: a second 'hizentra' billed as J9999).
        std::vector<std::pair<const char*, std::string>> words{{"id", s.id}, {"name", s.name}};
        for (const auto& alias : s.aliases) words.emplace_back("aliases", alias);
        for (const auto& [key, word] : words) {
            for (std::size_t j = 0; j < out.substances.size(); ++j) {
                const core::CatalogSubstance& other = out.substances[j];
                bool taken = same_word(word, other.id) || same_word(word, other.name);
                for (const auto& alias : other.aliases) taken = taken || same_word(word, alias);
                if (taken) {
                    f.fail(key, "'" + word + "' names substance[" + std::to_string(j) + "] (" + other.name +
                                    ") already: each id, name and alias must name one substance");
                }
            }
        }
        f.finish();
        out.substances.push_back(std::move(s));
    }
    top.finish();
    return out;
}

// How far apart two sites of one figure must be, in x or in y (fractions of the figure).
constexpr float min_site_apart = 0.1F;

core::SiteCatalog read_sites(const toml::table& root, ReadContext& ctx) {
    core::SiteCatalog out;
    Fields top(root, "", ctx);
    const auto rows = top.tables("site");
    // With none, every visit's site is unknown and the body map has nothing to touch (found from outside).
    if (rows.empty()) top.fail("site", "none listed: the body map needs at least one [[site]]");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        Fields f(*rows[i], "site[" + std::to_string(i) + "]", ctx);
        core::CatalogSite s;
        s.id = f.required_text("id");
        // Visit files, the map and the site history name a site by its id: an empty one named none (found
        // from outside: id = "" was taken, and its needles could not be told from a site left out).
        if (core::is_blank(s.id)) f.fail("id", "is empty: each site needs an id (such as \"thigh-left\")");
        if (out.find(s.id) != nullptr) f.fail("id", "'" + s.id + "' is listed twice");
        s.name = f.required_text("name");
        if (core::is_blank(s.name)) f.fail("name", "is empty: the body map and the record show it");
        s.region = f.text("region").value_or("");
        s.view = choice(f, "view", core::BodyView::front,
                        {{"front", core::BodyView::front}, {"back", core::BodyView::back}});
        const double x = f.number("x").value_or(0.5);
        const double y = f.number("y").value_or(0.5);
        if (x < 0.0 || x > 1.0) f.fail("x", "must be between 0 and 1");
        if (y < 0.0 || y > 1.0) f.fail("y", "must be between 0 and 1");
        s.x = static_cast<float>(x);
        s.y = static_cast<float>(y);
        // Two sites at one spot of one figure: the map's targets shrink to half the distance between the two
        // nearest sites, so every target became a 4-pixel dot, and a tap could not tell the two apart (found
        // from outside). The shipped sites are 0.16 or more apart.
        for (std::size_t j = 0; j < out.sites.size(); ++j) {
            const core::CatalogSite& other = out.sites[j];
            if (other.view != s.view) continue;
            if (std::abs(other.x - s.x) < min_site_apart && std::abs(other.y - s.y) < min_site_apart) {
                f.fail("x", "is at the spot of site[" + std::to_string(j) + "] (" + other.name +
                                "): sites of one figure must be 0.1 apart in x or in y, so that a tap on the body "
                                "map tells them apart");
            }
        }
        f.finish();
        out.sites.push_back(std::move(s));
    }
    top.finish();
    return out;
}

}  // namespace infusion::settings
