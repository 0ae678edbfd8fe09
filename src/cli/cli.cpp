#include "cli/cli.hpp"

#include "app/clock.hpp"
#include "app/export_delivery.hpp"
#include "cli/commands.hpp"
#include "cli/version.hpp"
#include "core/wall_time.hpp"

#include <optional>
#include <ostream>

namespace infusion::cli {

std::chrono::year_month_day parse_date_option(const std::string& text, const std::string& option) {
    auto date = core::parse_date(text);
    if (!date) throw CLI::ValidationError(option, "'" + text + "' is not a date (YYYY-MM-DD)");
    return *date;
}

namespace {

// `infusiondoc visits frob`: CLI11 says only "A subcommand is required". Names the word it did not know
// and the commands there are, when the first word after a command that needs one is not one of them.
std::string command_names(const CLI::App& app) {
    std::string names;
    for (const CLI::App* sub : app.get_subcommands({})) names += (names.empty() ? "" : ", ") + sub->get_name();
    return names;
}

std::optional<std::string> unknown_subcommand(const CLI::App& program, int argc, const char* const* argv) {
    const CLI::App* parent = &program;
    for (int i = 1; i < argc; ++i) {
        const std::string word = argv[i];
        if (word.empty()) return std::nullopt;
        if (word.front() == '-') {
            // An option known here (or the program's, which any command takes): stepped over with its
            // value. An unknown one is CLI11's to name.
            const std::string name = word.substr(0, word.find('='));
            const CLI::Option* option = parent->get_option_no_throw(name);
            if (option == nullptr) option = program.get_option_no_throw(name);
            if (option == nullptr) return std::nullopt;
            if (name.size() == word.size() && option->get_type_size() != 0) ++i;
            continue;
        }
        const CLI::App* sub = nullptr;
        for (const CLI::App* candidate : parent->get_subcommands({})) {
            if (candidate->check_name(word)) sub = candidate;
        }
        if (sub == nullptr) {
            if (parent == &program || parent->get_require_subcommand_min() == 0) return std::nullopt;
            return "'" + word + "' is not a command of '" + parent->get_name() + "'; it has: " + command_names(*parent);
        }
        parent = sub;
    }
    if (parent == &program || parent->get_require_subcommand_min() == 0) return std::nullopt;
    return "'" + parent->get_name() + "' needs a command: " + command_names(*parent);
}

}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err, const WindowLauncher& window,
        const WindowFailureLauncher& window_failure) {
    CLI::App program{"InfusionDoc: document subcutaneous infusions and derive their billing lines", "infusiondoc"};
    program.set_version_flag("--version", version_text(), "Print the version and the git commit it was built from");
    // No command opens the program window (when this build has one).
    program.require_subcommand(0, 1);
    GlobalOptions options;
    program
        .add_option("--config", options.config_dir,
                    "Configuration folder (default: $INFUSIONDOC_CONFIG, ./config, /etc/infusiondoc, then the "
                    "installed defaults)")
        ->check(CLI::ExistingDirectory);
    // An empty --db read as "not given", so `--db "$UNSET_VARIABLE" users add ...` added the user to the
    // default database instead of the one meant: an empty value is refused.
    const CLI::Validator not_empty(
        [](std::string& text) { return text.empty() ? std::string("is empty: name the database") : std::string(); },
        "TEXT");
    auto* db_file = program
                        .add_option("--db", options.db_path,
                                    "Database file (default: clinic.toml [storage], else "
                                    "~/.local/share/infusiondoc/infusiondoc.db)")
                        ->check(not_empty);
    program
        .add_option("--db-url", options.db_url,
                    "PostgreSQL server instead of a file: a libpq connection string or service name, e.g. "
                    "service=infusiondoc (the password from ~/.pgpass, never here)")
        ->check(not_empty)
        ->excludes(db_file);
    program.add_option("--user", options.user, "Who signs in (the password is asked at the terminal)");
    program.add_option("--password-file", options.password_file,
                       "Read --user's password from this file (readable by its owner only: chmod 600)");
    WindowRequest request;
    std::string screenshot;
    program.add_option("--screenshot", screenshot, "Open the window, save a PNG of it to this file and exit");
    program.add_option("--screen", request.screen,
                       "Open on this screen: today, visit, visit-signed, worklist, review, visit-review, "
                       "site-history, overview or audit (default: the start screen of your role)");
    program.add_flag("--debug-menu", request.debug_menu, "Show the Debug menu (ImGui's own windows) to any role");
    program
        .add_option("--screenshot-after", request.screenshot_delay_seconds,
                    "With --screenshot: run this many seconds without input first (e.g. to see the idle lock)")
        ->check(CLI::Range(0.0, 3600.0));
    float ui_scale = 0.0F;
    program.add_option("--ui-scale", ui_scale, "Size of text and controls (default: the screen's DPI scale)")
        ->check(CLI::Range(0.75F, 3.0F));

    std::vector<Command> commands;
    add_code_command(program, commands);
    add_import_command(program, commands);
    add_visits_commands(program, commands);
    add_print_command(program, commands);
    add_db_commands(program, commands);
    add_demo_command(program, commands);
    add_users_commands(program, commands);
    add_export_command(program, commands);
    add_audit_commands(program, commands);
    // Global options are accepted after the subcommand too, as scripts tend to write them.
    for (auto* sub : program.get_subcommands({})) {
        sub->fallthrough();
    }

    try {
        program.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version end the parse too, with exit code 0: they are answered as CLI11 does.
        if (auto unknown = e.get_exit_code() != 0 ? unknown_subcommand(program, argc, argv) : std::nullopt) {
            err << *unknown << "\nRun with --help for more information.\n";
            return exit_error;
        }
        const int status = program.exit(e, out, err);
        return status == 0 ? exit_ok : exit_error;
    }
    CommandContext context(options, argc > 0 ? argv[0] : nullptr, out, err);
    for (const auto& command : commands) {
        if (command.app->parsed()) {
            context.may_create_database(command.may_create_database);
            const int status = command.run(context);
            out.flush();
            return status;
        }
    }
    if (!window) {
        out << program.help();
        return exit_error;
    }
    // The window makes a new clinic's database on its first start (it then asks for the first
    // administrator), as the installed program does from its menu entry.
    context.may_create_database(true);
    if (!screenshot.empty()) request.screenshot = screenshot;
    if (ui_scale > 0.0F) request.ui_scale = ui_scale;
    app::Clinic* clinic = context.clinic();
    if (clinic == nullptr) {
        // Said on stderr above, and in a window: started from the menu, nothing else would show (found from
        // outside: a typo in clinic.toml and the program simply did not appear).
        if (window_failure) (void)window_failure(context.open_error(), request);
        return exit_error;
    }
    // An export that stopped between recording its batch and renaming its file: deliver it now.
    for (const auto& d : clinic->finish_interrupted_exports(context.user()))
        err << "infusiondoc: " << d.message << "\n";
    if (!options.user.empty()) {
        // --user opens the window signed in (after the password, as any command); otherwise the window
        // asks who is at the keyboard.
        const app::Acting* who = context.acting();
        if (who == nullptr) return exit_error;
        if (who->session() != nullptr) request.session = *who->session();
    }
    request.user = context.user();
    return window(*clinic, request);
}

}  // namespace infusion::cli
