#pragma once
// Why a signed visit's lines are held, in the words every screen and `visits show` use: the
// documentation's errors, then each open correction request, its time in the clinic's zone.

#include "storage/billing_store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace infusion::app {

// "correction requested by sup.nakamura at 2026-03-02 14:10 EST: lot number? (the patient's lines of that
// date wait for the amendment that answers it)"; another visit's request names that visit.
[[nodiscard]] std::string request_hold_text(const storage::WorklistRow& row, const storage::RequestHold& hold,
                                            std::string_view zone);

// Every reason `row` is held, the documentation's first; empty when it is not held.
[[nodiscard]] std::vector<std::string> hold_reasons(const storage::WorklistRow& row, std::string_view zone);

}  // namespace infusion::app
