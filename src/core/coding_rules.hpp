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

// Medically Unlikely Edit: per-code unit limit for a setting and a period (coding-rules.md 4).
struct MueLimit {
    std::string code;
    Setting setting = Setting::office;
    int units = 1;
    int indicator = 2;  // MUE adjudication indicator 1, 2 or 3
    std::chrono::year_month_day effective_from{};
    std::optional<std::chrono::year_month_day> effective_to;  // inclusive; empty: open
};

struct CodingRules {
    std::string version = "1";  // recorded with lines derived at signing

    // Time bands (section 2).
    int injection_max_minutes = 15;     // T <= 15: 96372
    int first_hour_minutes = 60;        // 96369 covers the first hour ...
    int additional_hour_minutes = 60;   // ... each 96370 one more hour ...
    int add_on_more_than_minutes = 30;  // ... counted when T runs more than 30 past the last full hour
    int long_infusion_warning_minutes = 360;

    OverlapRule overlap = OverlapRule::union_of_intervals;
    SecondsRule seconds = SecondsRule::drop;
    int pause_threshold_minutes = 5;  // documented pauses longer than this are excluded from T
    HydrationRule hydration = HydrationRule::review;

    // Drug lines (section 7).
    bool jw_jz_modifiers = true;  // single-dose containers take JW/JZ (Medicare)

    std::vector<MueLimit> mue;

    // The limit that applies to `code` in `setting` on `date`, if any.
    [[nodiscard]] const MueLimit* find_mue(std::string_view code, Setting setting,
                                           std::chrono::year_month_day date) const;
};

}  // namespace infusion::core
