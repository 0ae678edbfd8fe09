#pragma once
// What the person acting may do: checked here in app/, for the window and the command line alike.
// A database without users is "open" (nobody to sign in as yet: the window offers to create the first
// administrator); once a user exists every action needs a signed-in person with the right role.
#include "app/accounts.hpp"

#include <initializer_list>
#include <optional>
#include <string>

namespace infusion::app {

class Authority {
public:
    Authority() = default;  // open
    Authority(Accounts& accounts, Session session) : m_accounts(&accounts), m_session(std::move(session)) {}

    [[nodiscard]] bool open() const { return m_accounts == nullptr; }
    [[nodiscard]] const Session* session() const { return m_session ? &*m_session : nullptr; }
    // Done when the person holds `role` now; otherwise the refusal is audited and explained.
    [[nodiscard]] core::Status require(Role role, const std::string& what) const;
    // Done when the person holds any of `roles`.
    [[nodiscard]] core::Status require_any(std::initializer_list<Role> roles, const std::string& what) const;

private:
    Accounts* m_accounts = nullptr;
    std::optional<Session> m_session;
};

}  // namespace infusion::app
