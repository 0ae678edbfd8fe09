#pragma once
// What a supervisor's review looks at in a signed revision (docs/review.md, "The queue and its flags"):
// the review flags, what each means, their priority weights, and the one function that computes them.
// Defined here once, beside the signing policy: signing and amending compute the flags with it and
// store them with the revision (storage keeps them, the queue orders by them); no SQL restates them.
#include "core/visit.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace infusion::core {

// Bits of a revision's review flags. The values are stored (revision_flags.flags, review_state.flags):
// never renumber one.
namespace review_flag {
inline constexpr std::uint32_t reaction = 1U << 0;              // a reaction or site-condition note
inline constexpr std::uint32_t blood_return = 1U << 1;          // a needle returned blood (re-sited)
inline constexpr std::uint32_t aspiration_unchecked = 1U << 2;  // a usable needle: not checked or not recorded
inline constexpr std::uint32_t prep_missing = 1U << 3;          // a usable needle: prep not documented
inline constexpr std::uint32_t securing_missing = 1U << 4;      // a usable needle: securing not documented
inline constexpr std::uint32_t long_infusion = 1U << 5;         // infusion time over the threshold
inline constexpr std::uint32_t billing_held = 1U << 6;          // signed with billing held
// Not a property of the revision: older than the follow-up days and no site-care note yet. It depends
// on the day the queue is read, so the queue computes it for the rows it shows; it is never stored.
inline constexpr std::uint32_t no_follow_up = 1U << 7;
// The checklist of steps 3-5 of the procedure (practice.md): what "documentation complete" means.
inline constexpr std::uint32_t checklist_gaps = aspiration_unchecked | prep_missing | securing_missing;
// Every flag computed from the signed revision (all but no_follow_up).
inline constexpr std::uint32_t of_revision = reaction | blood_return | checklist_gaps | long_infusion | billing_held;
}  // namespace review_flag

// One flag: its bit, a short name (a table cell, a CSV word), what it means, and its priority weight.
struct ReviewFlagInfo {
    std::uint32_t bit;
    const char* name;
    const char* meaning;
    int weight;  // 0: does not count towards the priority
};

// Every flag, most important first (the queue's order of importance; screens list them so).
// Weights: reaction 32, blood return 16, billing held 8, each checklist gap 2, long infusion 1, so a
// higher category always outranks any mix of lower ones (32 > 16 + 8 + 3 x 2 + 1); the checklist gaps
// add up. no_follow_up weighs nothing: it depends on the day the queue is read.
inline constexpr std::array<ReviewFlagInfo, 8> review_flag_table{{
    {review_flag::reaction, "reaction", "A reaction or site-condition note was documented", 32},
    {review_flag::blood_return, "blood return", "A needle returned blood and was removed", 16},
    {review_flag::billing_held, "billing held", "Signed with billing held: a coder must amend it", 8},
    {review_flag::aspiration_unchecked, "aspiration", "A needle's aspiration was not checked or not documented", 2},
    {review_flag::prep_missing, "prep", "Antiseptic prep not documented for a needle", 2},
    {review_flag::securing_missing, "securing", "Securing not documented for a needle", 2},
    {review_flag::long_infusion, "long infusion", "The infusion ran longer than the clinic's threshold", 1},
    {review_flag::no_follow_up, "no follow-up", "No site-care note yet, past the follow-up days", 0},
}};

// The queue's priority of a set of flags: the sum of their weights (0 to max_review_priority).
[[nodiscard]] constexpr int review_priority(std::uint32_t flags) {
    int sum = 0;
    for (const auto& flag : review_flag_table) sum += (flags & flag.bit) != 0 ? flag.weight : 0;
    return sum;
}
inline constexpr int max_review_priority = review_priority(review_flag::of_revision);

// Every priority a revision with any of `mask`'s flags can have, highest first (empty when the mask
// holds no flag of a revision). The queue seeks these priorities in its index instead of scanning.
[[nodiscard]] std::vector<int> review_priorities_with_any(std::uint32_t mask);

// The clinic's review settings (clinic.toml [review]).
struct ReviewSettings {
    // Visits whose infusion time is over this many minutes carry long_infusion.
    int long_infusion_minutes = 240;
};

// What signing fixed besides the documentation: whether billing is held, and the infusion time T.
struct SignedFacts {
    bool billable = true;
    std::optional<int> infusion_minutes;  // none when the times do not allow it
};

// The review flags of a signed revision: its content, what signing derived from it, and the settings.
// A "usable needle" is one that did not return blood: a removed needle needs no prep or securing check.
[[nodiscard]] std::uint32_t review_flags(const Visit& visit, const SignedFacts& facts, const ReviewSettings& settings);

// The flags a revision was signed with, and the settings they were computed under (stored together).
struct SignedReview {
    std::uint32_t flags = 0;
    ReviewSettings settings;
};

// The same flags under another long-infusion threshold (the clinic changed it): only long_infusion
// depends on it, and on the infusion time stored with the revision.
[[nodiscard]] std::uint32_t with_long_infusion_threshold(std::uint32_t flags, std::optional<int> infusion_minutes,
                                                         const ReviewSettings& settings);

}  // namespace infusion::core
