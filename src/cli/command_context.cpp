#include "cli/command_context.hpp"

#include "cli/password_input.hpp"
#include "core/terminal_text.hpp"

#include <cstdlib>
#include <ostream>

namespace infusion::cli {

app::ClinicPlace CommandContext::place(bool read_only) const {
    app::ClinicPlace p;
    p.config_dir = m_options.config_dir;
    p.db_path = m_options.db_path;
    p.db_url = m_options.db_url;
    p.argv0 = m_argv0;
    p.read_only = read_only;
    p.must_exist = !m_may_create;
    return p;
}

const settings::Config* CommandContext::config() {
    if (m_clinic) return &m_clinic->config();
    if (m_config) return &*m_config;
    if (m_config_failed) return nullptr;
    auto loaded = app::load_configuration(place(false));
    if (!loaded) {
        m_config_failed = true;
        m_open_error = loaded.error().describe();
        err << m_open_error << "\n";
        return nullptr;
    }
    m_config = std::move(loaded.value());
    return &*m_config;
}

app::Clinic* CommandContext::clinic(bool read_only) {
    if (m_clinic) return m_clinic.get();
    auto opened = app::Clinic::open(place(read_only));
    if (!opened) {
        m_open_error = opened.error().describe();
        err << m_open_error << "\n";
        return nullptr;
    }
    m_clinic = std::move(opened.value());
    const storage::Database& db = m_clinic->database();
    if (const int from = db.upgraded_from(); from > 0) {
        err << "infusiondoc: " << core::terminal_line(db.location().file.string()) << " was upgraded from schema "
            << from << " to " << db.schema_version()
            << ": InfusionDoc versions before this one can no longer open it (docs/storage.md, \"Schema\")\n";
    }
    return m_clinic.get();
}

std::optional<std::filesystem::path> CommandContext::database_to_be_made() {
    if (m_clinic) return std::nullopt;
    const settings::Config* loaded = config();
    if (loaded == nullptr) return std::nullopt;
    const storage::DatabaseLocation where = app::database_location(place(false), *loaded);
    if (where.backend != storage::Backend::sqlite || where.file == ":memory:") return std::nullopt;
    std::error_code ec;
    if (std::filesystem::exists(where.file, ec)) return std::nullopt;
    return where.file;
}

std::string CommandContext::user() const {
    if (m_acting) return m_acting->username();
    // Without accounts the name is taken as given: it goes into audit rows and onto terminals, escaped.
    if (!m_options.user.empty()) return core::terminal_safe(m_options.user);
    const char* login = std::getenv("USER");
    return login != nullptr && *login != '\0' ? core::terminal_safe(login) : std::string("cli");
}

int CommandContext::fail(const core::Error& error) {
    // Terminal-safe: a message may name a file or a value given on the command line (a path with ESC in it).
    err << core::terminal_safe(error.kind == core::ErrorKind::refused ? "infusiondoc: " + error.message
                                                                      : error.describe())
        << "\n";
    return exit_error;
}

const app::Acting* CommandContext::acting() {
    if (m_acting) return &*m_acting;
    app::Clinic* c = clinic();
    if (c == nullptr) return nullptr;
    if (c->accounts().accounts_gone()) {
        err << "infusiondoc: " << app::accounts_gone_message << "\n";
        return nullptr;
    }
    if (!c->accounts().has_users()) {
        // A new database: nobody to sign in as yet, so the name is nobody's word. The audit log says so
        // ("unverified:rn.okafor"): a wrong password was taken and its name written as the actor (found
        // from outside).
        if (!m_options.user.empty()) {
            err << "infusiondoc: the database has no users yet, so nobody signs in: '"
                << core::terminal_safe(m_options.user)
                << "' is recorded as unverified:" << core::terminal_safe(m_options.user)
                << " (create the first administrator with "
                << "`users add NAME --roles admin`)\n";
        }
        m_acting.emplace(c->without_users("unverified:" + user()));
        return &*m_acting;
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
    auto session = c->accounts().sign_in(m_options.user, password.value());
    app::wipe(password.value());
    if (!session) {
        // The refusal may already name the sign-in ("sign in as 'admin': refused ..."): said once.
        std::string why = session.error().message;
        const std::string named = "sign in as '" + m_options.user + "': ";
        if (why.rfind(named, 0) == 0) why.erase(0, named.size());
        err << "infusiondoc: cannot sign in as '" << m_options.user << "': " << why << "\n";
        return nullptr;
    }
    m_acting.emplace(c->act_as(session.value()));
    return &*m_acting;
}

}  // namespace infusion::cli
