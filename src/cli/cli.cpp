#include "cli/cli.hpp"

#include "app/code_visits.hpp"
#include "app/config_locator.hpp"
#include "cli/code_report.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <ostream>

namespace infusion::cli {
namespace {

constexpr int exit_usage = 2;

struct CodeOptions {
    std::string format = "text";
    std::vector<std::string> files;
};

// Loads the configuration the user asked for, or says where it looked.
std::optional<settings::Config> load_config(const std::string& config_dir, const char* argv0, std::ostream& err) {
    app::ConfigSearch search;
    if (!config_dir.empty()) search.explicit_dir = config_dir;
    if (const char* env = std::getenv(app::config_env_var)) search.env_dir = env;
    std::error_code ec;
    search.working_dir = std::filesystem::current_path(ec);
    search.executable = app::current_executable(argv0);
    const app::ConfigChoice choice = app::locate_config(search);
    if (!choice.found) {
        err << "infusiondoc: no configuration found (a folder with coding-rules.toml); looked in:";
        for (const auto& dir : choice.tried) err << "\n  " << dir.string();
        err << "\nUse --config DIR or set " << app::config_env_var << ".\n";
        return std::nullopt;
    }
    auto config = settings::load_config(choice.dir);
    if (!config) {
        err << config.error().describe() << "\n";
        return std::nullopt;
    }
    return std::move(config.value());
}

int run_code(const CodeOptions& options, const settings::Config& config, std::ostream& out, std::ostream& err) {
    std::vector<app::CodedFile> results;
    results.reserve(options.files.size());
    for (const auto& file : options.files) {
        results.push_back(app::code_file(file, config));
        const auto& coded = results.back();
        write_file_error(coded, err);
        if (options.format == "json") {
            write_json_report(coded, out);
        } else {
            write_text_report(coded, out);
        }
        // Nothing but the last file's lines is kept in memory: each report is written as it is made.
        results.back().visit = {};
        results.back().coding.lines.clear();
        results.back().coding.held_lines.clear();
    }
    out.flush();
    return app::code_exit_status(results);
}

}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    CLI::App program{"InfusionDoc: document subcutaneous infusions and derive their billing lines", "infusiondoc"};
    program.set_version_flag("--version", std::string("infusiondoc ") + INFUSIONDOC_VERSION);
    program.require_subcommand(1);
    std::string config_dir;
    program.add_option("--config", config_dir, "Configuration folder (default: $INFUSIONDOC_CONFIG, ./config, installed)")
        ->check(CLI::ExistingDirectory);

    CodeOptions code;
    CLI::App* code_cmd = program.add_subcommand("code", "Derive the billing lines of visit files");
    code_cmd->add_option("--format", code.format, "Output: text (default) or json (one object per file per line)")
        ->check(CLI::IsMember({"text", "json"}));
    code_cmd->add_option("FILE", code.files, "Visit files (format infusiondoc-visit-1)")->required();
    // --config is accepted after the subcommand too, as scripts tend to write it.
    code_cmd->add_option("--config", config_dir, "Configuration folder")->check(CLI::ExistingDirectory);

    try {
        program.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int status = program.exit(e, out, err);
        return status == 0 ? 0 : exit_usage;
    }

    auto config = load_config(config_dir, argc > 0 ? argv[0] : nullptr, err);
    if (!config) return exit_usage;
    if (code_cmd->parsed()) return run_code(code, *config, out, err);
    return exit_usage;
}

}  // namespace infusion::cli
