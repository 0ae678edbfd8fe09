#pragma once
// A problem found in a visit's documentation: a stable code clinics can script against, a severity
// (an error blocks the claim, a warning is for a reviewer), the field it concerns and a plain message.
#include <string>
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

}  // namespace infusion::core
