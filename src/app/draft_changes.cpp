#include "app/draft_changes.hpp"

#include <algorithm>
#include <string_view>
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

std::vector<std::string> parts_named(const std::string& audit_detail) {
    std::vector<std::string> parts;
    constexpr std::string_view changed = "; changed: ";
    if (const auto at = audit_detail.find(changed); at != std::string::npos) {
        const auto from = at + changed.size();
        const auto end = audit_detail.find("; ", from);
        const std::string list = audit_detail.substr(from, end == std::string::npos ? std::string::npos : end - from);
        for (std::size_t start = 0; start <= list.size();) {
            const auto comma = list.find(", ", start);
            const std::string part = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (!part.empty()) parts.push_back(part);
            if (comma == std::string::npos) break;
            start = comma + 2;
        }
    }
    if (audit_detail.find("; clinician ") != std::string::npos) parts.emplace_back("clinician");
    return parts;
}

void add_parts(std::vector<std::string>& into, const std::vector<std::string>& parts) {
    for (const auto& part : parts) {
        if (std::find(into.begin(), into.end(), part) == into.end()) into.push_back(part);
    }
}

}  // namespace infusion::app
