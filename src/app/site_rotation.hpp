#pragma once
// Site rotation at the chair (practice.md "Site reactions and rotation"): when each site was last used
// for this patient, a warning when the nurse chooses a site used within the clinic's rest period or one
// where a reaction was recorded, and the least recently used sites as a suggestion. The clinic chooses
// its policy ([sites] rest_days in clinic.toml); the program only makes the history visible.
#include "app/visit_service.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace infusion::app {

struct SiteLastUse {
    std::optional<std::chrono::year_month_day> last;  // empty: not used at the recent visits
    int days_ago = 0;                                 // from `today` to `last`
    int uses = 0;
    bool reaction = false;  // a reaction or site-condition note was recorded at a visit that used it
};

// What the recent visits say about `location` (needles that returned blood do not count as uses).
[[nodiscard]] SiteLastUse last_use(const std::vector<SiteUse>& recent, const std::string& location,
                                   std::chrono::year_month_day today);

// "3 days ago", "today", "yesterday".
[[nodiscard]] std::string days_ago_text(int days);

// The warning for choosing `location` (named `name`), or "" when there is none: used within
// `rest_days` days (0: no rest period), or a reaction recorded there.
[[nodiscard]] std::string rotation_warning(const std::vector<SiteUse>& recent, const std::string& location,
                                           const std::string& name, std::chrono::year_month_day today, int rest_days);

// Up to `count` of `sites` (ids, in catalog order), never used first, then the longest ago; sites in
// `exclude` (this visit's) and sites with a recorded reaction are left out.
[[nodiscard]] std::vector<std::string> least_recently_used(const std::vector<SiteUse>& recent,
                                                           const std::vector<std::string>& sites,
                                                           const std::vector<std::string>& exclude,
                                                           std::chrono::year_month_day today, std::size_t count);

}  // namespace infusion::app
