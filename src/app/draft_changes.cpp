#include "app/draft_changes.hpp"

#include "core/codes.hpp"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace infusion::app {
namespace {

// Field names joined by "/" ("dose/lot"): ", " separates the parts of an audit row's "changed: " list,
// which parts_named() reads back.
std::string slashed(const std::vector<const char*>& names) {
    std::string out;
    for (const char* name : names) out += (out.empty() ? "" : "/") + std::string(name);
    return out;
}

// The fields of an item that differ.
std::string fields_of(const core::Substance& a, const core::Substance& b) {
    std::vector<const char*> f;
    if (a.name != b.name) f.push_back("product");
    if (a.dose != b.dose || a.unit != b.unit) f.push_back("dose");
    if (a.ndc != b.ndc) f.push_back("NDC");
    if (a.lot != b.lot) f.push_back("lot");
    if (a.wasted != b.wasted) f.push_back("discarded");
    if (a.vials != b.vials) f.push_back("vials");
    return slashed(f);
}

std::string fields_of(const core::PumpSetup& a, const core::PumpSetup& b) {
    std::vector<const char*> f;
    if (a.pump != b.pump) f.push_back("pump");
    if (a.set_up_at != b.set_up_at) f.push_back("set-up time");
    if (a.start != b.start) f.push_back("start");
    if (a.stop != b.stop) f.push_back("stop");
    if (a.pauses != b.pauses) f.push_back("pauses");
    if (a.sites != b.sites) f.push_back("needles");
    return slashed(f);
}

// Each numbered item of a list that differs, with what differs in it ("substance 1 (dose/lot)"), or was
// added or removed ("substance 2 (added)"). "changed: substance 1" said neither which field nor how much
// (found from outside).
template <typename T>
void list_changes(const std::vector<T>& before, const std::vector<T>& after, const char* name,
                  std::vector<std::string>& out) {
    for (std::size_t i = 0; i < std::max(before.size(), after.size()); ++i) {
        const std::string item = std::string(name) + " " + std::to_string(i + 1);
        if (i >= before.size()) {
            out.push_back(item + " (added)");
        } else if (i >= after.size()) {
            out.push_back(item + " (removed)");
        } else if (!(before[i] == after[i])) {
            const std::string fields = fields_of(before[i], after[i]);
            out.push_back(fields.empty() ? item : item + " (" + fields + ")");
        }
    }
}

}  // namespace

namespace {
// The visit's earliest start and latest stop: the infusion span every exported line carries.
std::pair<std::optional<core::WallTime>, std::optional<core::WallTime>> span(const core::Visit& v) {
    std::optional<core::WallTime> first, last;
    for (const auto& setup : v.pump_setups) {
        if (setup.start && (!first || setup.start->local < first->local)) first = setup.start;
        if (setup.stop && (!last || setup.stop->local > last->local)) last = setup.stop;
    }
    return {first, last};
}

// The diagnoses as a claim carries them: blanks left out.
std::vector<std::string> claimed(const std::vector<std::string>& diagnoses) {
    std::vector<std::string> out;
    for (const auto& d : diagnoses) {
        if (!core::is_blank(d)) out.emplace_back(core::trim_blanks(d));
    }
    return out;
}
}  // namespace

std::string line_wide_changes(const core::Visit& before, const core::Visit& after) {
    std::vector<std::string> parts;
    if (before.patient.id != after.patient.id || before.patient.name != after.patient.name ||
        before.patient.birth_date != after.patient.birth_date) {
        parts.emplace_back("the patient");
    }
    if (before.clinician != after.clinician) parts.emplace_back("the clinician");
    if (before.setting != after.setting) parts.emplace_back("the setting");
    if (before.time_zone != after.time_zone) parts.emplace_back("the time zone");
    if (claimed(before.diagnoses) != claimed(after.diagnoses)) parts.emplace_back("the diagnoses");
    if (span(before) != span(after)) parts.emplace_back("the infusion's start or end");
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
}

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
