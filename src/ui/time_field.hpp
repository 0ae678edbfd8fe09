#pragma once
// Time fields of the visit screen (time_field.cpp): typed times read on leaving the field, refusals said beside
// it, the fall-back's repeated hour asked, and what the screens need to know of times being typed.
#include "ui/app_state.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace infusion::ui {

// A documented time: a text field that reads "9:40", "0940", "2026-03-02 09:40" or "now" on leaving it
// (core::read_time_entry, on the visit's day), a "Now" button, and the zone beside the time. Whatever
// cannot be taken (a typo, a time in the future, in the spring-forward gap) stays in the field, framed
// red, with the reason beside it, and is not saved; one in the repeated hour of a fall-back asks which
// one was meant (the choice sets the UTC offset). Returns true when the visit changed.
[[nodiscard]] bool time_field(AppState& state, const char* label, std::optional<core::WallTime>& value,
                              const std::string& field, const std::string& zone);

// Takes what is being typed in the visit's time fields, as leaving them would (the idle lock hides the
// fields, and the lock screen says everything typed was saved). Returns true when the visit changed.
[[nodiscard]] bool commit_time_entries_being_typed(AppState& state);

// The first time field whose typed text was refused and still stands in it ("pump_setups[0].stop"),
// or nullptr: signing is held while the screen shows a time the record does not hold.
[[nodiscard]] const std::string* refused_time_entry(const AppState& state);

// The local day "09:40" means on this visit: its first start, else its first set-up, else today.
[[nodiscard]] std::chrono::year_month_day visit_day(const AppState& state, const std::string& zone);

// "2026-03-02 09:40 EST": a documented time with its zone, for read-only screens.
[[nodiscard]] std::string time_with_zone(const core::WallTime& t, const std::string& zone);

// The popup that asks which of two repeated-hour readings was meant. Call once per frame.
[[nodiscard]] bool dst_choice_popup(AppState& state);

}  // namespace infusion::ui
