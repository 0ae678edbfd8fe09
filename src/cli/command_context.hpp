#pragma once
// What every command needs: the global options, the configuration, the database and the streams.
#include "app/authority.hpp"
#include "settings/config.hpp"
#include "storage/database.hpp"

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace infusion::cli {

// Exit statuses shared by all commands, in the style of `code`.
inline constexpr int exit_ok = 0;
inline constexpr int exit_attention = 1;  // done, but something needs a person (held, not signed, check failed)
inline constexpr int exit_error = 2;      // bad input, unreadable file, refused

struct GlobalOptions {
    std::string config_dir;     // --config
    std::string db_path;        // --db
    std::string user;           // --user: who signs in
    std::string password_file;  // --password-file: their password, from a file only they can read
};

class CommandContext {
public:
    CommandContext(const GlobalOptions& options, const char* argv0, std::ostream& out_stream, std::ostream& err_stream)
        : m_options(options), m_argv0(argv0), out(out_stream), err(err_stream) {}

    // Loads the configuration once; prints why on failure.
    [[nodiscard]] const settings::Config* config();
    // Opens the database of --db, clinic.toml [storage] or the default location; prints why on failure.
    [[nodiscard]] storage::Database* database(bool read_only = false);
    [[nodiscard]] std::string user() const;
    // Signs in --user (password from --password-file or the terminal) when the database has users;
    // a database without users is open. Prints why on failure.
    [[nodiscard]] const app::Authority* authority();
    // authority() and a role check in one; prints the refusal (audited) and returns false.
    [[nodiscard]] bool require(std::initializer_list<app::Role> roles, const std::string& what);

private:
    const GlobalOptions& m_options;
    const char* m_argv0;
    std::optional<settings::Config> m_config;
    bool m_config_failed = false;
    std::unique_ptr<storage::Database> m_database;
    std::unique_ptr<app::Accounts> m_accounts;
    std::optional<app::Authority> m_authority;

public:
    std::ostream& out;
    std::ostream& err;
};

}  // namespace infusion::cli
