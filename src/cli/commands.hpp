#pragma once
// Each command registers its subcommand and returns what to run when it was chosen.
#include "cli/command_context.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace infusion::cli {

struct Command {
    CLI::App* app = nullptr;
    std::function<int(CommandContext&)> run;
    // Commands that make a new clinic's database (users, demo-data, import) may create the file; every
    // other one refuses a --db that names no file, so a mistyped path is said, not opened empty.
    bool may_create_database = false;
};

void add_code_command(CLI::App& program, std::vector<Command>& commands);
void add_import_command(CLI::App& program, std::vector<Command>& commands);
void add_visits_commands(CLI::App& program, std::vector<Command>& commands);
// `visits print`: after add_visits_commands (it adds to the `visits` command).
void add_print_command(CLI::App& program, std::vector<Command>& commands);
void add_db_commands(CLI::App& program, std::vector<Command>& commands);
void add_demo_command(CLI::App& program, std::vector<Command>& commands);
void add_users_commands(CLI::App& program, std::vector<Command>& commands);
void add_export_command(CLI::App& program, std::vector<Command>& commands);
void add_audit_commands(CLI::App& program, std::vector<Command>& commands);

// Parses "YYYY-MM-DD" for an option, with CLI11's error when it is not a date.
[[nodiscard]] std::chrono::year_month_day parse_date_option(const std::string& text, const std::string& option);

}  // namespace infusion::cli
