#pragma once
// derive(): the billing lines a visit's documentation supports, each with its reason, and every
// problem. Pure and deterministic: the same visit and rules always give the same lines.
#include "core/billing_line.hpp"
#include "core/coding_context.hpp"
#include "core/problem.hpp"
#include "core/visit.hpp"

#include <chrono>
#include <optional>
#include <vector>

namespace infusion::core {

struct Coding {
    bool billable = false;                // no error problem
    std::optional<int> infusion_minutes;  // T, when the times allow it
    std::optional<std::chrono::year_month_day> date_of_service;
    std::optional<Instant> first_start;
    std::optional<Instant> last_stop;
    Setting setting = Setting::office;
    std::string place_of_service;
    std::vector<BillingLine> lines;       // empty when the visit is blocked
    std::vector<BillingLine> held_lines;  // what the documentation would support once unblocked
    std::vector<Problem> problems;        // errors first, then warnings, each in visit order
};

[[nodiscard]] Coding derive(const Visit& visit, const CodingContext& context);

}  // namespace infusion::core
