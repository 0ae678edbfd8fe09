#pragma once
// The live billing panel: the lines the documentation supports, with their reasons, and the problems.
// Updated as the nurse types; a click on a problem brings its field into view.
#include "ui/app_state.hpp"

namespace infusion::ui {

void draw_billing_panel(AppState& state);

// One line for the footer: "Billing ready: SC infusion 95 min - 96369, 96370, J1559-JZ x80" or why it
// is held, so the billing state is in view whatever is scrolled.
void draw_billing_state(AppState& state);

// The footer's line for a billable coding (its lines with their modifiers, as the worklist writes them).
[[nodiscard]] std::string ready_summary(const core::Coding& coding);
// "2 checks under Billing" when the coding has warnings, drawn beside the ready line; empty when none.
[[nodiscard]] std::string checks_summary(const core::Coding& coding);
// The open correction requests that hold the visit's lines although its documentation bills (on it, or on
// the patient's other visit of the date), in words. While amending, those on this visit are left out: the
// amendment answers them; a request on the other visit still holds what the amendment bills.
[[nodiscard]] std::vector<std::string> request_holds(const AppState& state);

}  // namespace infusion::ui
