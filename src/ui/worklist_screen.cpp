// Sections: 1. loading  2. filters and totals  3. the table  4. export
#include "ui/worklist_screen.hpp"

#include "app/export_folder.hpp"
#include "app/hold_reasons.hpp"
#include "platform/open_folder.hpp"
#include "ui/widgets.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace infusion::ui {
namespace {

// The state filter's choices: "all", then storage::WorklistState in order.
constexpr std::array<const char*, 5> worklist_state_names{"all", "ready", "held", "exported", "amended after export"};

// ---- 1. loading --------------------------------------------------------------------------------
// The clinic's today (its time zone), as on every screen.
std::chrono::year_month_day today_of(const AppState& state) { return state.today_date(); }

// Why `text` is no date, naming the field: "2026-02-30" is written right but is no day of the calendar
// (it was told "Dates are written YYYY-MM-DD", which it is; found from outside).
std::string not_a_date(const char* field, const std::string& text) {
    const bool shaped =
        text.size() == 10 && text[4] == '-' && text[7] == '-' &&
        std::all_of(text.begin(), text.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
    return std::string(field) + " '" + text + "' " +
           (shaped ? "is not a day of the calendar" : "is not a date: write YYYY-MM-DD");
}

bool parse_range(WorklistScreenState& w, std::chrono::year_month_day& from, std::chrono::year_month_day& to) {
    const auto f = core::parse_date(w.from);
    const auto t = core::parse_date(w.to);
    if (!f || !t) {
        w.error = !f ? not_a_date("From", w.from) : not_a_date("To", w.to);
        return false;
    }
    from = *f;
    to = *t;
    return true;
}

// `first`: the first page, at least `shown` rows long (a list read again keeps the rows it showed).
void load_page(AppState& state, bool first, std::size_t shown = 0) {
    auto& w = state.worklist;
    storage::WorklistFilter filter;
    if (!parse_range(w, filter.from, filter.to)) return;
    if (w.state_filter > 0) filter.state = static_cast<storage::WorklistState>(w.state_filter - 1);
    if (!w.patient.empty()) filter.patient_id = w.patient;
    filter.limit = first ? std::clamp(static_cast<int>(shown), 100, 10'000) : 100;
    if (!first) filter.after = w.next;
    auto page = state.clinic.billing().worklist(state.who(), filter);
    if (!page) {
        w.error = page.error().describe();
        return;
    }
    if (first) {
        w.rows.clear();
        w.row_heights.clear();  // measured again as drawn: other rows now
    }
    w.rows.insert(w.rows.end(), page.value().rows.begin(), page.value().rows.end());
    w.next = page.value().next;
}

void reload(AppState& state) {
    auto& w = state.worklist;
    w.stale = false;
    w.error.clear();
    if (w.from.empty()) w.from = core::format_date(std::chrono::sys_days{today_of(state)} - std::chrono::days{6});
    if (w.to.empty()) w.to = core::format_date(today_of(state));
    // Read again after another workstation's change, the list keeps as many rows as it showed.
    load_page(state, true, w.rows.size());
    std::chrono::year_month_day from{}, to{};
    if (!parse_range(w, from, to)) return;
    if (auto totals = state.clinic.billing().totals(state.who(), from, to)) w.totals = totals.value();
}

ImVec4 state_colour(storage::WorklistState s) {
    switch (s) {
        case storage::WorklistState::ready: return ok_colour();
        case storage::WorklistState::held: return error_colour();
        case storage::WorklistState::exported: return muted_colour();
        case storage::WorklistState::amended_after_export: return warning_colour();
    }
    return muted_colour();
}

// ---- 2. filters and totals ---------------------------------------------------------------------
void draw_filters(AppState& state) {
    auto& w = state.worklist;
    bool changed = false;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0F);
    changed |= ImGui::InputTextWithHint("##from", "from", &w.from);
    remember(state, "worklist.from");
    ImGui::SameLine();
    ImGui::TextUnformatted("to");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0F);
    changed |= ImGui::InputTextWithHint("##to", "to", &w.to);
    remember(state, "worklist.to");
    ImGui::SameLine();
    // Wide enough for its longest choice ("amended after ex" was cut; found from outside).
    ImGui::SetNextItemWidth(ImGui::CalcTextSize(worklist_state_names[4]).x + ImGui::GetFrameHeight() +
                            ImGui::GetStyle().FramePadding.x * 2.0F);
    changed |= ImGui::Combo("##state", &w.state_filter, worklist_state_names.data(),
                            static_cast<int>(worklist_state_names.size()));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0F);
    changed |= ImGui::InputTextWithHint("##patient", "patient id", &w.patient);
    remember(state, "worklist.patient");
    if (changed) {
        w.stale = true;
        // What the last export or "Open folder" said was about the list before the change (found from
        // outside: "Nothing to export in this range." stayed while another range had 615 lines ready).
        if (!w.job) w.summary.clear();
        w.open_folder_error.clear();
    }
    const auto& t = w.totals;
    // The totals are the whole date range's: said so while a state or patient filter narrows the rows
    // (found from outside: "198 signed visits" over an empty "held" list).
    const bool narrowed = w.state_filter > 0 || !w.patient.empty();
    // The lines (and each code's below) are the billable visits' only: "every state" over totals without a held
    // visit's lines read as if they were counted (found from outside).
    ImGui::Text("%s%lld signed visits, %lld billable with %lld lines (held visits' lines are not counted)",
                narrowed ? "The whole range, every state and patient: " : "", static_cast<long long>(t.visits),
                static_cast<long long>(t.billable), static_cast<long long>(t.lines));
    remember(state, "worklist.totals");
    // One code's totals never break across lines ("J1559:" at the end of one, "7 lines" on the next):
    // within an item the spaces are no-break spaces, which ImGui's wrapping does not break at.
    constexpr const char* nbsp = "\u00A0";
    std::string by_code;
    for (const auto& code : t.by_code) {
        by_code += (by_code.empty() ? "" : "   ") + code.code + ":" + nbsp + std::to_string(code.lines) + nbsp +
                   "lines," + nbsp + std::to_string(code.units) + nbsp + "units";
    }
    ImGui::PushStyleColor(ImGuiCol_Text, muted_colour());
    ImGui::TextWrapped("%s", by_code.c_str());
    ImGui::PopStyleColor();
}

// ---- 3. the table ------------------------------------------------------------------------------
// The height the export's summary and the folder's error take under the buttons, wrapped at `width`: the table
// leaves it free. Beside the buttons, a summary with a long path and a sentence or two ran off the bottom of the
// window at 1024x700 (found from outside).
float export_messages_height(const WorklistScreenState& w, float width) {
    float height = 0;
    for (const std::string* text : {&w.summary, &w.open_folder_error}) {
        if (!text->empty()) {
            height += ImGui::CalcTextSize(text->c_str(), nullptr, false, width).y + ImGui::GetStyle().ItemSpacing.y;
        }
    }
    return height;
}

void draw_table(AppState& state) {
    auto& w = state.worklist;
    // An empty list says why, naming the filter that emptied it (found from outside: "MRN-18" gave an empty
    // table and no word; the patient id is matched whole).
    if (w.rows.empty() && !w.stale && w.error.empty()) {
        std::string why = "No signed visit";
        if (!w.patient.empty()) why += " of patient id '" + w.patient + "' (the whole id, as on the visit)";
        if (w.state_filter > 0)
            why += std::string(" in state '") + worklist_state_names.at(static_cast<std::size_t>(w.state_filter)) + "'";
        why += " from " + w.from + " to " + w.to + ".";
        ImGui::TextColored(muted_colour(), "%s", why.c_str());
        remember(state, "worklist.empty");
    }
    const float footer = touch_height() * 1.6F + export_messages_height(w, ImGui::GetContentRegionAvail().x);
    if (!ImGui::BeginTable("worklist", 6,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_SizingStretchProp,
                           ImVec2(0, ImGui::GetContentRegionAvail().y - footer))) {
        return;
    }
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0F);
    ImGui::TableSetupColumn("Patient", ImGuiTableColumnFlags_WidthStretch, 1.4F);
    ImGui::TableSetupColumn("Nurse", ImGuiTableColumnFlags_WidthStretch, 0.8F);
    ImGui::TableSetupColumn("Lines", ImGuiTableColumnFlags_WidthStretch, 1.6F);
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthStretch, 1.8F);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4.5F);
    ImGui::TableHeadersRow();
    // Rows differ in height (hold reasons, checks). ImGuiListClipper takes every row for as tall as the first:
    // under a tall first row it drew one to three rows and left the rest of the list blank (found from
    // outside). Each row out of view is drawn as an empty cell of its height as last measured, so the
    // scrollbar is right and a frame draws only what is on screen.
    const float cell_padding = ImGui::GetStyle().CellPadding.y;
    w.row_heights.resize(w.rows.size(), 0.0F);
    std::optional<std::pair<std::size_t, float>> measuring;  // the row drawn last and where it began
    for (std::size_t i = 0; i < w.rows.size(); ++i) {
        const auto& row = w.rows[i];
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        const float top = ImGui::GetCursorScreenPos().y;
        if (measuring) w.row_heights[measuring->first] = top - measuring->second;
        measuring.reset();
        const float known = w.row_heights[i];
        if (known > 0.0F && !ImGui::IsRectVisible(ImVec2(1.0F, known))) {
            ImGui::Dummy(ImVec2(0.0F, std::max(0.0F, known - 2.0F * cell_padding)));
            continue;
        }
        measuring = std::pair{i, top};
        ImGui::PushID(static_cast<int>(row.id));
        ImGui::TextUnformatted(row.date_of_service ? core::format_date(*row.date_of_service).c_str() : "-");
        ImGui::TableSetColumnIndex(1);
        // Wrapped in its column: a long name ran under the Nurse column (found from outside). Past two
        // lines cut with "...", whole under the pointer: a name made its row five lines tall.
        wrapped_or_fitted_text(row.patient_id + "  " + row.patient_name, 2);
        ImGui::TableSetColumnIndex(2);
        fitted_text(row.clinician);
        ImGui::TableSetColumnIndex(3);
        std::string lines;
        for (const auto& l : row.lines) {
            // "J1559-JW x10", as the visit's billing panel and `visits show` write it (the modifier came
            // after the units: "J1559 x10-JW").
            lines += (lines.empty() ? "" : "  ") + core::code_with_modifiers(l) + " x" + std::to_string(l.units);
        }
        ImGui::TextWrapped("%s", lines.c_str());
        ImGui::TableSetColumnIndex(4);
        std::string status = storage::to_string(row.state);
        if (row.state == storage::WorklistState::exported && row.batch)
            status += " in batch " + std::to_string(*row.batch);
        ImGui::TextColored(state_colour(row.state), "%s", status.c_str());
        for (const auto& reason : app::hold_reasons(row, state.clinic.settings().time_zone))
            ImGui::TextWrapped("%s", reason.c_str());
        // What the coding asks a coder to look at before the lines go out (a hydration billed as an
        // infusion, a missing NDC): on the row, not only inside the visit (found from outside: such a
        // visit read "ready" and went out with nothing said).
        if (!row.checks.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, warning_colour());
            for (const auto& check : row.checks) ImGui::TextWrapped("Check: %s", check.c_str());
            ImGui::PopStyleColor();
            remember(state, "worklist.check." + std::to_string(row.id));
        }
        ImGui::TableSetColumnIndex(5);
        if (ImGui::Button("Open", ImVec2(ImGui::GetFontSize() * 4.0F, 0.0F))) state.open_visit(row.id);
        remember(state, "worklist.open." + std::to_string(row.id));
        ImGui::PopID();
    }
    ImGui::EndTable();
}

// ---- 4. export ---------------------------------------------------------------------------------
// The proposed file: billing-FROM-to-TO.csv in the export folder, or -2, -3 ... when that name is taken
// (an export never overwrites, so the plain name failed with "already exists" for a second batch of
// the same range).
// A file, link or anything else already at `path`: an export never writes there.
bool taken(const std::filesystem::path& path) {
    std::error_code ec;
    return std::filesystem::exists(std::filesystem::symlink_status(path, ec));
}

std::string free_default_path(const WorklistScreenState& w) {
    const auto folder = app::default_export_folder();
    const std::string stem = "billing-" + w.from + "-to-" + w.to;
    const std::string extension = w.format == 0 ? ".csv" : ".hl7";
    for (int n = 1; n < 1000; ++n) {
        const auto path = folder / (stem + (n == 1 ? std::string() : "-" + std::to_string(n)) + extension);
        if (!taken(path)) return path.string();
    }
    return (folder / (stem + extension)).string();
}

// The file's extension follows the format chosen: HL7 went into a file named .csv.
std::string with_format_extension(const std::string& path, int format) {
    const auto ends = [&](const char* ext) { return path.size() >= 4 && path.compare(path.size() - 4, 4, ext) == 0; };
    if (!ends(".csv") && !ends(".hl7")) return path;
    return path.substr(0, path.size() - 4) + (format == 0 ? ".csv" : ".hl7");
}

// What a file name ending in the other format's extension would hold, or "": HL7 was written into a
// ".csv" typed after the format had stayed on HL7 from the last export (found from outside), and a
// clinic's importer picks its reader by the extension.
std::string extension_contradiction(const std::string& path, int format) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (format == 1 && ext == ".csv")
        return "the file name ends in .csv but the format is HL7: choose CSV, or end the name in .hl7";
    if (format == 0 && ext == ".hl7")
        return "the file name ends in .hl7 but the format is CSV: choose HL7, or end the name in .csv";
    return {};
}

void draw_export(AppState& state) {
    auto& w = state.worklist;
    if (w.job) {
        if (auto result = w.job->result()) {
            if (!*result) {
                w.summary = "Export failed: " + result->error().describe();
                w.summary_failed = true;
            } else if (result->value().cancelled) {
                w.summary = "Export cancelled: no batch, no file.";
            } else if (!result->value().batch) {
                w.summary = "Nothing to export in this range.";
            } else {
                const auto& b = *result->value().batch;
                w.summary = "Batch " + std::to_string(b.id) + ": " + std::to_string(b.line_count) +
                            (b.line_count == 1 ? " line written to " : " lines written to ") + w.out_path;
                // A biller reconciling the file against the claims needs to know some lines take back
                // earlier ones (the summary said nothing of them).
                if (const std::int64_t back = result->value().reversals; back > 0) {
                    w.summary += " (" + std::to_string(back) +
                                 (back == 1 ? " of them reverses a line of an earlier batch: its visit was amended)"
                                            : " of them reverse lines of an earlier batch: their visits were amended)");
                }
                if (const std::string late = app::late_visits_sentence(result->value().late_visits); !late.empty()) {
                    w.summary += ". " + late;
                }
                w.last_export = w.out_path;
            }
            // The command line says so too: "Nothing to export" hid a held visit's waiting charges (found from
            // outside).
            if (*result && !result->value().cancelled) {
                if (const std::string held = app::held_visits_sentence(result->value().held_visits); !held.empty()) {
                    // A sentence of its own: after the file's path, "2 signed visits ..." read as part of it (found
                    // from outside).
                    if (!w.summary.empty() && w.summary.back() != '.') w.summary += '.';
                    w.summary += " " + held +
                                 (result->value().held_visits == 1 ? " (the state \"held\" lists it)."
                                                                   : " (the state \"held\" lists them).");
                }
                if (const std::string other =
                        app::other_format_sentence(result->value().other_format_ids, w.job_format);
                    !other.empty()) {
                    if (!w.summary.empty() && w.summary.back() != '.') w.summary += '.';
                    w.summary += " " + other + " (export again with " +
                                 (w.job_format == "csv" ? "\"HL7 v2.5.1 DFT^P03\"" : "\"CSV\"") + " chosen).";
                }
            }
            if (*result) w.summary_failed = false;
            w.job.reset();
            w.stale = true;
        } else {
            ImGui::ProgressBar(-1.0F * static_cast<float>(ImGui::GetTime()), ImVec2(ImGui::GetFontSize() * 12.0F, 0),
                               (std::to_string(w.job->lines()) + " lines").c_str());
            ImGui::SameLine();
            if (big_button(state, "Cancel export", "export.cancel")) w.job->cancel();
            return;
        }
    }
    if (big_button(state, "Export ready lines...", "export.open")) {
        w.open_export = true;
        // A full path in the documented export folder (app/export_folder.hpp), never a bare name in
        // whatever the working directory happens to be.
        if (w.out_path.empty() || taken(w.out_path) || w.out_path == w.proposed_path) {
            w.out_path = free_default_path(w);
            w.proposed_path = w.out_path;
        }
    }
    if (!w.last_export.empty()) {
        ImGui::SameLine();
        if (big_button(state, "Open folder", "export.folder")) {
            const auto folder = std::filesystem::path(w.last_export).parent_path();
            // Said with the folder, so it can be opened by hand where no file manager starts.
            if (auto why = platform::open_folder(folder); !why.empty()) {
                w.open_folder_error =
                    "Cannot open " + folder.string() + " here (" + why + "): the file is " + w.last_export;
            } else {
                w.open_folder_error.clear();
            }
        }
    }
    // Under the buttons, the window's whole width: the table left room for them (export_messages_height).
    if (!w.summary.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text,
                              w.summary_failed ? error_colour() : ImGui::GetStyleColorVec4(ImGuiCol_Text));
        ImGui::TextWrapped("%s", w.summary.c_str());
        ImGui::PopStyleColor();
        remember(state, "export.summary");
    }
    if (!w.open_folder_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, error_colour());
        ImGui::TextWrapped("%s", w.open_folder_error.c_str());
        ImGui::PopStyleColor();
    }
    if (w.open_export) {
        ImGui::OpenPopup("Export billing lines");
        w.open_export = false;
    }
    if (!ImGui::BeginPopupModal("Export billing lines", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    // The corrections of visits amended after export go out whatever their date: it said "plus reversals",
    // and a biller closing a period by dates found the amended lines of other dates in it (found from outside).
    ImGui::Text("Every ready line of %s to %s, and, whatever their dates:",
                core::parse_date(w.from) ? w.from.c_str() : "(a From date to correct)",
                core::parse_date(w.to) ? w.to.c_str() : "(a To date to correct)");
    // In the format their lines went out in: it promised every correction whatever the format chosen (found from
    // outside).
    ImGui::BulletText("the corrections (reversals, amended lines) of visits whose lines went out in this format;");
    ImGui::BulletText("the lines of visits signed (or released) after an export took their dates.");
    ImGui::TextUnformatted("Each line goes out once: an exported line is never exported again.");
    // The filters narrow the list, not the export: a biller who filtered one patient exported every patient's
    // lines of the dates without a word (found from outside), and an exported line is never exported again.
    if (!w.patient.empty() || w.state_filter > 0) {
        std::string filters;
        if (!w.patient.empty()) filters = "patient " + w.patient;
        if (w.state_filter > 0) {
            filters += (filters.empty() ? "state '" : " and state '") +
                       std::string(worklist_state_names.at(static_cast<std::size_t>(w.state_filter))) + "'";
        }
        ImGui::TextColored(warning_colour(), "The list's filter (%s) does not apply: the export takes every",
                           filters.c_str());
        ImGui::TextColored(warning_colour(), "patient's ready lines of these dates.");
        remember(state, "export.filters_ignored");
    }
    const int format_before = w.format;
    ImGui::RadioButton("CSV", &w.format, 0);
    remember(state, "export.csv");
    ImGui::SameLine();
    ImGui::RadioButton("HL7 v2.5.1 DFT^P03", &w.format, 1);
    remember(state, "export.hl7");
    if (w.format != format_before) {
        const bool proposed = w.out_path == w.proposed_path;
        w.out_path = with_format_extension(w.out_path, w.format);
        // Still the dialog's own name: a free one in the new format. The same name with the other extension was
        // often taken already (a batch exported in both formats), and Export failed with "already exists" (found
        // from outside).
        if (proposed) {
            if (taken(w.out_path)) w.out_path = free_default_path(w);
            w.proposed_path = w.out_path;
        }
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 36.0F);
    ImGui::InputText("File", &w.out_path);
    remember(state, "export.path");
    // The field shows a long path's folder; the name (and its extension) is what the biller checks.
    ImGui::TextColored(muted_colour(), "File name: %s", std::filesystem::path(w.out_path).filename().string().c_str());
    ImGui::TextColored(muted_colour(), "Default folder: %s (made when needed)", app::default_export_folder().c_str());
    // Dates the worklist could not read: said here, with Export greyed. Export closed the dialog and did nothing,
    // without a word (found from outside).
    std::chrono::year_month_day from{}, to{};
    const bool dates_read = parse_range(w, from, to);
    if (!dates_read) {
        ImGui::TextColored(error_colour(), "%s: correct it on the worklist, then export.", w.error.c_str());
        remember(state, "export.bad_dates");
    }
    // A name already taken (a folder the biller chose holds both formats' files): said here, Export greyed. The
    // export refused it only after the dialog had closed, and the biller started over (found from outside).
    const bool name_taken = taken(w.out_path);
    if (name_taken) {
        ImGui::TextColored(error_colour(), "%s already exists: an export never overwrites a file. Choose another name.",
                           std::filesystem::path(w.out_path).filename().string().c_str());
        remember(state, "export.taken");
    }
    ImGui::BeginDisabled(!dates_read || name_taken);
    const bool start = big_button(state, "Export", "export.start");
    ImGui::EndDisabled();
    if (start) {
        app::ExportRequest request;
        request.format = w.format == 0 ? "csv" : "hl7";
        request.out = w.out_path;
        // The folder is made on first use; a path that cannot be made is said now, not by a failed batch.
        std::error_code made;
        const auto folder = std::filesystem::path(w.out_path).parent_path();
        const std::string contradiction = extension_contradiction(w.out_path, w.format);
        if (!folder.empty() && contradiction.empty()) std::filesystem::create_directories(folder, made);
        if (!contradiction.empty()) {
            w.summary = "Export not started: " + contradiction;
            w.summary_failed = true;
        } else if (made) {
            w.summary = "Export not started: cannot make the folder " + folder.string() + ": " + made.message();
            w.summary_failed = true;
        } else {
            request.selection.from = from;
            request.selection.to = to;
            w.summary.clear();
            // Refused (and audited, once) unless the person is a biller: the reason shows on screen.
            auto started = state.clinic.billing().start_export(state.who(), request);
            if (started) {
                w.job = std::move(started.value());
                w.job_format = request.format;
            } else {
                w.error = started.error().message;
            }
        }
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (big_button(state, "Cancel", "export.close")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace

void draw_worklist_screen(AppState& state) {
    auto& w = state.worklist;
    if (w.stale) reload(state);
    ImGui::PushFont(state.fonts.large);
    ImGui::TextUnformatted("Billing worklist");
    ImGui::PopFont();
    draw_filters(state);
    if (!w.error.empty()) {
        ImGui::TextColored(error_colour(), "%s", w.error.c_str());
        remember(state, "worklist.error");
    }
    draw_table(state);
    // Always there, greyed at the end of the list: "Export ready lines..." beside it stays where the hand
    // expects it (it jumped as "Show more" came and went, and a click landed on nothing; found from outside).
    ImGui::BeginDisabled(!w.next);
    if (big_button(state, "Show more", "worklist.more") && w.next) load_page(state, false);
    ImGui::EndDisabled();
    ImGui::SameLine();
    draw_export(state);
}

}  // namespace infusion::ui
