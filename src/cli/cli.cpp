#include "cli/cli.hpp"

#include "cli/commands.hpp"
#include "core/wall_time.hpp"

#include <ostream>

namespace infusion::cli {

std::chrono::year_month_day parse_date_option(const std::string& text, const std::string& option) {
    auto date = core::parse_date(text);
    if (!date) throw CLI::ValidationError(option, "'" + text + "' is not a date (YYYY-MM-DD)");
    return *date;
}

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    CLI::App program{"InfusionDoc: document subcutaneous infusions and derive their billing lines", "infusiondoc"};
    program.set_version_flag("--version", std::string("infusiondoc ") + INFUSIONDOC_VERSION);
    program.require_subcommand(1);
    GlobalOptions options;
    program
        .add_option("--config", options.config_dir,
                    "Configuration folder (default: $INFUSIONDOC_CONFIG, ./config, installed)")
        ->check(CLI::ExistingDirectory);
    program.add_option(
        "--db", options.db_path,
        "Database file (default: clinic.toml [storage], else ~/.local/share/infusiondoc/infusiondoc.db)");
    program.add_option("--user", options.user, "Who is acting, for the record (default: the login name)");

    std::vector<Command> commands;
    add_code_command(program, commands);
    add_import_command(program, commands);
    add_visits_commands(program, commands);
    add_db_commands(program, commands);
    add_demo_command(program, commands);
    // Global options are accepted after the subcommand too, as scripts tend to write them.
    for (auto* sub : program.get_subcommands({})) {
        sub->fallthrough();
    }

    try {
        program.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int status = program.exit(e, out, err);
        return status == 0 ? exit_ok : exit_error;
    }
    CommandContext context(options, argc > 0 ? argv[0] : nullptr, out, err);
    for (const auto& command : commands) {
        if (command.app->parsed()) {
            const int status = command.run(context);
            out.flush();
            return status;
        }
    }
    return exit_error;
}

}  // namespace infusion::cli
