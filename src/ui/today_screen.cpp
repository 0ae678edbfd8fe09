// Sections: 1. loading  2. the visit table  3. asked to correct  4. the screen (the patient search and
// New visit: patient_search.cpp)
#include "ui/today_screen.hpp"

#include "core/codes.hpp"
#include "ui/patient_search.hpp"
#include "ui/widgets.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>

namespace infusion::ui {
namespace {

// ---- 1. loading --------------------------------------------------------------------------------
std::chrono::year_month_day local_today(const AppState& state) {
    const auto now = core::wall_time_at(state.now(), state.clinic.settings().time_zone);
    const auto local = now ? now->local : core::LocalSeconds{state.now().time_since_epoch()};
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(local)};
}

// Whether a draft's last save (its updated_at, a UTC instant) falls on the clinic's calendar day `day`.
bool saved_on(const storage::VisitSummary& v, std::chrono::year_month_day day, core::Zone zone) {
    const auto at = core::parse_iso(v.updated_at);
    if (!at || !at->utc_offset) return false;
    const auto resolved = core::resolve(*at, zone);
    if (resolved.status != core::TimeResolution::ok) return false;
    return core::local_date_at(resolved.instant, zone) == day;
}

// The visits a supervisor sent back to the signed-in nurse, with the requests' reasons. Only for a
// nurse: for anyone else ReviewService would refuse (and audit the refusal) on every reload.
void load_corrections(AppState& state) {
    auto& t = state.today;
    t.to_correct.clear();
    t.correction_reasons.clear();
    const app::Session* me = state.acting ? state.acting->session() : nullptr;
    if (me == nullptr || !me->has(app::Role::nurse)) return;
    storage::VisitFilter filter;
    filter.limit = 100;
    auto page = state.clinic.review().open_corrections(state.who(), me->username, filter);
    if (!page) {
        t.error = page.error().describe();
        return;
    }
    t.to_correct = page.value().rows;
    for (const auto& v : t.to_correct) {
        // The list carries no reasons (app::ReviewService::open_corrections); they are read per visit.
        auto requests = state.clinic.visits().corrections(state.who(), v.id);
        if (!requests) continue;
        for (const auto& r : requests.value()) {
            if (r.open()) t.correction_reasons[v.id].push_back(r);
        }
    }
}

TodayRow format_row(const storage::VisitSummary& v) {
    TodayRow row;
    row.id = v.id;
    row.date = v.date_of_service ? core::format_date(*v.date_of_service) : "-";
    row.probe = "visit." + std::to_string(v.id);
    row.status = storage::to_string(v.status);
    row.draft = v.status == storage::VisitStatus::draft;
    row.patient_id = v.patient_id;
    row.patient_name = v.patient_name;
    row.clinician = v.clinician;
    if (v.billable) {
        // In the worklist's words: a visit exported said "ready" here (found from outside).
        row.billing =
            v.billing_state.value_or(*v.billable ? storage::WorklistState::ready : storage::WorklistState::held);
        row.billing_text = storage::to_string(*row.billing);
        if (*row.billing != storage::WorklistState::held) {
            row.billing_text += ", " + std::to_string(v.infusion_minutes.value_or(0)) + " min";
        }
    }
    return row;
}

// A held row says why ("held: set-up 1 has no stop time"), cut at its cell's edge, every reason under
// the pointer: "held" alone sent the nurse into each visit to find out (found from outside). One read of
// the day's held visits, only when the list has one.
void explain_held(AppState& state, std::vector<TodayRow>& rows) {
    const auto held = [](const TodayRow& r) { return r.billing == storage::WorklistState::held; };
    if (std::none_of(rows.begin(), rows.end(), held)) return;
    auto reasons = state.clinic.visits().held_on(state.who(), state.today.day);
    if (!reasons) return;  // the row still says "held"; the visit itself says why
    for (auto& row : rows) {
        const auto found = reasons.value().find(row.id);
        if (!held(row) || found == reasons.value().end() || found->second.empty()) continue;
        row.billing_text += ": " + found->second.front();
        for (const auto& why : found->second) row.hold_reasons += (row.hold_reasons.empty() ? "" : "\n") + why;
    }
}

std::vector<TodayRow> format_rows(TodayState& t, const std::vector<storage::VisitSummary>& visits) {
    std::vector<TodayRow> rows;
    rows.reserve(visits.size());
    for (const auto& v : visits) rows.push_back(format_row(v));
    t.rows_formatted += rows.size();
    return rows;
}

// The most rows either list reads: more than a clinic's day holds, or its forgotten drafts should; past
// it the drafts' count says "500+". Rows are formatted once a reload and only those on screen drawn.
constexpr int list_limit = 500;

void reload(AppState& state) {
    auto& t = state.today;
    t.stale = false;
    t.error.clear();
    t.searched.clear();  // the search runs again: a patient renamed since was shown under the old name
    t.day = local_today(state);
    t.title = "Today, " + core::format_date(t.day);
    t.today_rows.clear();
    t.draft_rows.clear();
    storage::VisitFilter today;
    today.from = t.day;
    today.to = today.from;
    today.limit = list_limit;
    auto page = state.clinic.visits().list(state.who(), today);
    if (!page) {
        t.error = page.error().describe();
        return;
    }
    t.today = page.value().rows;
    // Drafts first: they are what the nurse is working on.
    std::stable_partition(t.today.begin(), t.today.end(),
                          [](const storage::VisitSummary& v) { return v.status == storage::VisitStatus::draft; });
    // Every draft that is not today's: earlier days, and those with no date of service yet (no start
    // time: a new visit left before its infusion began). A date range leaves the undated out, and such a
    // draft was on no list of the nurse's (found in the real window).
    storage::VisitFilter drafts;
    drafts.status = storage::VisitStatus::draft;
    // All of them, up to a limit no clinic should reach: the oldest forgotten draft matters as much as
    // yesterday's, and the count says how many there are (it said "50" for 61 when the list held 50).
    drafts.limit = list_limit;
    t.open_drafts.clear();
    t.more_open_drafts = false;
    if (auto older = state.clinic.visits().list(state.who(), drafts)) {
        t.open_drafts = older.value().rows;
        t.more_open_drafts = older.value().next.has_value();
        std::erase_if(t.open_drafts,
                      [&](const storage::VisitSummary& v) { return v.date_of_service && *v.date_of_service == t.day; });
        // A draft not started yet that was begun or saved today is today's work: one of "N visits today",
        // first among them (found from outside: a visit opened for the patient in the chair and left
        // before its start was counted under "Drafts from other days or not started" instead).
        const auto todays_unstarted = std::stable_partition(
            t.open_drafts.begin(), t.open_drafts.end(),
            [&, zone = core::Zone::find(state.clinic.settings().time_zone)](const storage::VisitSummary& v) {
                return !v.date_of_service && saved_on(v, t.day, zone);
            });
        t.today.insert(t.today.begin(), t.open_drafts.begin(), todays_unstarted);
        t.open_drafts.erase(t.open_drafts.begin(), todays_unstarted);
        // Not started yet first: most likely the visit just left, which the list ordered last.
        std::stable_partition(t.open_drafts.begin(), t.open_drafts.end(),
                              [](const storage::VisitSummary& v) { return !v.date_of_service.has_value(); });
        t.undated_drafts = std::any_of(t.open_drafts.begin(), t.open_drafts.end(), [&](const storage::VisitSummary& v) {
            return !v.date_of_service || std::chrono::sys_days{*v.date_of_service} > std::chrono::sys_days{t.day};
        });
    } else {
        t.error = older.error().describe();  // said, not an empty line that looks like "no drafts left"
    }
    t.today_rows = format_rows(t, t.today);
    t.draft_rows = format_rows(t, t.open_drafts);
    explain_held(state, t.today_rows);
    load_corrections(state);
    t.billing_configuration.clear();
    if (const auto problem = state.billing_configuration_problem()) {
        t.billing_configuration =
            "Visits cannot be signed here: " + *problem + ". Drafts are kept. Ask the clinic's administrator.";
    }
}

// ---- 2. the visit table ------------------------------------------------------------------------
// Only the rows on screen are drawn (the clipper measures the first row and skips the rest), from
// strings formatted when the list was read: a frame costs the same for 5 visits as for 500.
// A drawn row is its text and one separator line, nothing more: under a software OpenGL (Mesa's
// llvmpipe, as under Xvfb) every pixel and every small triangle drawn costs CPU, and a screenful of rows
// must cost little against the window itself (docs/performance.md). So no alternating row background (a
// full-width fill every other row: most of what a row cost), plain 1-pixel separators (a horizontal
// 1-pixel line needs no anti-aliasing fringe), and on Today's own table no Date column: every row there
// has the date the title shows.
// The height a table of `rows` rows needs to show them all (its header included): each row is a touch-size
// line with the cells' padding above and below and its 1-pixel separator; the header one line of text. Four
// rows of today's list were 20 pixels taller than the table and scrolled (found in the real window).
float table_height(std::size_t rows) {
    const float padding = ImGui::GetStyle().CellPadding.y * 2.0F;
    const float row = touch_height() + padding + 1.0F;
    const float header = ImGui::GetTextLineHeight() + padding + 1.0F;
    return header + row * static_cast<float>(rows) + 2.0F;
}

void visit_table(AppState& state, const char* id, const std::vector<TodayRow>& rows, bool with_date, float most) {
    if (!ImGui::BeginTable(id, with_date ? 6 : 5, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY,
                           ImVec2(0, std::min(most, table_height(rows.size()))))) {
        return;
    }
    // The table's own window (ScrollY): only its lines, for this frame (ImGui resets the flags each frame).
    ImGui::GetWindowDrawList()->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex);
    ImGui::TableSetupScrollFreeze(0, 1);
    // The short columns as wide as their text needs; the rest to the name and to Billing, which says why a
    // visit is held ("held: correction requested by sup.nakamura at ...": cut after "by s" when every
    // column had the same width; found in the real window).
    const float em = ImGui::GetFontSize();
    if (with_date) ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, em * 6.0F);
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, em * 5.0F);
    ImGui::TableSetupColumn("Patient", ImGuiTableColumnFlags_WidthFixed, em * 7.5F);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0F);
    ImGui::TableSetupColumn("Nurse", ImGuiTableColumnFlags_WidthFixed, em * 7.0F);
    ImGui::TableSetupColumn("Billing", ImGuiTableColumnFlags_WidthStretch, 1.6F);
    ImGui::TableHeadersRow();
    // Each cell's one line of text in the middle of its touch-size row, not at its top.
    const float text_offset = (touch_height() - ImGui::GetTextLineHeight()) * 0.5F;
    const auto next_cell = [&] {
        ImGui::TableNextColumn();
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + text_offset);
    };
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.0F, 0.5F));
    push_row_hover_tint();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& row = rows[static_cast<std::size_t>(i)];
            ++state.today.rows_drawn;
            ImGui::PushID(static_cast<int>(row.id));
            ImGui::TableNextRow(0, touch_height());
            ImGui::TableNextColumn();
            if (with_date) {
                if (ImGui::Selectable(row.date.c_str(), false, ImGuiSelectableFlags_SpanAllColumns,
                                      ImVec2(0, touch_height()))) {
                    state.open_visit(row.id);
                }
                remember(state, row.probe);
                next_cell();
                ImGui::TextColored(row.draft ? warning_colour() : ok_colour(), "%s", row.status);
            } else {  // the status opens the row: the row's Selectable, in the status's colour
                ImGui::PushStyleColor(ImGuiCol_Text, row.draft ? warning_colour() : ok_colour());
                const bool open = ImGui::Selectable(row.status, false, ImGuiSelectableFlags_SpanAllColumns,
                                                    ImVec2(0, touch_height()));
                ImGui::PopStyleColor();
                if (open) state.open_visit(row.id);
                remember(state, row.probe);
            }
            // Cut with "..." at the cell's edge, whole under the pointer: a long name ran to the next column's
            // text with no sign that it was cut (found from outside).
            next_cell();
            fitted_text(row.patient_id);
            next_cell();
            fitted_text(row.patient_name);
            next_cell();
            fitted_text(row.clinician);
            next_cell();
            if (!row.billing) {
                ImGui::TextColored(muted_colour(), "-");
            } else if (*row.billing == storage::WorklistState::ready) {
                fitted_text(row.billing_text);
            } else {
                const bool held = *row.billing == storage::WorklistState::held;
                const bool exported = *row.billing == storage::WorklistState::exported;
                const ImVec4 colour = held ? error_colour() : exported ? muted_colour() : warning_colour();
                if (row.hold_reasons.empty()) {
                    fitted_text(row.billing_text, &colour);
                } else {  // cut with "..." (it was cut mid-word, found from outside), every reason under the pointer
                    ImGui::TextColored(colour, "%s",
                                       fit_to_width(row.billing_text, ImGui::GetContentRegionAvail().x).c_str());
                }
                if (!row.hold_reasons.empty() && ImGui::IsItemHovered()) {
                    ImGui::BeginTooltip();
                    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0F);
                    ImGui::TextUnformatted(row.hold_reasons.c_str());
                    ImGui::PopTextWrapPos();
                    ImGui::EndTooltip();
                }
            }
            ImGui::PopID();
        }
    }
    pop_row_hover_tint();
    ImGui::PopStyleVar();
    ImGui::EndTable();
}

// ---- 3. asked to correct -----------------------------------------------------------------------
void corrections_table(AppState& state) {
    auto& t = state.today;
    ImGui::Spacing();
    ImGui::TextColored(warning_colour(), "Asked to correct (%zu): open the visit, then \"Add amendment\"",
                       t.to_correct.size());
    remember(state, "correct.title");
    if (!ImGui::BeginTable("to correct", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        return;
    }
    const float em = ImGui::GetFontSize();
    ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, em * 6.0F);
    ImGui::TableSetupColumn("Patient", ImGuiTableColumnFlags_WidthStretch, 1.0F);
    ImGui::TableSetupColumn("What to correct", ImGuiTableColumnFlags_WidthStretch, 2.0F);
    ImGui::TableHeadersRow();
    // Every row drawn, no clipper: a reason wraps to several lines, and a clipper that takes each row for
    // one touch height ended the table above its last row, over "N visits today" (found from outside). A
    // nurse's open requests are a short list.
    for (const auto& row : t.to_correct) {
        ImGui::PushID(static_cast<int>(row.id));
        ImGui::TableNextRow(0, touch_height());
        ImGui::TableSetColumnIndex(0);
        const std::string date = row.date_of_service ? core::format_date(*row.date_of_service) : "-";
        if (ImGui::Selectable(date.c_str(), false, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, touch_height()))) {
            state.open_visit(row.id);
        }
        remember(state, "correct." + std::to_string(row.id));
        ImGui::TableSetColumnIndex(1);
        // A long name ran into "What to correct"; the visit's number tells a patient's two visits of a date apart.
        fitted_text(row.patient_id + "  " + row.patient_name + "  (visit " + std::to_string(row.id) + ")");
        ImGui::TableSetColumnIndex(2);
        for (const auto& r : t.correction_reasons[row.id]) {
            ImGui::TextWrapped("%s: %s", r.requested_by.c_str(), r.reason.c_str());
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

}  // namespace

double seconds_until_next_day(const AppState& state) {
    const auto now = core::wall_time_at(state.now(), state.clinic.settings().time_zone);
    const auto local = now ? now->local : core::LocalSeconds{state.now().time_since_epoch()};
    const auto midnight = std::chrono::floor<std::chrono::days>(local) + std::chrono::days{1};
    // Around a DST change this may be an hour early (then the window just sleeps again) or late.
    return std::chrono::duration<double>(midnight - local).count();
}

// ---- 4. the screen -----------------------------------------------------------------------------
void draw_today_screen(AppState& state) {
    auto& t = state.today;
    if (t.stale || local_today(state) != t.day) reload(state);  // a new clinic day is another list
    t.rows_drawn = 0;
    ImGui::PushFont(state.fonts.large);
    ImGui::TextUnformatted(t.title.c_str());
    ImGui::PopFont();
    // Only those who document start a visit: a supervisor who is not a nurse reads the day.
    const bool documents = !app::documenting_refusal(state.who());
    if (documents) {
        ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 9.0F);
        if (big_button(state, "+ New visit", "new", ImGui::GetFontSize() * 9.0F)) open_new_visit_from_search(state);
    }
    if (!t.billing_configuration.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, error_colour());
        ImGui::TextWrapped("%s", t.billing_configuration.c_str());
        ImGui::PopStyleColor();
        remember(state, "today.billing_configuration");
    }
    draw_patient_search(state);
    // Wrapped: a refusal is long and says what to do at its end, which ran off the window (found from outside).
    if (!t.error.empty()) {
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(error_colour(), "%s", t.error.c_str());
        ImGui::PopTextWrapPos();
    }
    if (!t.to_correct.empty()) corrections_table(state);
    ImGui::Spacing();
    ImGui::Text("%zu %s today", t.today.size(), t.today.size() == 1 ? "visit" : "visits");
    remember(state, "today.count");
    // Drafts from earlier days are work left undone: their line stays on screen however long today's list
    // is. When both lists fit, both are shown whole. When they do not, today's table scrolls in what is
    // left and the earlier drafts are one line, "Show" opening three rows of them (their own table
    // scrolling through the rest): every row on screen is drawn every frame, and Today's frame should cost
    // about the same whatever the database holds (docs/performance-investigations.md, "A drawn row").
    constexpr std::size_t drafts_rows_shown = 3;
    const float space = ImGui::GetContentRegionAvail().y;
    const float label = touch_height() + ImGui::GetStyle().ItemSpacing.y * 3.0F;  // the line, a touch button on it
    const bool drafts = !t.open_drafts.empty();
    const bool both_fit =
        table_height(t.today_rows.size()) + (drafts ? label + table_height(t.draft_rows.size()) : 0.0F) <= space;
    const bool drafts_rows = drafts && (both_fit || t.show_older_drafts);
    const float drafts_space =
        !drafts ? 0.0F : label + (drafts_rows ? table_height(std::min(t.draft_rows.size(), drafts_rows_shown)) : 0.0F);
    visit_table(state, "today", t.today_rows, false, std::max(table_height(1), space - drafts_space));
    if (drafts) {
        ImGui::Spacing();
        if (!both_fit) {
            const float y = ImGui::GetCursorPosY();
            if (big_button(state, t.show_older_drafts ? "Hide" : "Show", "older_drafts.toggle",
                           ImGui::GetFontSize() * 5.0F)) {
                t.show_older_drafts = !t.show_older_drafts;
            }
            ImGui::SameLine();
            ImGui::SetCursorPosY(y + (touch_height() - ImGui::GetTextLineHeight()) * 0.5F);
        }
        ImGui::TextColored(warning_colour(), "%s (%zu%s)%s",
                           t.undated_drafts ? "Drafts from other days or not started" : "Drafts from earlier days",
                           t.open_drafts.size(), t.more_open_drafts ? "+" : "",
                           documents ? ": finish or correct them" : ", not signed yet");
        if (drafts_rows) visit_table(state, "older drafts", t.draft_rows, true, ImGui::GetContentRegionAvail().y);
    }
    draw_new_visit_popup(state);
}

}  // namespace infusion::ui
