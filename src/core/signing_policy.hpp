#pragma once
// Which problems stop a nurse from signing, and which only hold billing (docs/storage.md).
//
// Signing says "this is what I did at the chair". It needs the clinical record to be complete and
// unambiguous: times, what was given, where, by whom, for whom. Problems that only concern the claim
// (diagnosis codes, NDC form, billing units, the clinic's hydration policy) do not stop a signature:
// the visit is signed and its billing held until a coder fixes it with an amendment.
#include "core/problem.hpp"

#include <vector>

namespace infusion::core {

[[nodiscard]] bool blocks_signing(const Problem& problem);
[[nodiscard]] bool any_blocks_signing(const std::vector<Problem>& problems);

}  // namespace infusion::core
