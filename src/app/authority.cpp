#include "app/authority.hpp"

namespace infusion::app {

core::Status Authority::require(Role role, const std::string& what) const {
    if (open()) return core::Done{};
    return m_accounts->require(*m_session, role, what);
}

core::Status Authority::require_any(std::initializer_list<Role> roles, const std::string& what) const {
    if (open()) return core::Done{};
    for (Role role : roles) {
        if (m_session->has(role)) return m_accounts->require(*m_session, role, what);  // re-reads the stored user
    }
    return m_accounts->require(*m_session, *roles.begin(), what);  // refused, audited, explained
}

}  // namespace infusion::app
