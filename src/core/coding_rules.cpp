#include "core/coding_rules.hpp"

namespace infusion::core {

const MueLimit* CodingRules::find_mue(std::string_view code, Setting setting, std::chrono::year_month_day date) const {
    // The row in force that took effect last: a clinic's row copied from this quarter's CMS file wins
    // over an older open-ended one (such as the shipped "unpublished" 96370 rows).
    const MueLimit* found = nullptr;
    for (const auto& limit : mue) {
        if (limit.code != code || limit.setting != setting) continue;
        if (date < limit.effective_from) continue;
        if (limit.effective_to && date > *limit.effective_to) continue;
        if (found == nullptr || limit.effective_from > found->effective_from) found = &limit;
    }
    return found;
}

}  // namespace infusion::core
