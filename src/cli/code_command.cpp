// `infusiondoc code [--format text|json] FILE...`: the billing lines of visit files.
#include "app/code_visits.hpp"
#include "cli/code_report.hpp"
#include "cli/commands.hpp"
#include "core/terminal_text.hpp"

#include <memory>
#include <ostream>
#include <sstream>

namespace infusion::cli {

void add_code_command(CLI::App& program, std::vector<Command>& commands) {
    struct Options {
        std::string format = "text";
        std::vector<std::string> files;
    };
    auto options = std::make_shared<Options>();
    CLI::App* sub = program.add_subcommand("code", "Derive the billing lines of visit files");
    sub->add_option("--format", options->format, "Output: text (default) or json (one object per file per line)")
        ->check(CLI::IsMember({"text", "json"}));
    sub->add_option("FILE", options->files, "Visit files (format infusiondoc-visit-1)")->required();
    commands.push_back({sub, [options](CommandContext& ctx) {
                            const settings::Config* config = ctx.config();
                            if (config == nullptr) return exit_error;
                            std::vector<app::CodedFile> results;
                            results.reserve(options->files.size());
                            for (const auto& file : options->files) {
                                results.push_back(app::code_file(file, *config));
                                auto& coded = results.back();
                                // Text from the file reaches a terminal: its control characters are escaped.
                                std::ostringstream error;
                                write_file_error(coded, error);
                                ctx.err << core::terminal_safe(error.str());
                                // JSON escapes C0 itself; C1 (U+0080..U+009F) becomes "\u0080".."\u009f",
                                // which is JSON's own escape for them.
                                std::ostringstream text;
                                if (options->format == "json") {
                                    write_json_report(coded, text);
                                } else {
                                    write_text_report(coded, text);
                                }
                                ctx.out << core::terminal_safe(text.str());
                                // Each report is written as it is made; keep only what the exit status needs.
                                coded.visit = {};
                                coded.coding.lines.clear();
                                coded.coding.held_lines.clear();
                            }
                            return app::code_exit_status(results);
                        }});
}

}  // namespace infusion::cli
