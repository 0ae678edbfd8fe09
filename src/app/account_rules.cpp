#include "app/account_rules.hpp"

#include "core/terminal_text.hpp"
#include "core/wall_time.hpp"

#include <algorithm>
#include <cctype>

namespace infusion::app {
namespace {

// UTF-8 characters, not bytes: "at least 10 characters" must hold for a password typed in any script.
std::size_t characters(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::optional<std::string> username_problem(std::string_view username) {
    const bool shaped =
        !username.empty() && username.size() <= 64 &&
        std::all_of(username.begin(), username.end(),
                    [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                    }) &&
        username.front() != '.' && username.front() != '-';
    // The names the program's own audit rows carry: a person under one would pass for the program in the log
    // (found from outside: `users add infusiondoc` was taken).
    for (const std::string_view program : {"infusiondoc", "demo-data", "cli"}) {
        if (username == program) {
            return "'" + std::string(username) +
                   "' is a name the program's own audit rows carry (a schema upgrade, demo data): choose another";
        }
    }
    if (shaped) return std::nullopt;
    return "'" + core::terminal_safe(std::string(username)) +
           "' is not a username: a username is 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a "
           "letter or digit (like rn.okafor)";
}

std::optional<std::string> display_name_problem(std::string_view display_name) {
    if (display_name.size() > 100) return "a display name is at most 100 characters";
    if (std::any_of(display_name.begin(), display_name.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
        return "a display name cannot contain control characters (line breaks, tabs)";
    }
    return std::nullopt;
}

std::optional<std::string> password_problem(std::string_view username, std::string_view password) {
    if (characters(password) < min_password_characters) {
        return "the password is too short: it needs at least " + std::to_string(min_password_characters) +
               " characters";
    }
    if (password.size() > max_password_bytes) {
        return "the password is too long: at most " + std::to_string(max_password_bytes) + " bytes";
    }
    if (same_ignoring_case(username, password)) return std::string("the password cannot be the username");
    // A Tab or another control character cannot be typed at the window's sign-in (found from outside: one
    // set from a file locked its owner out of the window).
    if (std::any_of(password.begin(), password.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
        return std::string(
            "the password cannot contain control characters (tabs, line breaks): they cannot be "
            "typed at sign-in");
    }
    return std::nullopt;
}

std::chrono::seconds sign_in_delay(int failures) {
    if (failures <= free_sign_in_attempts) return std::chrono::seconds{0};
    const int doublings = std::min(failures - free_sign_in_attempts - 1, 5);  // 2^5 = 32 s already exceeds the cap
    return std::min(std::chrono::seconds{1LL << doublings}, max_sign_in_delay);
}

std::optional<std::chrono::sys_seconds> parse_utc(std::string_view text) {
    if (text.empty() || text.back() != 'Z') return std::nullopt;
    const auto wall = core::parse_iso(text);
    if (!wall || !wall->utc_offset) return std::nullopt;
    return std::chrono::sys_seconds{wall->local.time_since_epoch() - *wall->utc_offset};
}

std::string format_utc(std::chrono::sys_seconds instant) { return core::format_utc(instant); }

std::string locked_message(std::chrono::sys_seconds until, std::chrono::sys_seconds now) {
    const std::string stamp = core::format_utc(until);  // "YYYY-MM-DDTHH:MM:SSZ"
    const auto wait = std::max<std::int64_t>(1, (until - now).count());
    // The program never waits longer than max_sign_in_delay. A later time was written outside it (the sqlite3
    // shell, psql): it said "after 10:00:00 UTC (in 315360000 s)", with no date (found from outside).
    if (until - now > max_sign_in_delay) {
        return "this account is locked until " + stamp.substr(0, 10) + " " + stamp.substr(11, 8) +
               " UTC, longer than InfusionDoc ever locks one (it was set outside the program): an administrator's "
               "password reset lifts it";
    }
    return "too many failed sign-ins: try again after " + stamp.substr(11, 8) + " UTC (in " + std::to_string(wait) +
           " s)";
}

std::string masked_username(std::string_view username) {
    return "an unknown username of " + std::to_string(characters(username)) +
           " characters (not recorded: it may be a password typed into the name field)";
}

std::string changed_outside(const std::string& username) {
    return "the account '" + username +
           "' differs from what the audit log recorded at its last change (it was changed outside InfusionDoc); an "
           "administrator runs 'infusiondoc db check' and sets its roles again (which clears its password), then its "
           "password";
}

std::string password_to_replace_message(const std::string& username, const std::string& setter) {
    return "the password of '" + username + "' was set by the administrator '" + setter +
           "': choose your own first (in the window: Account > Switch user, then sign in with it, and the window "
           "asks for your own; on the command line: 'infusiondoc --user " +
           username + " users passwd')";
}

}  // namespace infusion::app
