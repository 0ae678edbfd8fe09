// `infusiondoc db check` and `infusiondoc db backup PATH`.
#include "cli/commands.hpp"

#include <memory>
#include <ostream>

namespace infusion::cli {

void add_db_commands(CLI::App& program, std::vector<Command>& commands) {
    CLI::App* db_cmd = program.add_subcommand("db", "Check and back up the database");
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
                            auto report = clinic->check(*who, std::move(reading));
                            if (!report) return ctx.fail(report.error());
                            const auto& r = report.value();
                            ctx.out << clinic->database_name() << ": schema " << clinic->schema_version() << ", "
                                    << r.visits << " visits, " << r.audit_rows << " audit rows\n";
                            if (r.checked_from > 0) {
                                ctx.out << "  audit chain and seals checked from row " << r.checked_from
                                        << " on, where the last clean check ended ('db check --full' checks every "
                                           "row and page)\n";
                            }
                            for (const auto& f : r.findings) ctx.out << "  problem: " << f << "\n";
                            ctx.out << (r.ok ? "ok" : "FAILED: see the problems above") << "\n";
                            if (*accept_head) {
                                auto head = clinic->accept_chain_head(*who);
                                if (!head) return ctx.fail(head.error());
                                ctx.out << "the audit log's current end is recorded in " << head.value() << "\n";
                            }
                            return r.ok ? exit_ok : exit_attention;
                        }});

    auto target = std::make_shared<std::string>();
    CLI::App* backup = db_cmd->add_subcommand("backup", "Write a consistent copy with SQLite's online backup");
    backup->add_option("PATH", *target, "New backup file (must not exist)")->required();
    backup->fallthrough();
    commands.push_back({backup, [target](CommandContext& ctx) {
                            const app::Acting* who = ctx.acting();
                            if (who == nullptr) return exit_error;
                            if (auto done = ctx.clinic()->backup(*who, *target); !done) return ctx.fail(done.error());
                            ctx.out << "backup written to " << *target << "\n";
                            return exit_ok;
                        }});
}

}  // namespace infusion::cli
