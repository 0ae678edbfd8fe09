#include "storage/user_rows.hpp"

#include "storage/sha256.hpp"

#include <algorithm>

namespace infusion::storage::detail {

std::string join_roles(const std::vector<std::string>& roles) {
    std::string out;
    for (const auto& r : roles) {
        if (!out.empty()) out += ',';
        out += r;
    }
    return out;
}

std::vector<std::string> split_roles(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text) {
        if (c == ',') {
            if (!current.empty()) out.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

bool roles_storable(const std::vector<std::string>& roles) {
    return std::none_of(roles.begin(), roles.end(),
                        [](const std::string& r) { return r.empty() || r.find(',') != std::string::npos; });
}

std::string quoted(const std::string& username) { return "'" + username + "'"; }

std::string roles_text(const std::vector<std::string>& roles) {
    return roles.empty() ? std::string("(none)") : join_roles(roles);
}

std::string throttle_key(const std::string& name) {
    Sha256 h;
    h.update(name);
    return h.hex();
}

std::string user_add_detail(const NewUser& user) {
    return "user " + quoted(user.username) + " (" + user.display_name + "), roles " + roles_text(user.roles) +
           (user.only_if_no_users ? ", first administrator" : "");
}

std::string user_roles_detail(const std::string& username, const std::vector<std::string>& before,
                              const std::vector<std::string>& after) {
    return "user " + quoted(username) + ": roles " + roles_text(before) + " -> " + roles_text(after);
}

std::string failed_sign_in_detail(const std::string& username, const std::string& reason, int failures,
                                  const std::string& until) {
    return "user " + quoted(username) + ": " + reason + " (" + std::to_string(failures) + " consecutive failures)" +
           (until.empty() ? "" : ", locked until " + until);
}

std::string unknown_name_failure_detail(const std::string& described, int failures, const std::string& until) {
    return described + ": no such user (" + std::to_string(failures) + " consecutive failures)" +
           (until.empty() ? "" : ", waiting until " + until);
}

std::string refused_burst_detail(const std::string& label, int more, const std::string& until) {
    return label + ": " + std::to_string(more) + " more attempts refused while waiting until " + until;
}

std::string account_unaudited_finding(const std::string& username) {
    return "user " + quoted(username) + " has no audit row: the account was added behind the program's back";
}

std::string account_gone_finding(const std::string& username) {
    return "user " + quoted(username) +
           " is recorded by the audit log but no longer in the users table (deleted behind the program's back)";
}

std::string account_changed_finding(const std::string& username, std::int64_t audit_id) {
    return "user " + quoted(username) + ": name, roles, state or password differ from what audit row " +
           std::to_string(audit_id) +
           " recorded (changed behind the program's back; the account cannot act until an administrator sets its "
           "roles or password again)";
}

std::string fact_unrecorded_finding(const std::string& name, const std::string& value) {
    return "the database fact " + name + " = " + value +
           " was not recorded by InfusionDoc (added behind the program's back)";
}

}  // namespace infusion::storage::detail
