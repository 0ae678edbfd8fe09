// `infusiondoc visits print ID... --out FILE.pdf` and
// `infusiondoc visits print --patient ID --from D --to D --out FILE.pdf` (a payer's request, with a cover).
#include "app/clinic.hpp"
#include "app/print_records.hpp"
#include "cli/commands.hpp"
#include "cli/number_options.hpp"
#include "core/terminal_text.hpp"

#include <memory>
#include <ostream>

namespace infusion::cli {

void add_print_command(CLI::App& program, std::vector<Command>& commands) {
    CLI::App* visits = program.get_subcommand("visits");
    struct Options {
        std::vector<storage::VisitId> ids;
        std::string patient, from, to, out;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = visits->add_subcommand("print",
                                           "Visit records as PDF (one record per visit; a cover page for "
                                           "--patient)");
    decimal(cmd->add_option("ID", o->ids, "Visit ids"), 1);
    cmd->add_option("--patient", o->patient, "Every visit of this patient (MRN) in --from .. --to, after a cover page");
    cmd->add_option("--from", o->from, "First date of service (YYYY-MM-DD), with --patient");
    cmd->add_option("--to", o->to, "Last date of service (YYYY-MM-DD), with --patient");
    cmd->add_option("--out", o->out, "The PDF file to write")->required();
    cmd->fallthrough();
    commands.push_back({cmd, [o](CommandContext& ctx) {
                            const char* me = "infusiondoc visits print: ";
                            if (o->patient.empty() == o->ids.empty()) {
                                ctx.err << me << "give visit ids, or --patient with --from and --to (not both)\n";
                                return exit_error;
                            }
                            if (o->patient.empty() && (!o->from.empty() || !o->to.empty())) {
                                // Not ignored without a word: ids print those visits whatever their dates.
                                ctx.err << me << "--from and --to go with --patient; visit ids print those visits\n";
                                return exit_error;
                            }
                            std::optional<std::chrono::year_month_day> from, to;
                            if (!o->patient.empty()) {
                                if (o->from.empty() || o->to.empty()) {
                                    ctx.err << me << "--patient needs --from and --to\n";
                                    return exit_error;
                                }
                                try {
                                    from = parse_date_option(o->from, "--from");
                                    to = parse_date_option(o->to, "--to");
                                } catch (const CLI::ValidationError& e) {
                                    ctx.err << me << e.what() << "\n";
                                    return exit_error;
                                }
                            }
                            const app::Acting* who = ctx.acting();
                            if (who == nullptr) return exit_error;
                            app::Clinic& clinic = *ctx.clinic();
                            app::RecordPrinter printer(clinic.database(), clinic.config(), clinic.clock().clock());
                            auto done = o->patient.empty()
                                            ? printer.print_visits(*who, ctx.user(), o->ids, o->out)
                                            : printer.print_patient(*who, ctx.user(), o->patient, *from, *to, o->out);
                            if (!done) {
                                ctx.err << me << core::terminal_safe(done.error().describe()) << "\n";
                                return exit_error;
                            }
                            ctx.out << "wrote " << core::terminal_line(o->out) << ": " << done.value().visits.size()
                                    << " visit record" << (done.value().visits.size() == 1 ? "" : "s") << "\n";
                            return exit_ok;
                        }});
}

}  // namespace infusion::cli
