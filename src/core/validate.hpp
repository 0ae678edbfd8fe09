#pragma once
// validate(): every documentation problem of a visit (coding-rules.md 5), as values.
// Errors hold the claim; warnings are for a reviewer. Pure: no I/O, no clock.
#include "core/coding_context.hpp"
#include "core/problem.hpp"
#include "core/visit.hpp"

#include <chrono>
#include <optional>
#include <vector>

namespace infusion::core {

// Problems of the documentation other than time (who, what, where, diagnoses, sites, checklists).
[[nodiscard]] std::vector<Problem> validate_documentation(const Visit& visit, const CodingContext& context);

// The vials scanned or typed from their labels, against what the visit documents: a vial of another
// product than its substance holds the claim (its drug line could not say which was given); a vial
// expired before the date of service, another package (NDC) of the same product, or a package the
// catalog does not list for a product whose packages it lists, is a warning.
// At the scan the nurse saw these too; here they stay with the visit, for `code`, signing and review.
void check_vials(const Visit& visit, const CodingContext& context,
                 std::optional<std::chrono::year_month_day> date_of_service, std::vector<Problem>& out);
// A patient born after her infusion: a typo in the year, and a claim the payer refuses (found from outside:
// 2099-07-14 went out as billable).
void check_birth_date(const Visit& visit, std::optional<std::chrono::year_month_day> date_of_service,
                      std::vector<Problem>& out);

// All problems: documentation and time (missing, ambiguous, reversed, zero).
[[nodiscard]] std::vector<Problem> validate(const Visit& visit, const CodingContext& context);

}  // namespace infusion::core
