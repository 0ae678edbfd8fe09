#include "core/coding_rules.hpp"

namespace infusion::core {

const MueLimit* CodingRules::find_mue(std::string_view code, Setting setting, std::chrono::year_month_day date) const {
    for (const auto& limit : mue) {
        if (limit.code != code || limit.setting != setting) continue;
        if (date < limit.effective_from) continue;
        if (limit.effective_to && date > *limit.effective_to) continue;
        return &limit;
    }
    return nullptr;
}

}  // namespace infusion::core
