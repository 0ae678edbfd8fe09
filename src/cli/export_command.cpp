// `infusiondoc export --from DATE --to DATE --format csv|hl7 --out FILE [--dry-run]`
// Exit 1 when done but something needs a person: signed visits of the range held, or amended visits whose corrections
// wait for an export in the other format (the one their charges went out in).
// `infusiondoc export --batch ID --out FILE` (writes a recorded batch again, byte for byte)
// `infusiondoc export batches [--limit N]` (batches with their delivery state; exit 1 while one is undelivered)
#include "cli/commands.hpp"
#include "cli/number_options.hpp"
#include "core/terminal_text.hpp"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <ostream>

namespace infusion::cli {
namespace {

struct Options {
    std::string from, to, format = "csv", out;
    std::int64_t batch = 0;
    bool dry_run = false;
    // Given on the command line (not defaults): --batch writes a recorded batch as it was recorded, so
    // these cannot apply to it and are refused rather than silently ignored.
    std::vector<const CLI::Option*> not_with_batch;
};

// A line of its own under the batch's line: of the lines, how many take back lines of an earlier batch
// (amended visits). The summary said nothing of them, and a biller reconciling the file counted them as
// charges.
void say_reversals(CommandContext& ctx, const app::ExportOutcome& r) {
    if (r.reversals == 0) return;
    ctx.out << "  " << r.reversals
            << (r.reversals == 1 ? " of them reverses a line of an earlier batch (its visit was amended)\n"
                                 : " of them reverse lines of an earlier batch (their visits were amended)\n");
}

void say_late_visits(CommandContext& ctx, const app::ExportOutcome& r) {
    if (const std::string late = app::late_visits_sentence(r.late_visits); !late.empty())
        ctx.out << "  " << late << "\n";
}

// Prints what became of the batches earlier exports recorded but never put in place; false when one is
// still not delivered (its message says what to do).
bool report_deliveries(CommandContext& ctx, const std::vector<app::Delivery>& deliveries) {
    bool all = true;
    for (const auto& d : deliveries) {
        (d.delivered ? ctx.out : ctx.err)
            << (d.delivered ? "" : "infusiondoc export: ") << core::terminal_safe(d.message) << "\n";
        all = all && d.delivered;
    }
    return all;
}

// `infusiondoc export batches`: every batch, newest first, with where its file went.
int run_batches(CommandContext& ctx, int limit) {
    const app::Acting* who = ctx.acting();
    if (who == nullptr) return exit_error;
    app::BillingService& billing = ctx.clinic()->billing();
    auto deliveries = billing.deliver_pending(*who, "list export batches");
    if (!deliveries) return ctx.fail(deliveries.error());
    const bool all_delivered = report_deliveries(ctx, deliveries.value());
    auto batches = billing.batches(*who, limit);
    if (!batches) return ctx.fail(batches.error());
    // The dates a batch covered, before its state (found from outside: a batch's file name was the only clue to
    // its period, and the window once proposed another period's name). The first five columns are as they were.
    ctx.out << "batch  created               by              format  lines  dates                     state\n";
    for (const auto& b : batches.value()) {
        std::string state =
            b.delivered_at
                ? "delivered " + *b.delivered_at +
                      (b.delivered_path.empty() ? std::string() : " to " + core::terminal_line(b.delivered_path))
                : "NOT DELIVERED (meant for " +
                      (b.out_path.empty() ? std::string("?") : core::terminal_line(b.out_path)) + ")";
        // A worklist selection's batch has no range of its own.
        const std::string dates =
            b.from_date.empty() && b.to_date.empty() ? std::string("(a selection)") : b.from_date + ".." + b.to_date;
        char line[200];
        std::snprintf(line, sizeof line, "%5lld  %-20s  %-14s  %-6s  %5lld  %-24s  ", static_cast<long long>(b.id),
                      b.created_at.c_str(), core::terminal_safe(b.created_by).c_str(), b.format.c_str(),
                      static_cast<long long>(b.line_count), dates.c_str());
        ctx.out << line << state << "\n";
    }
    if (batches.value().empty()) ctx.out << "(no batches yet)\n";
    return all_delivered ? exit_ok : exit_attention;
}

int run_export(CommandContext& ctx, const Options& o) {
    if (o.batch > 0) {
        for (const CLI::Option* option : o.not_with_batch) {
            if (option->count() == 0) continue;
            ctx.err << "infusiondoc export: --batch writes batch " << o.batch
                    << " again exactly as it was recorded (its format, its lines); " << option->get_name()
                    << " does not apply to it (nothing was written)\n";
            return exit_error;
        }
        if (o.out.empty()) {
            ctx.err << "infusiondoc export: --batch needs --out FILE\n";
            return exit_error;
        }
        const app::Acting* who = ctx.acting();
        if (who == nullptr) return exit_error;
        auto again = ctx.clinic()->billing().reexport_batch(*who, o.batch, o.out);
        if (!again) return ctx.fail(again.error());
        ctx.out << "batch " << o.batch << " written again to " << core::terminal_line(o.out) << ": "
                << again.value().lines << " lines, sha256 " << again.value().batch->sha256 << " (identical)\n";
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
    const app::Acting* who = ctx.acting();
    if (who == nullptr) return exit_error;
    app::BillingService& billing = ctx.clinic()->billing();
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    auto done = billing.export_billing(*who, request, [&](std::int64_t lines) {
        if (tty) ctx.err << "\r" << lines << " lines" << std::flush;
        return true;
    });
    if (tty) ctx.err << "\r";
    if (!done) return ctx.fail(done.error());
    const auto& r = done.value();
    // Batches of exports that stopped before their rename were delivered first (or are reported).
    const bool undelivered = !report_deliveries(ctx, r.deliveries);
    if (o.dry_run) {
        ctx.out << "dry run: " << r.lines << " lines of " << r.visits << " visits would be exported; nothing was "
                << "written or recorded\n";
        say_reversals(ctx, r);
        say_late_visits(ctx, r);
        // Said, not refused: scripts pass --out with --dry-run, and nothing is written to it (found from
        // outside: it was ignored without a word).
        if (!o.out.empty()) ctx.out << "  (--out " << core::terminal_line(o.out) << " not written: a dry run)\n";
    } else if (!r.batch) {
        ctx.out << "nothing to export between " << o.from << " and " << o.to << " (no file written)\n";
    } else {
        ctx.out << "batch " << r.batch->id << ": " << r.lines << " lines of " << r.visits << " visits written to "
                << core::terminal_line(o.out) << " (" << o.format << ", sha256 " << r.batch->sha256 << ")\n";
        say_reversals(ctx, r);
        say_late_visits(ctx, r);
        if (r.delivered_elsewhere) {
            ctx.out << "  another session put this same file in place first (its bytes checked); its delivery is "
                       "recorded\n";
        }
    }
    if (undelivered) return exit_attention;
    // Visits of the range that are held are not charged: say so, and exit 1 as `code` does. Counted by the
    // export itself, in its transaction.
    // Corrections left for the other format: nothing else sends them. The same exit.
    if (r.other_format_visits > 0) {
        ctx.out << app::other_format_sentence(r.other_format_ids, o.format) << " (export with --format "
                << app::other_export_format(o.format) << ")\n";
    }
    if (r.held_visits > 0) ctx.out << app::held_visits_sentence(r.held_visits) << "\n";
    return r.held_visits > 0 || r.other_format_visits > 0 ? exit_attention : exit_ok;
}

}  // namespace

void add_export_command(CLI::App& program, std::vector<Command>& commands) {
    auto o = std::make_shared<Options>();
    CLI::App* sub = program.add_subcommand("export", "Export billing lines of signed visits (each line once)");
    o->not_with_batch.push_back(sub->add_option("--from", o->from, "First date of service (YYYY-MM-DD)"));
    o->not_with_batch.push_back(sub->add_option("--to", o->to, "Last date of service (YYYY-MM-DD)"));
    o->not_with_batch.push_back(sub->add_option("--format", o->format, "csv (default) or hl7 (HL7 v2.5.1 DFT^P03)")
                                    ->check(CLI::IsMember({"csv", "hl7"})));
    sub->add_option("--out", o->out, "The file to write (must not exist)");
    o->not_with_batch.push_back(
        sub->add_flag("--dry-run", o->dry_run, "Count what would be exported; write and record nothing"));
    decimal(sub->add_option("--batch", o->batch, "Write a recorded batch again (byte-identical)"), 1);
    sub->fallthrough();
    auto limit = std::make_shared<int>(50);
    CLI::App* batches = sub->add_subcommand("batches", "List export batches, newest first, with their delivery state");
    decimal(batches->add_option("--limit", *limit, "How many (default 50)"), 1, INT32_MAX);
    batches->fallthrough();
    // Before `export` itself: the first parsed command in the list runs.
    commands.push_back({batches, [limit](CommandContext& ctx) { return run_batches(ctx, *limit); }});
    commands.push_back({sub, [o](CommandContext& ctx) { return run_export(ctx, *o); }});
}

}  // namespace infusion::cli
