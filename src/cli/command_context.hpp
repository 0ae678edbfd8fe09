#pragma once
// What every command needs: the global options, the clinic (configuration and database, opened once
// through app/), the person acting, and the streams. Commands check no role themselves: each use case
// in app/ does, and a refusal comes back as an error to print.
#include "app/clinic.hpp"

#include <filesystem>
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
    std::string db_url;         // --db-url
    std::string user;           // --user: who signs in
    std::string password_file;  // --password-file: their password, from a file only they can read
};

class CommandContext {
public:
    CommandContext(const GlobalOptions& options, const char* argv0, std::ostream& out_stream, std::ostream& err_stream)
        : m_options(options), m_argv0(argv0), out(out_stream), err(err_stream) {}

    // Loads the configuration once (for commands without a database); prints why on failure.
    [[nodiscard]] const settings::Config* config();
    // Opens the configuration and the database of --db, clinic.toml [storage] or the default
    // location; prints why on failure.
    // Whether this command may create the database file when it does not exist (Command).
    void may_create_database(bool may) { m_may_create = may; }
    [[nodiscard]] app::Clinic* clinic(bool read_only = false);
    // Signs in --user (password from --password-file or the terminal) when the database has users; on
    // a database without users the login name acts. Prints why on failure.
    [[nodiscard]] const app::Acting* acting();
    // The login name, or --user.
    [[nodiscard]] std::string user() const;
    // Prints an error of a use case (a refusal is already audited) and returns exit_error.
    int fail(const core::Error& error);
    // The SQLite file this command would make because it does not exist yet (nullopt: it exists, or the
    // database is PostgreSQL or in memory). Before the database is opened; nullopt too when the
    // configuration does not load (clinic() then says why).
    [[nodiscard]] std::optional<std::filesystem::path> database_to_be_made();
    // Why clinic() or config() failed, as printed ("" when neither did): the window shows it too.
    [[nodiscard]] const std::string& open_error() const { return m_open_error; }

private:
    [[nodiscard]] app::ClinicPlace place(bool read_only) const;

    const GlobalOptions& m_options;
    const char* m_argv0;
    std::optional<settings::Config> m_config;
    bool m_config_failed = false;
    std::string m_open_error;
    bool m_may_create = false;
    std::unique_ptr<app::Clinic> m_clinic;
    std::optional<app::Acting> m_acting;

public:
    std::ostream& out;
    std::ostream& err;
};

}  // namespace infusion::cli
