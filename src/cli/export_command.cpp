// `infusiondoc export --from DATE --to DATE --format csv|hl7 --out FILE [--dry-run]`
// `infusiondoc export --batch ID --out FILE` (writes a recorded batch again, byte for byte)
#include "app/clock.hpp"
#include "app/export_billing.hpp"
#include "cli/commands.hpp"

#include <unistd.h>

#include <memory>
#include <ostream>

namespace infusion::cli {
namespace {

struct Options {
    std::string from, to, format = "csv", out;
    std::int64_t batch = 0;
    bool dry_run = false;
};

int run_export(CommandContext& ctx, const Options& o) {
    const settings::Config* config = ctx.config();
    if (config == nullptr) return exit_error;
    storage::Database* db = ctx.database();
    if (db == nullptr) return exit_error;
    if (!ctx.require({app::Role::biller},
                     o.batch > 0 ? "re-export batch " + std::to_string(o.batch) : std::string("export billing"))) {
        return exit_error;
    }
    if (o.batch > 0) {
        if (o.out.empty()) {
            ctx.err << "infusiondoc export: --batch needs --out FILE\n";
            return exit_error;
        }
        auto again = app::reexport_batch(db->billing(), *config, o.batch, o.out);
        if (!again) {
            ctx.err << again.error().describe() << "\n";
            return exit_error;
        }
        ctx.out << "batch " << o.batch << " written again to " << o.out << ": " << again.value().lines
                << " lines, sha256 " << again.value().batch->sha256 << " (identical)\n";
        return exit_ok;
    }
    if (o.from.empty() || o.to.empty() || (o.out.empty() && !o.dry_run)) {
        ctx.err << "infusiondoc export: give --from DATE --to DATE and --out FILE (or --dry-run), or --batch ID "
                   "--out FILE\n";
        return exit_error;
    }
    app::ExportRequest request;
    request.format = o.format;
    request.out = o.out;
    request.dry_run = o.dry_run;
    try {
        request.selection.from = parse_date_option(o.from, "--from");
        request.selection.to = parse_date_option(o.to, "--to");
    } catch (const CLI::ValidationError& e) {
        ctx.err << "infusiondoc export: " << e.what() << "\n";
        return exit_error;
    }
    if (request.selection.to < request.selection.from) {
        ctx.err << "infusiondoc export: --to is before --from\n";
        return exit_error;
    }
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    auto done = app::export_billing(db->billing(), *config, request, storage::Actor{ctx.user(), app::utc_now()},
                                    [&](std::int64_t lines) {
                                        if (tty) ctx.err << "\r" << lines << " lines" << std::flush;
                                        return true;
                                    });
    if (tty) ctx.err << "\r";
    if (!done) {
        ctx.err << done.error().describe() << "\n";
        return exit_error;
    }
    const auto& r = done.value();
    if (o.dry_run) {
        ctx.out << "dry run: " << r.lines << " lines of " << r.visits << " visits would be exported; nothing was "
                << "written or recorded\n";
    } else if (!r.batch) {
        ctx.out << "nothing to export between " << o.from << " and " << o.to << " (no file written)\n";
    } else {
        ctx.out << "batch " << r.batch->id << ": " << r.lines << " lines of " << r.visits << " visits written to "
                << o.out << " (" << o.format << ", sha256 " << r.batch->sha256 << ")\n";
    }
    // Visits of the range that are held are not exported: say so, and exit 1 as `code` does.
    auto totals = db->billing().totals(request.selection.from, request.selection.to);
    if (totals && totals.value().visits > totals.value().billable) {
        ctx.out << (totals.value().visits - totals.value().billable)
                << " signed visits in the range are held by their documentation and were not exported\n";
        return exit_attention;
    }
    return exit_ok;
}

}  // namespace

void add_export_command(CLI::App& program, std::vector<Command>& commands) {
    auto o = std::make_shared<Options>();
    CLI::App* sub = program.add_subcommand("export", "Export billing lines of signed visits (each line once)");
    sub->add_option("--from", o->from, "First date of service (YYYY-MM-DD)");
    sub->add_option("--to", o->to, "Last date of service (YYYY-MM-DD)");
    sub->add_option("--format", o->format, "csv (default) or hl7 (HL7 v2.5.1 DFT^P03)")
        ->check(CLI::IsMember({"csv", "hl7"}));
    sub->add_option("--out", o->out, "The file to write (must not exist)");
    sub->add_flag("--dry-run", o->dry_run, "Count what would be exported; write and record nothing");
    sub->add_option("--batch", o->batch, "Write a recorded batch again (byte-identical)")->check(CLI::PositiveNumber);
    sub->fallthrough();
    commands.push_back({sub, [o](CommandContext& ctx) { return run_export(ctx, *o); }});
}

}  // namespace infusion::cli
