#pragma once
// Who may do what: the four roles and the signed-in person. One person may hold several roles.
//   nurse       documents, signs and amends their own visits
//   biller      reads signed visits and exports billing
//   supervisor  reviews, countersigns, reads the audit log
//   admin       manages users and clinic settings
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infusion::app {

enum class Role { nurse, biller, supervisor, admin };

[[nodiscard]] const char* to_string(Role role);
[[nodiscard]] std::optional<Role> role_from_string(std::string_view text);
// "nurse,supervisor" (in the order of the enum, without repeats) and back; from_string is empty when
// any name is unknown, so a typo never silently drops a role.
[[nodiscard]] std::string roles_to_string(const std::vector<Role>& roles);
[[nodiscard]] std::optional<std::vector<Role>> roles_from_string(std::string_view comma_list);
// Sorted in enum order, repeats removed.
[[nodiscard]] std::vector<Role> normalised(std::vector<Role> roles);

// Separation of duties: a combination of roles that lets one person do what two should check, said
// when an administrator gives it (nurse + biller: she bills the visits she documented and signed;
// supervisor + biller: the one who reviews a visit also exports its charges). Allowed (a small clinic
// may have no one else), never silent. Empty when the roles keep the duties apart.
[[nodiscard]] std::optional<std::string> duties_combined(const std::vector<Role>& roles);

// The person signed in at this workstation (or for this command). Made only by Accounts.
struct Session {
    std::string username;
    std::string display_name;
    std::vector<Role> roles;
    // Not empty: the administrator who set this person's password, which she must replace with her own
    // before anything else (Accounts::require refuses every action until then; the window asks for it
    // right after the sign-in).
    std::string password_set_by;

    [[nodiscard]] bool has(Role role) const;
};

}  // namespace infusion::app
