#include "app/roles.hpp"

#include <algorithm>

namespace infusion::app {

const char* to_string(Role role) {
    switch (role) {
        case Role::nurse: return "nurse";
        case Role::biller: return "biller";
        case Role::supervisor: return "supervisor";
        case Role::admin: return "admin";
    }
    return "nurse";
}

std::optional<Role> role_from_string(std::string_view text) {
    for (Role r : {Role::nurse, Role::biller, Role::supervisor, Role::admin}) {
        if (text == to_string(r)) return r;
    }
    return std::nullopt;
}

std::vector<Role> normalised(std::vector<Role> roles) {
    std::sort(roles.begin(), roles.end());
    roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
    return roles;
}

std::string roles_to_string(const std::vector<Role>& roles) {
    std::string out;
    for (Role r : normalised(roles)) {
        if (!out.empty()) out += ',';
        out += to_string(r);
    }
    return out;
}

std::optional<std::vector<Role>> roles_from_string(std::string_view comma_list) {
    std::vector<Role> out;
    while (!comma_list.empty()) {
        const auto comma = comma_list.find(',');
        std::string_view name = comma_list.substr(0, comma);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        if (!name.empty()) {
            const auto role = role_from_string(name);
            if (!role) return std::nullopt;
            out.push_back(*role);
        }
        if (comma == std::string_view::npos) break;
        comma_list.remove_prefix(comma + 1);
    }
    return normalised(std::move(out));
}

bool Session::has(Role role) const { return std::find(roles.begin(), roles.end(), role) != roles.end(); }

std::optional<std::string> duties_combined(const std::vector<Role>& roles) {
    const auto holds = [&](Role r) { return std::find(roles.begin(), roles.end(), r) != roles.end(); };
    if (!holds(Role::biller)) return std::nullopt;
    std::string what;
    if (holds(Role::nurse)) what = "nurse and biller: the same person exports the charges of visits she signed";
    if (holds(Role::supervisor)) {
        what += std::string(what.empty() ? "" : "; ") +
                "supervisor and biller: the same person reviews visits and exports their charges";
    }
    if (what.empty()) return std::nullopt;
    return what +
           " (separation of duties: allowed, and on the audit log with the roles; a second person's "
           "account keeps the two apart)";
}

}  // namespace infusion::app
