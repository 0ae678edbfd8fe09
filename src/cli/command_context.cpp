#include "cli/command_context.hpp"

#include "app/config_locator.hpp"
#include "cli/password_input.hpp"
#include "core/terminal_text.hpp"

#include <cstdlib>
#include <ostream>

namespace infusion::cli {

const settings::Config* CommandContext::config() {
    if (m_config) return &*m_config;
    if (m_config_failed) return nullptr;
    m_config_failed = true;
    app::ConfigSearch search;
    if (!m_options.config_dir.empty()) search.explicit_dir = m_options.config_dir;
    if (const char* env = std::getenv(app::config_env_var)) search.env_dir = env;
    std::error_code ec;
    search.working_dir = std::filesystem::current_path(ec);
    search.executable = app::current_executable(m_argv0);
    const app::ConfigChoice choice = app::locate_config(search);
    if (!choice.found) {
        err << "infusiondoc: no configuration found (a folder with coding-rules.toml); looked in:";
        for (const auto& dir : choice.tried) err << "\n  " << dir.string();
        err << "\nUse --config DIR or set " << app::config_env_var << ".\n";
        return nullptr;
    }
    auto loaded = settings::load_config(choice.dir);
    if (!loaded) {
        err << loaded.error().describe() << "\n";
        return nullptr;
    }
    m_config = std::move(loaded.value());
    m_config_failed = false;
    return &*m_config;
}

storage::Database* CommandContext::database(bool read_only) {
    if (m_database) return m_database.get();
    std::filesystem::path file = m_options.db_path;
    if (file.empty()) {
        const settings::Config* c = config();
        if (c == nullptr) return nullptr;
        file = c->database.empty() ? storage::default_database_path() : c->database;
    }
    storage::OpenOptions options;
    options.read_only = read_only;
    auto opened = storage::Database::open(file, options);
    if (!opened) {
        err << opened.error().describe() << "\n";
        return nullptr;
    }
    m_database = std::move(opened.value());
    return m_database.get();
}

std::string CommandContext::user() const {
    if (m_authority && m_authority->session() != nullptr) return m_authority->session()->username;
    // Without accounts the name is taken as given: it goes into audit rows and onto terminals, escaped.
    if (!m_options.user.empty()) return core::terminal_safe(m_options.user);
    const char* login = std::getenv("USER");
    return login != nullptr && *login != '\0' ? core::terminal_safe(login) : std::string("cli");
}

}  // namespace infusion::cli

namespace infusion::cli {

const app::Authority* CommandContext::authority() {
    if (m_authority) return &*m_authority;
    storage::Database* db = database();
    if (db == nullptr) return nullptr;
    m_accounts = std::make_unique<app::Accounts>(db->users(), db->audit());
    if (!m_accounts->has_users()) {
        m_authority.emplace();  // a new database: nobody to sign in as yet
        return &*m_authority;
    }
    if (m_options.user.empty()) {
        err << "infusiondoc: sign in with --user NAME (the password is asked, or read from --password-file)\n";
        return nullptr;
    }
    auto password = read_password(
        "Password for " + m_options.user + ": ",
        m_options.password_file.empty() ? std::nullopt : std::optional<std::string>(m_options.password_file));
    if (!password) {
        err << password.error().describe() << "\n";
        return nullptr;
    }
    auto session = m_accounts->sign_in(m_options.user, password.value());
    std::fill(password.value().begin(), password.value().end(), '\0');
    if (!session) {
        err << "infusiondoc: " << session.error().message << "\n";
        return nullptr;
    }
    m_authority.emplace(*m_accounts, session.value());
    return &*m_authority;
}

bool CommandContext::require(std::initializer_list<app::Role> roles, const std::string& what) {
    const app::Authority* who = authority();
    if (who == nullptr) return false;
    if (auto ok = who->require_any(roles, what); !ok) {
        err << "infusiondoc: " << ok.error().message << "\n";
        return false;
    }
    return true;
}

}  // namespace infusion::cli
