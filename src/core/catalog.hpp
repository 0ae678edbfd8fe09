#pragma once
// The clinic's reference data as plain structs: substances (config/substances.toml), body sites
// (config/sites.toml) and the clinic itself (config/clinic.toml). Filled by settings/, read by core.
#include "core/visit.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infusion::core {

enum class SubstanceCategory { immune_globulin, hydration, chelator, analgesic, enzyme, other };

struct BillingUnit {
    double amount = 1.0;           // e.g. 100
    DoseUnit unit = DoseUnit::mg;  // e.g. mg: "J1559 per 100 mg"
};

struct CatalogSubstance {
    std::string id;
    std::string name;
    std::vector<std::string> aliases;
    SubstanceCategory category = SubstanceCategory::other;
    std::string hcpcs;  // empty: no separately billed drug line
    std::string hcpcs_description;
    BillingUnit billing_unit;
    std::optional<double> concentration_mg_per_ml;  // converts a dose in mL to mg
    // USP units per mL of a solution dosed in units (Hylenex 150): its NDC quantity in ML.
    std::optional<double> concentration_units_per_ml;
    bool single_dose = false;       // container: single-dose (JW/JZ) or multi-dose (neither)
    std::string certainty;          // "confirmed" or "to be checked" (coding-rules.md 7)
    std::vector<std::string> ndcs;  // 11-digit 5-4-2 forms
    // [ed. 2] The NDC unit of measure of the package (F2, GR, ME, ML, UN): the NDC quantity is the dose
    // in this unit (a solution in ML through the concentration). Empty: the quantity cannot be stated, and
    // a line with an NDC is held (the dose's own unit, edition 1's rule, put "ME 15" on morphine's line).
    std::string ndc_unit;
    // [ed. 2] OPPS status indicator (facility claims): JW/JZ only on separately payable drugs, G or K.
    std::string opps_status;
    // [ed. 2] HCPCS codes this product's own kit already covers (HyQvia J1575 covers its hyaluronidase,
    // J3473): a documented substance billed under one of these gives no line of its own.
    std::vector<std::string> covers_hcpcs;
    // Pumps the product's instructions rule out (HyQvia: not with the Freedom60, practice.md). A set-up
    // documenting one of them with this product is warned of at the chair, in the sign dialog and to review.
    std::vector<std::string> not_with_pumps;
    // The entry of `not_with_pumps` that `pump` names, or null. Matched on letters and digits alone, either
    // case, anywhere in what was written: "FREEDOM 60", "Freedom60 (RMS)" are the Freedom60.
    [[nodiscard]] const std::string* ruled_out_pump(std::string_view pump) const;
};

struct SubstanceCatalog {
    std::vector<CatalogSubstance> substances;
    // Case-insensitive match on name, id or an alias.
    [[nodiscard]] const CatalogSubstance* find(std::string_view name) const;
    // The product listing this package NDC (11-digit 5-4-2 form, as normalize_ndc gives it); null if none.
    [[nodiscard]] const CatalogSubstance* product_of_ndc(std::string_view ndc) const;
};

enum class BodyView { front, back };

struct CatalogSite {
    std::string id;
    std::string name;
    std::string region;  // abdomen, thigh, buttock, arm
    BodyView view = BodyView::front;
    float x = 0.5F;  // body-map position, 0..1 of the figure's width and height
    float y = 0.5F;
};

struct SiteCatalog {
    std::vector<CatalogSite> sites;
    [[nodiscard]] const CatalogSite* find(std::string_view id) const;
};

struct ClinicSettings {
    std::string name;
    std::string time_zone = "America/New_York";
    Setting setting = Setting::office;
    std::string npi;
    std::string tax_id;
    std::string place_of_service_office = "11";
    std::string place_of_service_facility = "22";
    std::string revenue_code = "0510";       // facility claims: administration lines (coding-rules.md 6)
    std::string drug_revenue_code = "0636";  // facility claims: drugs that need detailed coding
};

[[nodiscard]] const char* to_string(SubstanceCategory category);
[[nodiscard]] std::optional<SubstanceCategory> substance_category_from_string(std::string_view text);
[[nodiscard]] bool iequals(std::string_view a, std::string_view b);

}  // namespace infusion::core
