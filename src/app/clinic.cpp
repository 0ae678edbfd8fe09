#include "app/clinic.hpp"

#include "app/config_locator.hpp"
#include "settings/config.hpp"

#include <cstdlib>

namespace infusion::app {

core::Result<settings::Config> load_configuration(const ClinicPlace& place) {
    ConfigSearch search;
    if (!place.config_dir.empty()) search.explicit_dir = place.config_dir;
    if (const char* env = std::getenv(config_env_var)) search.env_dir = env;
    std::error_code ec;
    search.working_dir = std::filesystem::current_path(ec);
    search.executable = current_executable(place.argv0);
    const ConfigChoice choice = locate_config(search);
    if (!choice.found) {
        std::string message = "infusiondoc: no configuration found (a folder with coding-rules.toml); looked in:";
        for (const auto& dir : choice.tried) message += "\n  " + dir.string();
        message += "\nUse --config DIR or set " + std::string(config_env_var) + ".";
        return core::Error::of(core::ErrorKind::not_found, message);
    }
    return settings::load_config(choice.dir);
}

storage::DatabaseLocation database_location(const ClinicPlace& place, const settings::Config& config) {
    // The command line first (--db a SQLite file, --db-url a server), then clinic.toml [storage].
    if (!place.db_path.empty()) return storage::DatabaseLocation::sqlite_file(place.db_path);
    if (!place.db_url.empty()) return storage::DatabaseLocation::postgresql(place.db_url);
    if (config.postgresql) return storage::DatabaseLocation::postgresql(config.database_url);
    return storage::DatabaseLocation::sqlite_file(config.database.empty() ? storage::default_database_path()
                                                                          : config.database);
}

Clinic::Clinic(const settings::Config& config, storage::Database& db, ClinicOptions options)
    : m_config(config),
      m_db(db),
      m_clock(options.clock, config.clinic.time_zone),
      m_billing_configuration(db, config),
      m_accounts(db.users(), db.audit(), options.clock, options.cost),
      m_visits(db, config, m_clock, m_billing_configuration),
      m_review(db, config),
      m_billing(db, config, m_billing_configuration),
      m_audit(db) {
    // Asked when it matters, not once: `demo-data` makes a new database a demo database after it opened.
    m_accounts.set_demo_check([this] { return is_demo(); });
}

Clinic::Clinic(std::unique_ptr<settings::Config> config, std::unique_ptr<storage::Database> db, ClinicOptions options)
    : Clinic(*config, *db, std::move(options)) {
    m_owned_config = std::move(config);
    m_owned_db = std::move(db);
}

Clinic::~Clinic() = default;

core::Result<std::unique_ptr<Clinic>> Clinic::open(const ClinicPlace& place, ClinicOptions options) {
    auto loaded = load_configuration(place);
    if (!loaded) return loaded.error();
    auto config = std::make_unique<settings::Config>(std::move(loaded.value()));
    storage::OpenOptions open_options;
    open_options.read_only = place.read_only;
    const storage::DatabaseLocation location = database_location(place, *config);
    if (place.must_exist && location.backend == storage::Backend::sqlite && location.file != ":memory:") {
        std::error_code ec;
        if (!std::filesystem::exists(location.file, ec)) {
            return core::Error{
                "no database here (check --db or clinic.toml [storage]; nothing was created). "
                "'infusiondoc users add' or 'infusiondoc demo-data' makes a new one",
                location.file.string(),
                {},
                core::ErrorKind::not_found};
        }
        // An empty file is what a failed copy of a clinic's database leaves: made into a new, empty database
        // it passed `db check` as "ok, 0 visits" (found from outside).
        if (std::filesystem::is_regular_file(location.file, ec) && std::filesystem::file_size(location.file, ec) == 0 &&
            !ec) {
            return core::Error{
                "an empty file (0 bytes), not an InfusionDoc database: a copy or backup that did not finish? "
                "Nothing was changed",
                location.file.string(),
                {},
                core::ErrorKind::not_found};
        }
    }
    // The same rule as clinic.toml's url and db migrate's target: a password on the command line stays in the
    // shell's history and in `ps` (found from outside: --db-url took one and used it).
    if (location.backend == storage::Backend::postgresql && settings::names_a_password(location.url)) {
        return core::Error::of(core::ErrorKind::invalid,
                               "the connection names a password: keep it in ~/.pgpass or a service file "
                               "(docs/storage.md), never on the command line or in clinic.toml; nothing was opened");
    }
    auto opened = storage::open_database(location, open_options);
    if (!opened) return opened.error();
    return std::unique_ptr<Clinic>(new Clinic(std::move(config), std::move(opened.value()), std::move(options)));
}

CheckReading Clinic::read_check(bool full) {
    return CheckReading(m_db.examine(full ? storage::CheckDepth::full : storage::CheckDepth::quick));
}

core::Result<storage::CheckReport> Clinic::check(const Acting& who, CheckReading reading, bool then_accept_head) {
    // Refused before anything is shown or kept: a supervisor asking to accept the head is refused as a
    // whole, not after the report, and a refused check leaves the checkpoint where it was.
    if (then_accept_head) {
        if (auto ok = who.require(Role::admin, "accept the audit log's end"); !ok) return ok.error();
    } else if (auto ok = who.require_any({Role::admin, Role::supervisor}, "check the database"); !ok) {
        return ok.error();
    }
    if (reading.m_report) m_db.record_check(reading.m_report.value());
    return std::move(reading.m_report);
}

core::Result<std::string> Clinic::accept_chain_head(const Acting& who, const std::string& findings) {
    if (auto ok = who.require(Role::admin, "accept the audit log's end"); !ok) return ok.error();
    // On the record first, so the end accepted holds the row that accepted it: a cut log accepted without
    // a trace let the next check say ok as if nothing had happened (found from outside).
    if (auto logged = m_db.audit().record("head-accepted", std::nullopt,
                                          "the audit log's current end accepted as its chain head" +
                                              (findings.empty() ? "" : "; the check said: " + findings),
                                          who.actor());
        !logged) {
        return logged.error();
    }
    return m_db.accept_chain_head();
}

core::Status Clinic::backup(const Acting& who, const std::filesystem::path& target) {
    if (auto ok = who.require(Role::admin, "back up the database"); !ok) return ok;
    // A copy of every patient's record leaves the database: on the record before it is made (a backup left
    // no audit row; found from outside), and its failure after. A database open read-only (a backup being
    // read) takes no row, and its copy none either.
    std::error_code ec;
    const std::string where = std::filesystem::absolute(target, ec).string();
    const bool audited = !m_db.read_only();
    if (audited) {
        if (auto logged =
                m_db.audit().record("backup", std::nullopt, "a copy of the database to " + where, who.actor());
            !logged) {
            return logged.error();
        }
    }
    auto done = m_db.backup_to(target);
    if (!done && audited) {
        (void)m_db.audit().record("backup-failed", std::nullopt, "the copy to " + where + ": " + done.error().message,
                                  who.actor());
    }
    return done;
}

core::Result<storage::MigrationReport> Clinic::migrate_to_postgresql(const Acting& who, const std::string& url,
                                                                     const storage::MigrationProgress& progress) {
    if (auto ok = who.require(Role::admin, "move the database to PostgreSQL"); !ok) return ok.error();
    if (url.empty()) {
        return core::Error::of(core::ErrorKind::invalid,
                               "db migrate needs the target's connection: a libpq connection string, URI or service "
                               "name, e.g. service=infusiondoc");
    }
    if (settings::names_a_password(url)) {
        return core::Error::of(core::ErrorKind::invalid,
                               "the target's connection names a password: keep it in ~/.pgpass or a service file "
                               "(docs/storage.md), never on the command line; nothing was copied");
    }
    auto moved = storage::migrate_sqlite_to_postgresql(m_db, url, who.actor(), progress);
    if (!moved && !m_db.read_only()) {
        // A failed move is on this database's record too: who tried, to where, and why it stopped (the
        // target keeps nothing). Found from outside: only a finished move left a row.
        (void)m_db.audit().record("db-migrate-failed", std::nullopt,
                                  "the copy to " + url + ": " + moved.error().message, who.actor());
    }
    return moved;
}

std::vector<Delivery> Clinic::finish_interrupted_exports(const std::string& workstation_user) {
    if (m_db.read_only()) return {};
    auto deliveries =
        deliver_pending_batches(m_db.billing(), m_config, storage::Actor{workstation_user, m_clock.now()});
    // Not delivered now: the next export or `export batches` reports it with what to do.
    return deliveries ? std::move(deliveries.value()) : std::vector<Delivery>{};
}

bool Clinic::is_demo() const {
    const auto kind = m_db.facts().get(std::string(storage::kind_fact));
    return kind && kind.value() == storage::demo_kind;
}

core::Status Clinic::make_demo(const Acting& who) {
    if (auto ok = who.require(Role::admin, "make the database a demo database"); !ok) return ok;
    auto done = m_db.facts().record(std::string(storage::kind_fact), std::string(storage::demo_kind),
                                    /*only_on_new_database=*/true, who.actor());
    if (!done && done.error().kind == core::ErrorKind::refused) {
        return who.refuse("make " + database_name() + " a demo database",
                          "it is a clinic's database (it has users or visits); demo data goes into a new database "
                          "only, e.g. infusiondoc --db demo.db demo-data");
    }
    return done;
}

const core::ClinicSettings& Clinic::settings() const { return m_config.clinic; }
const core::SiteCatalog& Clinic::sites() const { return m_config.sites; }
const core::SubstanceCatalog& Clinic::substances() const { return m_config.substances; }
double Clinic::lock_after_minutes() const { return m_config.lock_after_minutes; }
std::string Clinic::database_name() const { return m_db.location().display(); }
std::string Clinic::database_short_name() const {
    const auto& where = m_db.location();
    return where.backend == storage::Backend::sqlite ? where.file.filename().string() : where.display();
}
int Clinic::schema_version() const { return m_db.schema_version(); }

bool Clinic::changed_elsewhere() {
    const auto now = m_db.change_counter();
    if (!now) return false;
    const bool changed = m_seen_changes && *m_seen_changes != *now;
    m_seen_changes = now;
    // An administrator at another workstation may have accepted a new billing configuration.
    if (changed) m_billing_configuration.forget();
    return changed;
}

}  // namespace infusion::app
