#include "core/signing_policy.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace infusion::core {
namespace {

// Errors that hold the claim but leave the clinical record complete.
constexpr std::array<std::string_view, 6> billing_only{
    "visit.diagnosis-missing",     "visit.diagnosis-invalid",          "substance.ndc-invalid",
    "substance.unit-incompatible", "substance.hydration-not-billable", "substance.wasted-invalid",
};

}  // namespace

bool blocks_signing(const Problem& problem) {
    if (problem.severity != Severity::error) return false;
    return std::find(billing_only.begin(), billing_only.end(), problem.code) == billing_only.end();
}

bool any_blocks_signing(const std::vector<Problem>& problems) {
    return std::any_of(problems.begin(), problems.end(), [](const Problem& p) { return blocks_signing(p); });
}

}  // namespace infusion::core
