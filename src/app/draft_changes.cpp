#include "app/draft_changes.hpp"

#include <algorithm>
#include <vector>

namespace infusion::app {
namespace {

// Each numbered item of a list that differs, or was added or removed ("substance 2").
template <typename T>
void list_changes(const std::vector<T>& before, const std::vector<T>& after, const char* name,
                  std::vector<std::string>& out) {
    for (std::size_t i = 0; i < std::max(before.size(), after.size()); ++i) {
        const bool same = i < before.size() && i < after.size() && before[i] == after[i];
        if (!same) out.push_back(std::string(name) + " " + std::to_string(i + 1));
    }
}

}  // namespace

std::string changed_parts(const core::Visit& before, const core::Visit& after) {
    std::vector<std::string> parts;
    if (before.patient != after.patient) parts.emplace_back("patient");
    if (before.setting != after.setting || before.time_zone != after.time_zone) parts.emplace_back("setting");
    if (before.diagnoses != after.diagnoses) parts.emplace_back("diagnoses");
    list_changes(before.substances, after.substances, "substance", parts);
    list_changes(before.pump_setups, after.pump_setups, "pump set-up", parts);
    if (before.notes != after.notes) parts.emplace_back("notes");
    std::string text;
    for (const auto& p : parts) text += (text.empty() ? "" : ", ") + p;
    return text;
}

}  // namespace infusion::app
