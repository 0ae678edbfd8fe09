#pragma once
// A problem found in a visit's documentation: a stable code clinics can script against, a severity
// (an error blocks the claim, a warning is for a reviewer), the field it concerns and a plain message.
#include <string>
#include <string_view>
#include <vector>

namespace infusion::core {

enum class Severity { error, warning };

struct Problem {
    Severity severity = Severity::error;
    std::string code;     // stable, e.g. "time.stop-missing"
    std::string field;    // path in the visit, e.g. "pump_setups[0].stop"
    std::string message;  // for a nurse or a biller

    bool operator==(const Problem&) const = default;
};

[[nodiscard]] const char* to_string(Severity severity);
[[nodiscard]] bool has_errors(const std::vector<Problem>& problems);

// Whether a warning is for the coder before the lines go out (the billing worklist shows it on the row):
// every warning but the needle checklist's gaps (`site.*`), which the supervisor's review flags instead.
[[nodiscard]] bool for_the_coder(std::string_view code);

}  // namespace infusion::core
