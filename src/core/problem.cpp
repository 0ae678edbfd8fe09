#include "core/problem.hpp"

#include <algorithm>

namespace infusion::core {

const char* to_string(Severity severity) { return severity == Severity::error ? "error" : "warning"; }

bool has_errors(const std::vector<Problem>& problems) {
    return std::any_of(problems.begin(), problems.end(),
                       [](const Problem& p) { return p.severity == Severity::error; });
}

bool for_the_coder(std::string_view code) { return !code.starts_with("site."); }

}  // namespace infusion::core
