#pragma once
// validate(): every documentation problem of a visit (coding-rules.md 5), as values.
// Errors hold the claim; warnings are for a reviewer. Pure: no I/O, no clock.
#include "core/coding_context.hpp"
#include "core/problem.hpp"
#include "core/visit.hpp"

#include <vector>

namespace infusion::core {

// Problems of the documentation other than time (who, what, where, diagnoses, sites, checklists).
[[nodiscard]] std::vector<Problem> validate_documentation(const Visit& visit, const CodingContext& context);

// All problems: documentation and time (missing, ambiguous, reversed, zero).
[[nodiscard]] std::vector<Problem> validate(const Visit& visit, const CodingContext& context);

}  // namespace infusion::core
