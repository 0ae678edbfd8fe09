#pragma once
// The coding rules' numbers and interpretations (config/coding-rules.toml). Every choice that
// coding-rules.md marks as an interpretation or open question is a field here, not a constant in code.
#include "core/visit.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace infusion::core {

enum class OverlapRule { union_of_intervals, sum_of_intervals };  // section 9: union (default)
enum class SecondsRule { drop, round };                           // section 9: drop (default)
enum class HydrationRule { allow, review, block };                // section 9: review (default)
// Which date a line carries (coding-rules.md 7a [ed. 2]): the visit's date of service, or the local date
// on which the line's service was provided (facility claims, CMS Claims Processing Manual ch. 4 §230.2).
enum class LineDateRule { visit_date, service_day };

// Medically Unlikely Edit: per-code unit limit for a setting and a period (coding-rules.md 4).
struct MueLimit {
    std::string code;
    Setting setting = Setting::office;
    int units = 1;
    // [ed. 2] false: CMS publishes no value (or keeps it confidential), as for 96370 today. Such a
    // row caps nothing; the line's reason says the limit is unknown.
    bool published = true;
    int indicator = 2;  // MUE adjudication indicator 1, 2 or 3
    std::chrono::year_month_day effective_from{};
    std::optional<std::chrono::year_month_day> effective_to;  // inclusive; empty: open
};

struct CodingRules {
    std::string version = "1";  // recorded with lines derived at signing (docs/storage.md)

    // Time bands (section 2).
    int injection_max_minutes = 15;     // T <= 15: 96372
    int first_hour_minutes = 60;        // 96369 covers the first hour ...
    int additional_hour_minutes = 60;   // ... each 96370 one more hour ...
    int add_on_more_than_minutes = 30;  // ... counted when T runs more than 30 past the last full hour
    int long_infusion_warning_minutes = 360;

    OverlapRule overlap = OverlapRule::union_of_intervals;
    SecondsRule seconds = SecondsRule::drop;
    // [ed. 2] every documented pause is excluded from T (CMS Transmittal 902: actual infusion time).
    // A clinic may still set a threshold; pauses of this length or shorter then count as infusion.
    int pause_threshold_minutes = 0;
    HydrationRule hydration = HydrationRule::review;

    // Drug lines (section 7).
    bool jw_jz_modifiers = true;  // single-dose containers take JW/JZ (Medicare)
    // A dose whose volume (through the product's concentration) is larger than this is an error: more than an
    // SC infusion gives at one visit (a g/mg slip). Interpretation, a setting; 0 turns the check off.
    int max_dose_ml = 2000;

    // Implausible documentation is an error (coding-rules.md 5 [ed. 2]).
    int max_infusion_minutes = 24 * 60;  // an infusion (or T) longer than this
    int max_years_in_past = 2;           // a date of service older than this, measured from today
    // A documented time later than "now" by more than this blocks signing (coding-rules.md 7a [ed. 2]).
    int clock_skew_seconds = 120;

    // Line dates (coding-rules.md 7a [ed. 2]).
    LineDateRule office_line_dates = LineDateRule::visit_date;     // interpretation, a setting
    LineDateRule facility_line_dates = LineDateRule::service_day;  // CMS ch. 4 §230.2

    std::vector<MueLimit> mue;

    // The limit that applies to `code` in `setting` on `date`, if any.
    [[nodiscard]] const MueLimit* find_mue(std::string_view code, Setting setting,
                                           std::chrono::year_month_day date) const;
};

}  // namespace infusion::core
