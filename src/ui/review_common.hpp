#pragma once
// What the supervisor's screens share: the role check with its refusal, the review flags as words,
// date fields and titles.
#include "core/review_flags.hpp"
#include "ui/app_state.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace infusion::ui {

// The signed-in supervisor, or nullptr after drawing the refusal (audited once per screen): review
// screens show nothing else to anyone without the role. `what` names the screen in the refusal.
[[nodiscard]] const app::Acting* supervisor_or_refusal(AppState& state, const char* what);

// The review flags (bit, short name for a table cell, meaning for the tooltip), most important first.
[[nodiscard]] std::span<const core::ReviewFlagInfo> review_flags();
// The flags as short coloured words on one line (safety flags red, documentation gaps orange).
void draw_flag_words(std::uint32_t flags);

[[nodiscard]] std::optional<std::chrono::year_month_day> parse_day(const std::string& text);
// A screen's "from" and "to" days, or the sentence that says which field is wrong and how ("Write the days as
// YYYY-MM-DD" over "2026-13-01" named neither, and a reversed range showed an empty table without a word; found
// from outside). An empty field is no bound, unless `required`.
struct DayRange {
    std::optional<std::chrono::year_month_day> from, to;
    std::string error;  // empty: the range is usable
};
[[nodiscard]] DayRange parse_day_range(const std::string& from, const std::string& to, bool required);
// A YYYY-MM-DD field of a fixed width; true when edited.
[[nodiscard]] bool day_field(AppState& state, const char* hint, std::string& text, const std::string& name);
// The screen's title in the large font.
void review_title(AppState& state, const char* title);
// A stored UTC instant "2026-03-02T14:10:00Z" as "2026-03-02 14:10:00 UTC" (other text unchanged).
[[nodiscard]] std::string utc_text(const std::string& at, bool with_zone = true);
// A stored UTC stamp in the clinic's zone, with the zone: "2026-03-02 11:02 EST" (signed, noted,
// countersigned, audited: every stamp a person reads).
[[nodiscard]] std::string clinic_stamp(const AppState& state, const std::string& at);
// A visit's date for a table cell.
[[nodiscard]] std::string day_text(const std::optional<std::chrono::year_month_day>& day);
// A revision as the supervisor's revision box names it: "original", "amendment 1", ... Every line of the review
// screen says it so (it said "revision 1" beside a box that has no such entry; found from outside).
[[nodiscard]] std::string revision_name(int number);
// The same inside a sentence: "the original", "amendment 2" (it read "the amendment 2", found from outside).
[[nodiscard]] std::string revision_phrase(int number);

}  // namespace infusion::ui
