#pragma once
// The acting context: who acts, their roles as of now, the clinic's time zone and the one clock.
//
// Every use case in app/ takes one, checks its own permission through require() and writes its own
// audit row (a refusal too, once). The window and the command line each make one at sign-in and pass
// it on; neither checks a role itself, so they cannot disagree. The rules are listed in docs/users.md.
#include "app/accounts.hpp"
#include "app/clock.hpp"

#include <chrono>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>

namespace infusion::app {

// "Now" and "today" for the whole program: the instant in UTC, and the calendar day in the clinic's
// zone (clinic.toml time_zone). The worklist, Today, review and demo data all read today from here.
class ClinicClock {
public:
    ClinicClock(Clock clock, std::string time_zone) : m_clock(std::move(clock)), m_zone(std::move(time_zone)) {}

    [[nodiscard]] std::string now() const { return m_clock(); }  // "2026-03-02T14:10:00Z"
    [[nodiscard]] std::chrono::sys_seconds instant() const;
    [[nodiscard]] std::chrono::year_month_day today() const;
    // The clinic's wall clock now, in its zone (the UTC reading if the zone cannot be read).
    [[nodiscard]] std::chrono::local_seconds local_now() const;
    [[nodiscard]] const std::string& time_zone() const { return m_zone; }
    [[nodiscard]] const Clock& clock() const { return m_clock; }

private:
    Clock m_clock;
    std::string m_zone;
};

class Acting {
public:
    // A database without users: nobody can sign in yet, so `name` (the login name) acts unchecked
    // until the first administrator exists (the window offers to create one).
    [[nodiscard]] static Acting without_users(Accounts& accounts, const ClinicClock& clock, std::string name);
    // A signed-in person (a Session is made only by Accounts::sign_in).
    Acting(Accounts& accounts, const ClinicClock& clock, Session session);

    [[nodiscard]] bool open() const { return !m_session; }
    [[nodiscard]] const Session* session() const { return m_session ? &*m_session : nullptr; }
    [[nodiscard]] const std::string& username() const { return m_name; }
    // The roles held at sign-in, for what a screen offers. What is allowed is decided by require().
    [[nodiscard]] bool holds(Role role) const { return !m_session || m_session->has(role); }

    [[nodiscard]] const ClinicClock& clock() const { return *m_clock; }
    [[nodiscard]] std::string now() const { return m_clock->now(); }
    [[nodiscard]] std::chrono::year_month_day today() const { return m_clock->today(); }
    [[nodiscard]] std::chrono::local_seconds local_now() const { return m_clock->local_now(); }
    // Who and when, for an audit row or a record written now.
    [[nodiscard]] storage::Actor actor() const { return storage::Actor{m_name, m_clock->now()}; }

    // Done when the person holds `role` as their account is now (re-read: a role removed or an
    // account disabled since sign-in counts). Otherwise the refusal is audited once and explained.
    // `what` names the action: "export billing", "sign visit 12".
    [[nodiscard]] core::Status require(Role role, const std::string& what) const;
    // Done when the person holds any of `roles` now.
    [[nodiscard]] core::Status require_any(std::initializer_list<Role> roles, const std::string& what) const {
        return require_any(std::span<const Role>(roles.begin(), roles.size()), what);
    }
    [[nodiscard]] core::Status require_any(std::span<const Role> roles, const std::string& what) const;
    // A refusal for a reason other than a missing role ("visit 12 was performed by rn.okafor"):
    // audited once as `refused`, returned as an error of kind refused.
    [[nodiscard]] core::Error refuse(const std::string& what, const std::string& why,
                                     std::optional<storage::VisitId> visit = std::nullopt) const;

private:
    Acting(Accounts& accounts, const ClinicClock& clock, std::optional<Session> session, std::string name);

    Accounts* m_accounts;
    const ClinicClock* m_clock;
    std::optional<Session> m_session;
    std::string m_name;
};

}  // namespace infusion::app
