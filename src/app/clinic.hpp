#pragma once
// The one way in: a clinic's configuration and database, opened once, with every use case the window
// and the command line may call. Front ends hold a Clinic and an Acting (who is at the keyboard) and
// nothing from storage/ or settings/; each use case checks its own permission (docs/users.md).
//
//   clinic.visits()    document, sign, amend, read visits            (app/visit_service.hpp)
//   clinic.review()    the supervisor's review                       (app/review_service.hpp)
//   clinic.billing()   worklist and export                           (app/billing_service.hpp)
//   clinic.audit()     reading the audit log, workstation events      (app/audit_service.hpp)
//   clinic.accounts()  signing in, managing users                    (app/accounts.hpp)
#include "app/acting.hpp"
#include "app/audit_service.hpp"
#include "app/billing_configuration.hpp"
#include "app/billing_service.hpp"
#include "app/review_service.hpp"
#include "app/visit_service.hpp"
#include "storage/migrate_to_postgresql.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace infusion::app {

struct ClinicOptions {
    Clock clock = utc_now;
    storage::HashCost cost = storage::HashCost::interactive;  // tests pass test_only_minimal
};

// Where to find the configuration and the database (the command line's --config and --db).
struct ClinicPlace {
    std::string config_dir;  // empty: $INFUSIONDOC_CONFIG, ./config, the installed folder
    std::string db_path;     // empty: clinic.toml [storage], else the default location
    std::string db_url;      // --db-url: a PostgreSQL server (libpq connection string or service name)
    const char* argv0 = nullptr;
    bool read_only = false;
    // A database file that does not exist is refused, not created (every command but those that make a
    // new clinic's database: a mistyped --db must not give an empty database that checks "ok").
    bool must_exist = false;
};

// The configuration alone (the `code` command needs no database). The message lists the folders tried.
[[nodiscard]] core::Result<settings::Config> load_configuration(const ClinicPlace& place);
// Which database `place` and the configuration name.
[[nodiscard]] storage::DatabaseLocation database_location(const ClinicPlace& place, const settings::Config& config);

class Clinic {
public:
    // On a configuration and database the caller keeps (tests, the export thread).
    Clinic(const settings::Config& config, storage::Database& db, ClinicOptions options = {});
    // Loads the configuration and opens the database; the Clinic owns both.
    [[nodiscard]] static core::Result<std::unique_ptr<Clinic>> open(const ClinicPlace& place,
                                                                    ClinicOptions options = {});
    ~Clinic();
    Clinic(const Clinic&) = delete;
    Clinic& operator=(const Clinic&) = delete;

    // ---- who acts ----
    [[nodiscard]] Acting act_as(const Session& session) { return Acting(m_accounts, m_clock, session); }
    // Only while the database has no users (nobody to sign in as); `name` acts unchecked.
    [[nodiscard]] Acting without_users(std::string name) {
        return Acting::without_users(m_accounts, m_clock, std::move(name));
    }

    // ---- the use cases ----
    [[nodiscard]] Accounts& accounts() { return m_accounts; }
    [[nodiscard]] VisitService& visits() { return m_visits; }
    [[nodiscard]] ReviewService& review() { return m_review; }
    [[nodiscard]] BillingService& billing() { return m_billing; }
    [[nodiscard]] AuditService& audit() { return m_audit; }
    // Which billing configuration the database accepted; `db accept-config` (app/billing_configuration.hpp).
    [[nodiscard]] BillingConfiguration& billing_configuration() { return m_billing_configuration; }
    // quick_check, integrity_check, foreign keys, schema, the audit chain and its head file, content
    // seals: read now, before anyone signs in (the sign-in is an audit row of its own) ...
    // Quick by default (from the last clean check's checkpoint); `full` checks every row.
    [[nodiscard]] CheckReading read_check(bool full = false);
    // ... and shown to supervisors and administrators, who then move the checkpoint when it is clean;
    // `then_accept_head` (--accept-head) asks for an administrator from the start.
    [[nodiscard]] core::Result<storage::CheckReport> check(const Acting& who, CheckReading reading,
                                                           bool then_accept_head = false);
    // After investigating a head-file finding, records the log's current end as its head: administrators.
    // Audited first ("head-accepted", with `findings`, what the check said), so the accepted end holds it.
    // Returns where the head is kept (the head file beside a SQLite database).
    [[nodiscard]] core::Result<std::string> accept_chain_head(const Acting& who, const std::string& findings);
    // A consistent copy with SQLite's online backup: administrators. Audited ("backup", and "backup-failed").
    [[nodiscard]] core::Status backup(const Acting& who, const std::filesystem::path& target);
    // Moving the clinic (db migrate --to postgresql): this SQLite database copied whole into the empty
    // PostgreSQL database `url` and verified there before it is committed: administrators. A `url` with
    // a password in it is refused (~/.pgpass or a service file keep it). `progress` hears each step.
    [[nodiscard]] core::Result<storage::MigrationReport> migrate_to_postgresql(
        const Acting& who, const std::string& url, const storage::MigrationProgress& progress = {});
    // At the program's start: an export that stopped between committing its batch and renaming its file
    // (a biller's export, already permitted and recorded) is put in place now, byte-identical; the
    // delivery is audited as `workstation_user`. Nothing when the database is read-only.
    [[nodiscard]] std::vector<Delivery> finish_interrupted_exports(const std::string& workstation_user);
    // A database made for demonstrations (demo-data, `users demo`): a stored fact, set when created.
    [[nodiscard]] bool is_demo() const;
    // Makes a new database (no user, no visit yet) a demo database, for good; audited. Anything else
    // is refused: a clinic's database never becomes a demo one, nor a demo one a clinic's.
    [[nodiscard]] core::Status make_demo(const Acting& who);

    // ---- what the screens show ----
    [[nodiscard]] const ClinicClock& clock() const { return m_clock; }
    [[nodiscard]] const core::ClinicSettings& settings() const;
    [[nodiscard]] const core::SiteCatalog& sites() const;
    [[nodiscard]] const core::SubstanceCatalog& substances() const;
    [[nodiscard]] double lock_after_minutes() const;
    // Days a site rests after use before the body map stops warning about it ([sites] rest_days).
    [[nodiscard]] int site_rest_days() const { return m_config.site_rest_days; }
    // How far a documented time may lie ahead of the clock before it counts as in the future (coding rules).
    [[nodiscard]] std::chrono::seconds clock_skew() const {
        return std::chrono::seconds{m_config.rules.clock_skew_seconds};
    }
    // The database as messages show it: the file, or the server connection without its password.
    [[nodiscard]] std::string database_name() const;
    // The title bar's and status line's short form: the file's name, or the connection.
    [[nodiscard]] std::string database_short_name() const;
    // Where the database is; the export thread opens its own connection there.
    [[nodiscard]] const storage::DatabaseLocation& location() const { return m_db.location(); }
    [[nodiscard]] int schema_version() const;
    // Live lists: true when another workstation, window or the command line has changed the database
    // since the last call (the first call starts watching and says false). Cheap: the window asks about
    // once a second while idle (storage::Database::change_counter); always false on a backend that
    // cannot tell.
    [[nodiscard]] bool changed_elsewhere();
    // For app/ code that needs the whole configuration (coding files, the demo generator).
    [[nodiscard]] const settings::Config& config() const { return m_config; }
    // For app/ and tests: the database itself. Front ends never call this.
    [[nodiscard]] storage::Database& database() { return m_db; }

private:
    Clinic(std::unique_ptr<settings::Config> config, std::unique_ptr<storage::Database> db, ClinicOptions options);

    std::unique_ptr<settings::Config> m_owned_config;
    std::unique_ptr<storage::Database> m_owned_db;
    const settings::Config& m_config;
    storage::Database& m_db;
    ClinicClock m_clock;
    BillingConfiguration m_billing_configuration;
    Accounts m_accounts;
    VisitService m_visits;
    ReviewService m_review;
    BillingService m_billing;
    AuditService m_audit;
    std::optional<std::uint64_t> m_seen_changes;  // change_counter() at the last changed_elsewhere()
};

}  // namespace infusion::app
