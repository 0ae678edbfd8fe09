#include "core/review_flags.hpp"

namespace infusion::core {

std::vector<int> review_priorities_with_any(std::uint32_t mask) {
    // Every combination of a revision's flags (7 bits: 128), kept when it holds one of the mask's.
    std::array<bool, max_review_priority + 1> seen{};
    for (std::uint32_t flags = 0; flags <= review_flag::of_revision; ++flags) {
        if ((flags & ~review_flag::of_revision) != 0 || (flags & mask) == 0) continue;
        seen[static_cast<std::size_t>(review_priority(flags))] = true;
    }
    std::vector<int> out;
    for (int p = max_review_priority; p >= 0; --p) {
        if (seen[static_cast<std::size_t>(p)]) out.push_back(p);
    }
    return out;
}

std::uint32_t review_flags(const Visit& visit, const SignedFacts& facts, const ReviewSettings& settings) {
    std::uint32_t flags = 0;
    for (const auto& note : visit.notes) {
        if (note.kind == NoteKind::reaction || note.kind == NoteKind::site_condition) flags |= review_flag::reaction;
    }
    for (const auto& setup : visit.pump_setups) {
        for (const auto& site : setup.sites) {
            if (!site.usable()) {
                flags |= review_flag::blood_return;
                continue;  // removed at once: prep and securing no longer concern it
            }
            if (site.aspiration.value_or(Aspiration::not_checked) == Aspiration::not_checked) {
                flags |= review_flag::aspiration_unchecked;
            }
            if (site.prepped != true) flags |= review_flag::prep_missing;
            if (site.secured != true) flags |= review_flag::securing_missing;
        }
    }
    if (!facts.billable) flags |= review_flag::billing_held;
    return with_long_infusion_threshold(flags, facts.infusion_minutes, settings);
}

std::uint32_t with_long_infusion_threshold(std::uint32_t flags, std::optional<int> infusion_minutes,
                                           const ReviewSettings& settings) {
    flags &= ~review_flag::long_infusion;
    if (infusion_minutes.value_or(0) > settings.long_infusion_minutes) flags |= review_flag::long_infusion;
    return flags;
}

}  // namespace infusion::core
