// `infusiondoc db check`, `db accept-config`, `db backup PATH` and `db migrate --to postgresql URL`.
#include "cli/commands.hpp"
#include "core/terminal_text.hpp"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <memory>
#include <ostream>

namespace infusion::cli {

namespace {

void print_digests(std::ostream& out, const std::string& value) {
    std::size_t start = 0;
    while (start < value.size()) {
        std::size_t end = value.find('\n', start);
        if (end == std::string::npos) end = value.size();
        out << "  " << value.substr(start, end - start) << "\n";
        start = end + 1;
    }
}

void print_billing_configuration(std::ostream& out, const app::BillingConfigurationState& state) {
    if (state.accepted == 0) {
        out << "  billing configuration: none accepted yet (the first signature or export accepts the one it "
               "is made with)\n";
    } else if (state.matches()) {
        out << "  billing configuration: number " << state.accepted << ", the same as this workstation's\n";
    } else {
        out << "  warning: this workstation's billing configuration differs from the accepted one (number "
            << state.accepted << ") in " << state.differing_text()
            << ": signing and export are refused here until it is the clinic's again, or an administrator "
               "accepts it with 'infusiondoc db accept-config'\n";
    }
}

}  // namespace

// What a quick check verified again of the record older than its checkpoint (storage/check_sweep.hpp).
void print_sweep(std::ostream& out, const storage::CheckReport::Swept& s) {
    const auto range = [](const char* what, std::int64_t first, std::int64_t last) {
        return std::string(what) + " " + std::to_string(first) + " to " + std::to_string(last);
    };
    std::string parts;
    if (s.first_visit <= s.last_visit) parts = range("visits", s.first_visit, s.last_visit);
    if (s.first_audit <= s.last_audit)
        parts += (parts.empty() ? "" : " and ") + range("audit rows", s.first_audit, s.last_audit);
    if (parts.empty()) return;
    out << "  older record checked again: " << parts
        << " (the next check goes on from there, and from the first again at the end)\n";
}

void add_db_commands(CLI::App& program, std::vector<Command>& commands) {
    CLI::App* db_cmd = program.add_subcommand("db", "Check, back up and move the database");
    db_cmd->require_subcommand(1);

    auto accept_head = std::make_shared<bool>(false);
    auto full = std::make_shared<bool>(false);
    CLI::App* check = db_cmd->add_subcommand(
        "check", "Pragmas, schema, audit chain and its head file, content seals (exit 1 when something is wrong)");
    check->add_flag("--full", *full,
                    "Also integrity_check and foreign keys, and the whole audit chain and every seal, not only what "
                    "was added since the last clean check");
    check->add_flag("--accept-head", *accept_head,
                    "After investigating a head-file finding: record the log's current end as the head");
    check->fallthrough();
    commands.push_back({check, [accept_head, full](CommandContext& ctx) {
                            app::Clinic* clinic = ctx.clinic();
                            if (clinic == nullptr) return exit_error;
                            // Read before signing in: the sign-in is itself an audit row, written after
                            // the log has been read as it was.
                            app::CheckReading reading = clinic->read_check(*full);
                            const app::Acting* who = ctx.acting();
                            if (who == nullptr) return exit_error;
                            auto report = clinic->check(*who, std::move(reading), *accept_head);
                            if (!report) return ctx.fail(report.error());
                            const auto& r = report.value();
                            ctx.out << clinic->database_name() << ": schema " << clinic->schema_version() << ", "
                                    << r.visits << " visits, " << r.audit_rows << " audit rows\n";
                            if (r.schema_changed) {
                                ctx.out << "  the schema changed since the last clean check (schema_version "
                                        << r.schema_changed->first << ", now " << r.schema_changed->second
                                        << ": a new program's migration, or tables, indexes or triggers dropped "
                                           "and made again): audit chain and seals checked from the first row\n";
                            }
                            if (r.checked_from > 0) {
                                ctx.out << "  audit chain and seals checked from row " << r.checked_from
                                        << " on, where the last clean check ended ('db check --full' checks every "
                                           "row and page)\n";
                            }
                            if (r.swept) print_sweep(ctx.out, *r.swept);
                            for (const auto& f : r.findings) ctx.out << "  problem: " << f << "\n";
                            // The workstation's side, not the database's: it does not change the exit code.
                            if (auto billing = clinic->billing_configuration().state(); billing) {
                                print_billing_configuration(ctx.out, billing.value());
                            } else {
                                // Said, not left out: "none accepted yet" read as if nothing were wrong.
                                ctx.out << "  warning: billing configuration: " << billing.error().message << "\n";
                            }
                            ctx.out << (r.ok ? "ok" : "FAILED: see the problems above") << "\n";
                            if (*accept_head) {
                                std::string findings;
                                for (const auto& f : r.findings) findings += (findings.empty() ? "" : "; ") + f;
                                auto head = clinic->accept_chain_head(*who, findings);
                                if (!head) return ctx.fail(head.error());
                                ctx.out << "the audit log's current end is recorded in " << head.value() << "\n";
                            }
                            return r.ok ? exit_ok : exit_attention;
                        }});

    CLI::App* accept_config = db_cmd->add_subcommand(
        "accept-config",
        "Make this workstation's billing configuration (coding-rules.toml, substances.toml, clinic.toml [clinic] and "
        "[codes]) the one the database bills by; signing and export are refused on a workstation whose "
        "configuration differs (administrators; audited)");
    accept_config->footer(
        "Prints the accepted configuration's number and the digest of each part. Accepting the one already "
        "accepted records nothing. Exit 0 accepted, 2 refused or failed.");
    accept_config->fallthrough();
    commands.push_back({accept_config, [](CommandContext& ctx) {
                            app::Clinic* clinic = ctx.clinic();
                            if (clinic == nullptr) return exit_error;
                            const app::Acting* who = ctx.acting();
                            if (who == nullptr) return exit_error;
                            const auto before = clinic->billing_configuration().state();
                            auto accepted = clinic->billing_configuration().accept(*who);
                            if (!accepted) return ctx.fail(accepted.error());
                            const auto& state = accepted.value();
                            const bool same = before && before.value().accepted == state.accepted;
                            ctx.out << (same ? "already the accepted billing configuration (number "
                                             : "billing configuration accepted as number ")
                                    << state.accepted << (same ? "); nothing recorded" : "") << ", from "
                                    << clinic->config().dir.string() << ":\n";
                            print_digests(ctx.out, state.workstation_value);
                            return exit_ok;
                        }});

    auto target = std::make_shared<std::string>();
    CLI::App* backup = db_cmd->add_subcommand("backup", "Write a consistent copy with SQLite's online backup");
    backup->add_option("PATH", *target, "New backup file (must not exist)")->required();
    backup->footer(
        "PATH-head beside it is its manifest. To restore, with every program on the database closed: delete FILE-wal, "
        "FILE-shm and FILE-checked, copy PATH over FILE and PATH-head over FILE-head, then run 'db check --full'; "
        "batches "
        "exported after the backup are not in it (exporting their dates again sends their lines twice). To "
        "check a backup, check a copy of both files: a check adds its sign-in to the file it opens.");
    backup->fallthrough();
    commands.push_back({backup, [target](CommandContext& ctx) {
                            if (target->empty()) {  // it reached the file system as a raw "filesystem error"
                                ctx.err << "infusiondoc db backup: PATH is empty: name the new backup file\n";
                                return exit_error;
                            }
                            const app::Acting* who = ctx.acting();
                            if (who == nullptr) return exit_error;
                            if (auto done = ctx.clinic()->backup(*who, *target); !done) return ctx.fail(done.error());
                            ctx.out << "backup written to " << core::terminal_line(*target) << "\n";
                            return exit_ok;
                        }});

    struct MigrateOptions {
        std::string to;
        std::string url;
    };
    auto move = std::make_shared<MigrateOptions>();
    CLI::App* migrate = db_cmd->add_subcommand(
        "migrate",
        "Copy this SQLite database (--db FILE) whole into an empty PostgreSQL database and verify the copy row by "
        "row, with its audit chain and seals, before it is kept; a failed copy leaves the target empty "
        "(administrators; docs/storage.md, moving a clinic)");
    migrate->add_option("--to", move->to, "The target's backend: postgresql")
        ->required()
        ->check(CLI::IsMember({"postgresql"}));
    migrate
        ->add_option("URL", move->url,
                     "The target: a libpq connection string, URI or service name of the owner role, e.g. "
                     "service=infusiondoc_owner (the password from ~/.pgpass, never here)")
        ->required();
    migrate->footer(
        "The target must hold no row (a schema made by a first connection is fine) and be reached as the owner "
        "role, which creates the schema and sets the identity sequences; stop every workstation first. Prints each "
        "step on stderr as it starts, then the tables and rows copied and the server's audit chain head. Exit 0 copied "
        "and verified, 2 refused or "
        "failed (nothing kept). Step by step: docs/storage.md, \"Moving a clinic to PostgreSQL\".");
    migrate->fallthrough();
    commands.push_back({migrate, [move](CommandContext& ctx) {
                            app::Clinic* clinic = ctx.clinic();
                            if (clinic == nullptr) return exit_error;
                            const app::Acting* who = ctx.acting();
                            if (who == nullptr) return exit_error;
                            // Each step on stderr as it starts, with the seconds since the move began:
                            // a million visits take minutes, and stdout keeps only the report.
                            const auto began = std::chrono::steady_clock::now();
                            auto moved = clinic->migrate_to_postgresql(*who, move->url, [&](const std::string& step) {
                                const std::chrono::duration<double> since = std::chrono::steady_clock::now() - began;
                                ctx.err << "db migrate: " << std::fixed << std::setprecision(0) << since.count()
                                        << " s: " << step << "\n"
                                        << std::flush;
                            });
                            if (!moved) return ctx.fail(moved.error());
                            const auto& m = moved.value();
                            ctx.out << core::terminal_line(m.source) << " copied to " << core::terminal_line(m.target)
                                    << " (schema " << m.schema_version << "): " << m.tables.size() << " tables, "
                                    << m.rows << " rows, " << std::fixed << std::setprecision(1) << m.seconds
                                    << " s in all\n";
                            for (const auto& t : m.tables) ctx.out << "  " << t.name << ": " << t.rows << "\n";
                            ctx.out << "copied and compared row by row with the source in " << m.copy_seconds << " s ("
                                    << std::setprecision(0)
                                    << static_cast<double>(m.rows) / std::max(m.copy_seconds, 1e-3) << " rows/s)\n";
                            ctx.out << "the audit chain, the accounts and the seals verify on the server ("
                                    << std::setprecision(1) << m.verify_seconds << " s)\n";
                            ctx.out << "audit chain: the source's ends at row " << m.source_chain_rows << " "
                                    << m.source_chain_head << "\n";
                            ctx.out << "the server's chain head: row " << m.chain_rows << " " << m.chain_head
                                    << " (this move's db-migrate row)\n";
                            ctx.out << "ok\n";
                            return exit_ok;
                        }});
}

}  // namespace infusion::cli
