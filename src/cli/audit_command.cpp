// `infusiondoc audit report --from DATE --to DATE [--format text|csv] [--actor U] [--action A] [--visit ID]`
// `infusiondoc audit verify` (walks the hash chain like `db check`: exit 0 intact, 1 broken)
// Dates are clinic days (clinic.toml time_zone). Both open the database read-only and write nothing.
// Sign-in is not asked for yet: run_audit_report and run_audit_verify are what a --user check wraps.
#include "app/audit_report.hpp"
#include "cli/commands.hpp"
#include "cli/number_options.hpp"
#include "core/terminal_text.hpp"

#include <algorithm>
#include <memory>
#include <ostream>

namespace infusion::cli {
namespace {

struct ReportOptions {
    std::string from, to, format = "text", actor, action;
    std::int64_t visit = 0;
};

// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::vector<std::string> fields(const storage::AuditEntry& e) {
    return {
        std::to_string(e.id), e.at, e.actor, e.action, e.visit_id ? std::to_string(*e.visit_id) : "", e.detail, e.hash};
}

const std::vector<std::string>& header() {
    static const std::vector<std::string> names{"id", "at", "actor", "action", "visit_id", "detail", "hash"};
    return names;
}

void csv_row(std::ostream& out, const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) out << (i == 0 ? "" : ",") << csv_field(row[i]);
    out << "\r\n";
}

// The table is for people: columns padded to their widest value, the detail last so a long one does not
// push the others, the hash shortened (the CSV has it whole). Line breaks in a detail become spaces.
void text_table(std::ostream& out, std::vector<std::vector<std::string>> rows) {
    for (auto& row : rows) {
        row[6] = row[6].substr(0, 12);
        std::replace_if(
            row[5].begin(), row[5].end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
        // A detail quotes what was typed (a patient's name): its other control characters are written
        // as escapes, as every text report does (a BEL reached the terminal raw; found from outside).
        row[5] = core::terminal_safe(row[5]);
    }
    const std::vector<std::size_t> order{0, 1, 2, 3, 4, 6, 5};
    std::vector<std::size_t> width(header().size(), 0);
    rows.insert(rows.begin(), header());
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t k = 0; k < order.size(); ++k) {
            const std::size_t i = order[k];
            const std::string& cell = row[i];
            if (k + 1 == order.size()) {
                line += cell;
            } else if (i == 0 || i == 4) {  // numbers right-aligned
                line += std::string(width[i] - cell.size(), ' ') + cell + "  ";
            } else {
                line += cell + std::string(width[i] - cell.size(), ' ') + "  ";
            }
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
    }
}

int run_audit_report(CommandContext& ctx, const ReportOptions& o) {
    app::AuditQuery query;
    try {
        query.from = parse_date_option(o.from, "--from");
        query.to = parse_date_option(o.to, "--to");
    } catch (const CLI::ValidationError& e) {
        ctx.err << "infusiondoc audit report: " << e.what() << "\n";
        return exit_error;
    }
    if (std::chrono::sys_days{*query.to} < std::chrono::sys_days{*query.from}) {
        ctx.err << "infusiondoc audit report: --to is before --from\n";
        return exit_error;
    }
    if (!o.actor.empty()) query.actor = o.actor;
    if (!o.action.empty()) query.action = o.action;
    if (o.visit > 0) query.visit = o.visit;
    const app::Acting* who = ctx.acting();
    if (who == nullptr) return exit_error;

    const bool csv = o.format == "csv";
    // The header with the first row (or after an empty report): a refused report writes nothing to
    // stdout, so a redirected file is never taken for a valid empty report.
    bool headed = false;
    const auto head = [&] {
        if (csv && !headed) csv_row(ctx.out, header());
        headed = true;
    };
    std::vector<std::vector<std::string>> rows;  // text only: aligning needs every row (use csv for big ranges)
    std::int64_t count = 0;
    auto done = ctx.clinic()->audit().for_each(*who, query, [&](const storage::AuditEntry& entry) {
        ++count;
        if (csv) {
            head();
            csv_row(ctx.out, fields(entry));
        } else {
            rows.push_back(fields(entry));
        }
        return static_cast<bool>(ctx.out);
    });
    if (!done) return ctx.fail(done.error());
    head();
    if (!csv) {
        text_table(ctx.out, std::move(rows));
    }
    if (!ctx.out) {
        ctx.err << "infusiondoc audit report: the output could not be written\n";
        return exit_error;
    }
    // On stderr, so the report itself stays a header alone: a typo in a filter looked like "nothing happened"
    // (found from outside).
    if (count == 0 && (!o.actor.empty() || !o.action.empty() || o.visit > 0)) {
        ctx.err << "infusiondoc audit report: no row of " << o.from << " to " << o.to << " matches"
                << (o.actor.empty() ? "" : " --actor '" + core::terminal_safe(o.actor) + "'")
                << (o.action.empty() ? "" : " --action '" + core::terminal_safe(o.action) + "'")
                << (o.visit > 0 ? " --visit " + std::to_string(o.visit) : "")
                << " (usernames and actions are matched exactly, in lower case: view, sign, countersign, "
                   "refused ...)\n";
    }
    return exit_ok;
}

int run_audit_verify(CommandContext& ctx) {
    app::Clinic* clinic = ctx.clinic();
    if (clinic == nullptr) return exit_error;
    app::CheckReading reading = clinic->audit().read_chain();  // before signing in: the sign-in appends to the log
    const app::Acting* who = ctx.acting();
    if (who == nullptr) return exit_error;
    auto report = clinic->audit().verify(*who, std::move(reading));
    if (!report) return ctx.fail(report.error());
    const auto& r = report.value();
    ctx.out << clinic->database_name() << ": " << r.audit_rows << " audit rows\n";
    for (const auto& f : r.findings) ctx.out << "  problem: " << f << "\n";
    if (r.ok) {
        ctx.out << "ok: the audit chain is intact\n";
    } else if (r.audit_log_altered) {
        ctx.out << "FAILED: the audit log was altered (see the problems above)\n";
    } else {
        ctx.out << "FAILED: the audit chain is intact, but the record it vouches for was changed or damaged outside "
                   "InfusionDoc (see the problems above)\n";
    }
    return r.ok ? exit_ok : exit_attention;
}

}  // namespace

void add_audit_commands(CLI::App& program, std::vector<Command>& commands) {
    CLI::App* audit = program.add_subcommand("audit", "Read and verify the audit log");
    audit->require_subcommand(1);

    auto o = std::make_shared<ReportOptions>();
    CLI::App* report = audit->add_subcommand("report", "Audit rows of a date range, as a table or CSV");
    report->add_option("--from", o->from, "First clinic day (YYYY-MM-DD)")->required();
    report->add_option("--to", o->to, "Last clinic day (YYYY-MM-DD)")->required();
    report->add_option("--format", o->format, "text (default, an aligned table) or csv (RFC 4180, with a header)")
        ->check(CLI::IsMember({"text", "csv"}));
    report->add_option("--actor", o->actor, "Only rows of this user");
    report->add_option("--action", o->action, "Only rows of this action (view, sign, countersign, refused ...)");
    decimal(report->add_option("--visit", o->visit, "Only rows about this visit"), 1);
    report->fallthrough();
    commands.push_back({report, [o](CommandContext& ctx) { return run_audit_report(ctx, *o); }});

    CLI::App* verify = audit->add_subcommand("verify", "Recompute the audit log's hash chain (exit 1 when broken)");
    verify->fallthrough();
    commands.push_back({verify, [](CommandContext& ctx) { return run_audit_verify(ctx); }});
}

}  // namespace infusion::cli
