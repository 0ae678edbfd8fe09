#pragma once
// Internal to storage/: what the user stores of every backend share besides SQL: how roles are kept in
// one column, the words of their audit rows and messages (so both backends write the same log), and how
// a name that is no user is kept (its SHA-256 only).
#include "storage/records.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace infusion::storage::detail {

// The roles column is a comma list, in the order given.
[[nodiscard]] std::string join_roles(const std::vector<std::string>& roles);
[[nodiscard]] std::vector<std::string> split_roles(const std::string& text);
// A name with a comma in it (or an empty one) would read back as other roles.
[[nodiscard]] bool roles_storable(const std::vector<std::string>& roles);
inline constexpr const char* roles_not_storable = "a role name cannot be empty or contain a comma";

[[nodiscard]] std::string quoted(const std::string& username);
[[nodiscard]] std::string roles_text(const std::vector<std::string>& roles);  // "(none)" for none
// The key of a name that is no user in the throttle table: never the name in clear (it may be a
// password typed into the name field).
[[nodiscard]] std::string throttle_key(const std::string& name);

// Audit details and messages, word for word the same on every backend.
[[nodiscard]] std::string user_add_detail(const NewUser& user);
[[nodiscard]] std::string user_roles_detail(const std::string& username, const std::vector<std::string>& before,
                                            const std::vector<std::string>& after);
[[nodiscard]] std::string failed_sign_in_detail(const std::string& username, const std::string& reason, int failures,
                                                const std::string& until);
[[nodiscard]] std::string unknown_name_failure_detail(const std::string& described, int failures,
                                                      const std::string& until);
[[nodiscard]] std::string refused_burst_detail(const std::string& label, int more, const std::string& until);
// db check's findings about accounts and facts, the same words on every backend.
[[nodiscard]] std::string account_unaudited_finding(const std::string& username);
[[nodiscard]] std::string account_gone_finding(const std::string& username);
[[nodiscard]] std::string account_changed_finding(const std::string& username, std::int64_t audit_id);
[[nodiscard]] std::string fact_unrecorded_finding(const std::string& name, const std::string& value);
inline constexpr const char* first_admin_refused =
    "there are users already: the first administrator can only be created in a database without users";

}  // namespace infusion::storage::detail
