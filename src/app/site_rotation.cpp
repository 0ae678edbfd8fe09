#include "app/site_rotation.hpp"

#include <algorithm>

namespace infusion::app {

SiteLastUse last_use(const std::vector<SiteUse>& recent, const std::string& location,
                     std::chrono::year_month_day today) {
    SiteLastUse out;
    for (const auto& use : recent) {
        if (use.location != location || !use.usable) continue;
        ++out.uses;
        out.reaction = out.reaction || use.reaction;
        if (!out.last || use.date > *out.last) out.last = use.date;
    }
    if (out.last) {
        out.days_ago = static_cast<int>((std::chrono::sys_days{today} - std::chrono::sys_days{*out.last}).count());
    }
    return out;
}

std::string days_ago_text(int days) {
    if (days <= 0) return "today";
    if (days == 1) return "yesterday";
    return std::to_string(days) + " days ago";
}

std::string rotation_warning(const std::vector<SiteUse>& recent, const std::string& location, const std::string& name,
                             std::chrono::year_month_day today, int rest_days) {
    const SiteLastUse use = last_use(recent, location, today);
    if (!use.last) return {};
    std::string why;
    if (rest_days > 0 && use.days_ago < rest_days) {
        why = name + " was used " + days_ago_text(use.days_ago) + " (the clinic rests a site " +
              std::to_string(rest_days) + " days)";
    }
    if (use.reaction) {
        why += (why.empty() ? name + ": " : "; ") + std::string("a reaction was recorded at a visit that used it");
    }
    return why;
}

std::vector<std::string> least_recently_used(const std::vector<SiteUse>& recent, const std::vector<std::string>& sites,
                                             const std::vector<std::string>& exclude, std::chrono::year_month_day today,
                                             std::size_t count) {
    struct Candidate {
        std::string id;
        int rank;  // larger: rested longer; never used ranks above everything
    };
    std::vector<Candidate> candidates;
    for (const auto& id : sites) {
        if (std::find(exclude.begin(), exclude.end(), id) != exclude.end()) continue;
        const SiteLastUse use = last_use(recent, id, today);
        if (use.reaction) continue;
        candidates.push_back({id, use.last ? use.days_ago : 1 << 20});
    }
    // Stable: equal ranks keep the catalog's order, so the suggestion does not jump between frames.
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.rank > b.rank; });
    std::vector<std::string> out;
    for (const auto& c : candidates) {
        if (out.size() == count) break;
        out.push_back(c.id);
    }
    return out;
}

}  // namespace infusion::app
