// `infusiondoc import [--sign] [--rename-patients] FILE...`: visit files into the database, each all-or-nothing.
#include "app/import_visits.hpp"
#include "cli/commands.hpp"
#include "core/terminal_text.hpp"

#include <filesystem>
#include <memory>
#include <ostream>
#include <string_view>

namespace infusion::cli {

void add_import_command(CLI::App& program, std::vector<Command>& commands) {
    struct Options {
        bool sign = false;
        bool rename_patients = false;
        std::vector<std::string> files;
    };
    auto options = std::make_shared<Options>();
    CLI::App* sub = program.add_subcommand("import", "Import visit files into the database (each file all-or-nothing)");
    sub->add_flag("--sign", options->sign, "Sign each imported visit whose documentation allows it");
    sub->add_flag("--rename-patients", options->rename_patients,
                  "A file naming a patient id on record under another name or birth date changes the record "
                  "(audited); without it, such a file is not imported");
    sub->add_option("FILE", options->files, "Visit files (format infusiondoc-visit-1)")->required();
    commands.push_back(
        {sub,
         [options](CommandContext& ctx) {
             // Found from outside: a mistyped --db made its folders and a new database, and the visits
             // were reported imported into it. A new database is still made (scripts rely on it), but only
             // in a folder that exists, and the import says so.
             const auto made = ctx.database_to_be_made();
             if (made) {
                 std::error_code ec;
                 const auto folder = made->parent_path().empty() ? std::filesystem::path(".") : made->parent_path();
                 if (!std::filesystem::is_directory(folder, ec)) {
                     ctx.err << "infusiondoc: cannot import: there is no database at "
                             << core::terminal_safe(made->string()) << " and its folder "
                             << core::terminal_safe(folder.string())
                             << " does not exist (is --db mistyped?); nothing was created or imported\n";
                     return exit_error;
                 }
             }
             const app::Acting* who = ctx.acting();
             if (who == nullptr) return exit_error;
             if (made) {
                 ctx.err << "infusiondoc: there was no database at " << core::terminal_safe(made->string())
                         << ": a new one was made for these visits (it has no users yet)\n";
             }
             std::vector<std::filesystem::path> files(options->files.begin(), options->files.end());
             int imported = 0, failed = 0, unsigned_count = 0, namesakes = 0;
             // Text from the file (its name, a clinician, a message quoting them) reaches a terminal: its
             // control characters are escaped, and a line break is written "\n", so each report line stays
             // one line for the scripts that read it (a patient's name with a line break in it began a line
             // of its own, found from outside).
             const auto text = [](std::string_view from_file) {
                 return core::one_line(core::terminal_safe(from_file));
             };
             const auto report = [&](const app::ImportedFile& f) {
                 if (f.error) {
                     ++failed;
                     ctx.err << text(f.error->describe()) << "\n";
                     return;
                 }
                 ++imported;
                 ctx.out << text(f.file) << ": imported as visit " << *f.id << (f.signed_visit ? ", signed" : ", draft")
                         << (f.signed_visit && !f.billable ? " (billing held)" : "") << "\n";
                 if (f.signed_visit && !f.billable) {
                     for (const auto& p : f.held_by) {
                         ctx.out << "  held: " << text(p.message) << " [" << text(p.field) << "]\n";
                     }
                 }
                 if (f.patient_note) ctx.out << "  patient: " << text(*f.patient_note) << "\n";
                 if (f.namesake) ++namesakes;
                 for (const auto& p : f.checks) {
                     ctx.out << "  check: " << text(p.message) << " [" << text(p.field) << "]\n";
                 }
                 if (options->sign && !f.signed_visit) {
                     ++unsigned_count;
                     for (const auto& p : f.sign_blockers) {
                         ctx.out << "  not signed: " << text(p.message) << " [" << text(p.field) << "]\n";
                     }
                 }
                 ctx.out.flush();  // a printed visit is a committed visit
             };
             auto done = app::import_files(
                 *who, *ctx.clinic(), files, options->sign, report,
                 options->rename_patients ? storage::PatientNaming::rename : storage::PatientNaming::keep_record);
             if (!done) return ctx.fail(done.error());
             ctx.out << imported << " imported, " << failed << " not imported";
             if (options->sign) ctx.out << ", " << unsigned_count << " left as drafts";
             ctx.out << "\n";
             if (failed > 0) return exit_error;
             return unsigned_count > 0 || namesakes > 0 ? exit_attention : exit_ok;
         },
         true});  // visits imported into a new database, as before
}

}  // namespace infusion::cli
