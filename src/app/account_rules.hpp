#pragma once
// The rules Accounts applies, as pure functions so they are tested without a database: what a
// username, a display name and a password must be, and how long sign-in waits after failures.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace infusion::app {

inline constexpr std::size_t min_password_characters = 10;
inline constexpr std::size_t max_password_bytes = 1024;  // Argon2 takes any length; this bounds the work
inline constexpr int free_sign_in_attempts = 2;          // the third consecutive failure starts the waiting
inline constexpr std::chrono::seconds max_sign_in_delay{30};

// Each returns the sentence to show when the value is not acceptable, empty when it is.
[[nodiscard]] std::optional<std::string> username_problem(std::string_view username);
[[nodiscard]] std::optional<std::string> display_name_problem(std::string_view display_name);
[[nodiscard]] std::optional<std::string> password_problem(std::string_view username, std::string_view password);

// The wait after `failures` consecutive failed sign-ins: none for the first two, then 1 s, 2 s, 4 s ...
// doubling up to 30 s. A wait (stored as locked_until) rather than a permanent lock, so a guesser is
// slowed to a crawl while a nurse who mistypes is never locked out of the chart for long.
[[nodiscard]] std::chrono::seconds sign_in_delay(int failures);

// The clock's "YYYY-MM-DDTHH:MM:SSZ" and back (empty for text of another form).
[[nodiscard]] std::optional<std::chrono::sys_seconds> parse_utc(std::string_view text);
[[nodiscard]] std::string format_utc(std::chrono::sys_seconds instant);

// Why an account whose stored name, roles, state or password differ from its last audit row may not act.
[[nodiscard]] std::string changed_outside(const std::string& username);

// Why someone whose password `setter` (an administrator) chose may not act yet, and what to do.
[[nodiscard]] std::string password_to_replace_message(const std::string& username, const std::string& setter);

// "too many failed sign-ins: try again after 14:10:05 UTC (in 4 s)".
[[nodiscard]] std::string locked_message(std::chrono::sys_seconds until, std::chrono::sys_seconds now);

// What the audit log keeps of a username that matched no user: only its length. People type their
// password into the name field, and the audit log can never be edited.
[[nodiscard]] std::string masked_username(std::string_view username);

}  // namespace infusion::app
