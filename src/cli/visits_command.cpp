// `infusiondoc visits list ...` and `infusiondoc visits show ID [--format text|toml|json]`.
#include "app/clinic.hpp"
#include "app/visit_files.hpp"
#include "cli/commands.hpp"
#include "cli/number_options.hpp"
#include "cli/visit_report.hpp"
#include "core/terminal_text.hpp"
#include "core/wall_time.hpp"

#include <iomanip>
#include <memory>
#include <ostream>
#include <sstream>

namespace infusion::cli {
namespace {

std::optional<storage::PageCursor> parse_cursor(const std::string& text) {
    // "DATE:ID" as printed by `visits list` for the next page ("" date for visits without one).
    const auto colon = text.rfind(':');
    if (colon == std::string::npos)
        throw CLI::ValidationError("--after", "expected DATE:ID as printed for the next page");
    storage::PageCursor cursor;
    cursor.date = text.substr(0, colon);
    // The date as printed: a date of service, or empty for visits without one; the id in decimal digits.
    // "2026-02-30:5" or ":x" gave an empty page without a word.
    const std::string id = text.substr(colon + 1);
    if ((!cursor.date.empty() && !core::parse_date(cursor.date)) || id.empty() ||
        id.find_first_not_of("0123456789") != std::string::npos || id.size() > 18) {
        throw CLI::ValidationError("--after", "'" + text + "' is not DATE:ID as printed for the next page");
    }
    cursor.id = std::stoll(id);
    return cursor;
}

// The billing column in the worklist's words, one word each: "held" when the documentation holds the
// claim, or an open correction request holds the lines until it is answered; "exported" once its lines
// went out; "amended-after-export" when an amendment's reversals and lines wait for the next batch;
// otherwise "ready" (an exported visit read "ready", found from outside).
const char* billing_word(const storage::VisitSummary& r) {
    if (!r.billable) return "-";
    if (r.billing_state) {
        switch (*r.billing_state) {
            case storage::WorklistState::held: return "held";
            case storage::WorklistState::exported: return "exported";
            case storage::WorklistState::amended_after_export: return "amended-after-export";
            case storage::WorklistState::ready: break;
        }
    }
    return *r.billable ? "ready" : "held";
}

void write_list(const storage::VisitPage& page, std::ostream& out) {
    out << std::left << std::setw(9) << "id" << std::setw(12) << "date" << std::setw(9) << "status" << std::setw(13)
        << "patient" << std::setw(24) << "name" << std::setw(14) << "clinician" << std::setw(8) << "minutes"
        << "billing\n";
    // Names and ids are padded by characters, not bytes (terminal_text.hpp): a name with accents would
    // otherwise pull the columns after it to the left, and a name cut by bytes could end mid-character. A
    // line break stays "\n" (core::one_line): it would begin a row of its own.
    for (const auto& r : page.rows) {
        out << std::left << std::setw(9) << r.id << std::setw(12)
            << (r.date_of_service ? core::format_date(*r.date_of_service) : "-") << std::setw(9)
            << storage::to_string(r.status) << core::pad_column(core::one_line(r.patient_id), 13)
            << core::fit_column(core::one_line(r.patient_name), 24) << core::pad_column(core::one_line(r.clinician), 14)
            << std::setw(8) << (r.infusion_minutes ? std::to_string(*r.infusion_minutes) : "-") << billing_word(r)
            << "\n";
    }
    if (page.next) out << "more: --after " << page.next->date << ":" << page.next->id << "\n";
}

}  // namespace

void add_visits_commands(CLI::App& program, std::vector<Command>& commands) {
    CLI::App* visits = program.add_subcommand("visits", "List and show stored visits");
    visits->require_subcommand(1);

    struct ListOptions {
        std::string from, to, patient, status, clinician, after;
        int limit = 50;
    };
    auto list = std::make_shared<ListOptions>();
    CLI::App* list_cmd = visits->add_subcommand("list", "Visits newest first, one page at a time");
    list_cmd->add_option("--from", list->from, "First date of service (YYYY-MM-DD)");
    list_cmd->add_option("--to", list->to, "Last date of service (YYYY-MM-DD)");
    list_cmd->add_option("--patient", list->patient, "Patient id (MRN)");
    list_cmd->add_option("--status", list->status, "draft, signed or amended")
        ->check(CLI::IsMember({"draft", "signed", "amended"}));
    list_cmd->add_option("--clinician", list->clinician, "Performing clinician");
    decimal(list_cmd->add_option("--limit", list->limit, "Rows per page (default 50)"), 1, 10000);
    list_cmd->add_option("--after", list->after, "Continue after DATE:ID (printed at the end of a page)");
    list_cmd->fallthrough();
    commands.push_back({list_cmd, [list](CommandContext& ctx) {
                            storage::VisitFilter filter;
                            try {
                                if (!list->from.empty()) filter.from = parse_date_option(list->from, "--from");
                                if (!list->to.empty()) filter.to = parse_date_option(list->to, "--to");
                                if (!list->after.empty()) filter.after = parse_cursor(list->after);
                            } catch (const CLI::ValidationError& e) {
                                ctx.err << "infusiondoc visits list: " << e.what() << "\n";
                                return exit_error;
                            }
                            // As export, audit report and visits print say it: an empty page is no answer.
                            if (filter.from && filter.to &&
                                std::chrono::sys_days{*filter.to} < std::chrono::sys_days{*filter.from}) {
                                ctx.err << "infusiondoc visits list: --to is before --from\n";
                                return exit_error;
                            }
                            if (!list->patient.empty()) filter.patient_id = list->patient;
                            if (!list->status.empty()) filter.status = storage::visit_status_from_string(list->status);
                            if (!list->clinician.empty()) filter.clinician = list->clinician;
                            filter.limit = list->limit;
                            const app::Acting* who = ctx.acting();
                            if (who == nullptr) return exit_error;
                            auto page = ctx.clinic()->visits().list(*who, filter);
                            if (!page) return ctx.fail(page.error());
                            std::ostringstream text;  // names and MRNs from visit files: escaped for the terminal
                            write_list(page.value(), text);
                            ctx.out << core::terminal_safe(text.str());
                            return exit_ok;
                        }});

    struct ShowOptions {
        storage::VisitId id = 0;
        std::string format = "text";
    };
    auto show = std::make_shared<ShowOptions>();
    CLI::App* show_cmd = visits->add_subcommand("show", "One visit with its revisions, lines and problems");
    decimal(show_cmd->add_option("ID", show->id, "Visit id"), 1)->required();
    show_cmd->add_option("--format", show->format, "text (default), toml (a visit file) or json")
        ->check(CLI::IsMember({"text", "toml", "json"}));
    show_cmd->fallthrough();
    commands.push_back({show_cmd, [show](CommandContext& ctx) {
                            const app::Acting* who = ctx.acting();
                            if (who == nullptr) return exit_error;
                            auto visit = ctx.clinic()->visits().open(*who, show->id);
                            if (!visit) return ctx.fail(visit.error());
                            app::ReviewRecord review;
                            std::optional<storage::WorklistRow> billing;
                            if (show->format != "toml") {
                                auto read = ctx.clinic()->visits().review_record(*who, show->id);
                                if (!read) return ctx.fail(read.error());
                                review = std::move(read.value());
                                auto state = ctx.clinic()->visits().billing_state(*who, visit.value());
                                if (!state) return ctx.fail(state.error());
                                billing = std::move(state.value());
                            }
                            // The hold reasons' times in the clinic's zone, as the window says them.
                            const std::string& zone = who->clock().time_zone();
                            if (show->format == "toml") {
                                ctx.out << app::visit_file_text(visit.value().current().content);
                            } else if (show->format == "json") {
                                std::ostringstream json;  // C1 controls become JSON's own \u0080..\u009f escapes
                                write_visit_json(visit.value(), review, billing, zone, json);
                                ctx.out << core::terminal_safe(json.str());
                            } else {
                                std::ostringstream text;  // notes and names from visit files: escaped for the terminal
                                write_visit_text(visit.value(), review, billing, zone, text);
                                ctx.out << core::terminal_safe(text.str());
                            }
                            return exit_ok;
                        }});
}

}  // namespace infusion::cli
