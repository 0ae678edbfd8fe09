#include "app/acting.hpp"

#include "app/account_rules.hpp"
#include "core/wall_time.hpp"

namespace infusion::app {

std::chrono::sys_seconds ClinicClock::instant() const {
    // The clock is ours (utc_now or a test's); an unreadable stamp would be a bug, so fall back to the
    // system clock rather than to the epoch.
    return parse_utc(m_clock()).value_or(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

std::chrono::local_seconds ClinicClock::local_now() const {
    const auto now = instant();
    const auto local = core::wall_time_at(now, m_zone);
    return local ? local->local : std::chrono::local_seconds{now.time_since_epoch()};
}

std::chrono::year_month_day ClinicClock::today() const {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(local_now())};
}

Acting::Acting(Accounts& accounts, const ClinicClock& clock, std::optional<Session> session, std::string name)
    : m_accounts(&accounts), m_clock(&clock), m_session(std::move(session)), m_name(std::move(name)) {}

Acting::Acting(Accounts& accounts, const ClinicClock& clock, Session session)
    : Acting(accounts, clock, std::optional<Session>(session), session.username) {}

Acting Acting::without_users(Accounts& accounts, const ClinicClock& clock, std::string name) {
    return Acting(accounts, clock, std::nullopt, std::move(name));
}

core::Status Acting::require(Role role, const std::string& what) const {
    if (open()) return core::Done{};
    return m_accounts->require(*m_session, role, what);
}

core::Status Acting::require_any(std::span<const Role> roles, const std::string& what) const {
    if (open()) return core::Done{};
    return m_accounts->require(*m_session, roles, what);  // re-reads the stored user; a refusal names every role
}

core::Error Acting::refuse(const std::string& what, const std::string& why,
                           std::optional<storage::VisitId> visit) const {
    return m_accounts->refuse(m_name, what, why, visit);
}

}  // namespace infusion::app
