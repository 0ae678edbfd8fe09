#pragma once
// A billing line derived from the documentation, with the reason a biller can read.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace infusion::core {

enum class LineKind { administration, drug };

struct BillingLine {
    LineKind kind = LineKind::administration;
    std::string code;  // CPT or HCPCS
    int units = 1;
    std::vector<std::string> modifiers;
    std::string reason;
    std::string description;   // our short wording (CPT descriptors are AMA copyright)
    std::string revenue_code;  // facility claims only
    // Drug lines: NDC in 11-digit 5-4-2 form, its unit qualifier (F2, GR, ME, ML, UN) and quantity.
    std::string ndc;
    std::string ndc_unit;
    std::optional<double> ndc_quantity;
    int substance_index = -1;  // which substance a drug line bills
    // [ed. 2] The line's own date of service (coding-rules.md 7a): the visit's date, or on facility
    // claims the local date on which the line's service was provided. Empty on lines stored before it.
    std::optional<std::chrono::year_month_day> service_date;

    bool operator==(const BillingLine&) const = default;
};

// The code with its modifiers, as every screen, report and message writes it: "J1559-JW".
[[nodiscard]] inline std::string code_with_modifiers(const BillingLine& line) {
    std::string out = line.code;
    for (const std::string& modifier : line.modifiers) out += "-" + modifier;
    return out;
}

}  // namespace infusion::core
