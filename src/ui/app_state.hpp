#pragma once
// The one owner of what the screens show (hello_imgui's model): the session, the open visit and the
// small per-screen states. Widgets edit the visit through app::VisitEditor; derived data (lines,
// problems) is recomputed by app/ after each change and drawn read-only.
#include "app/clinic.hpp"
#include "app/visit_editor.hpp"
#include "core/wall_time.hpp"
#include "platform/fonts.hpp"
#include "ui/print_panel.hpp"
#include "ui/vial_scan_panel.hpp"

#include <imgui.h>

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace infusion::ui {

// review_queue .. audit are the supervisor's (each refuses anyone else).
enum class Screen { today, visit, worklist, review_queue, visit_review, site_history, overview, audit };

// Where named widgets were last drawn, so headless tests can click them by name.
struct ItemRect {
    ImVec2 min;
    ImVec2 max;
    [[nodiscard]] ImVec2 center() const { return ImVec2((min.x + max.x) * 0.5F, (min.y + max.y) * 0.5F); }
};
struct ItemLocations {
    bool enabled = false;
    std::map<std::string, ItemRect> rects;  // only items visible on screen, as a person sees them
    std::string reveal;                     // scroll this item into view (a person scrolling to it)
};

// One row of Today's visit tables as it is drawn: formatted once when the list is read, not every frame
// (a day of a large clinic is hundreds of rows; a frame draws only the few on screen).
struct TodayRow {
    storage::VisitId id = 0;
    std::string date;   // the row's Selectable label where the table shows dates (older drafts)
    std::string probe;  // "visit.<id>": the name tests click it by (ui::remember)
    const char* status = "";
    bool draft = false;
    std::string patient_id;
    std::string patient_name;
    std::string clinician;
    std::optional<storage::WorklistState> billing;  // signed visits: where they stand, as on the worklist
    std::string billing_text;                       // "ready, 95 min", "exported, 95 min", "held: <first reason>"
    std::string hold_reasons;                       // held: every reason, one a line (the cell's tooltip)
};

struct TodayState {
    bool stale = true;                  // reload the lists on the next frame
    std::chrono::year_month_day day{};  // the clinic day the lists were read for
    std::string title;                  // "Today, 2026-03-02"
    std::string search;
    std::string searched;  // the text the matches are for
    std::vector<storage::VisitSummary> today;
    std::vector<storage::VisitSummary> open_drafts;  // drafts from earlier days: forgotten stops
    bool more_open_drafts = false;                   // more than the list reads: its count is shown "500+"
    bool undated_drafts = false;                     // some open drafts have no date of service yet (or a later one)
    std::vector<TodayRow> today_rows;                // today and open_drafts as drawn
    std::vector<TodayRow> draft_rows;
    bool show_older_drafts = false;  // their rows shown when today's list leaves no room (the nurse asked)
    std::size_t rows_formatted = 0;  // rows formatted so far: once per reload, never per frame (tested)
    std::size_t rows_drawn = 0;      // visit rows drawn in the last frame: only those on screen (tested)
    std::vector<storage::PatientSummary> matches;
    // "Asked to correct": the signed-in nurse's visits with an open correction request, and why.
    std::vector<storage::VisitSummary> to_correct;
    std::map<storage::VisitId, std::vector<storage::CorrectionRequest>> correction_reasons;
    std::string error;
    // Said under the title when this workstation's billing configuration is not the database's: its
    // signatures would be refused (app/billing_configuration.hpp); better known before documenting.
    std::string billing_configuration;
    // The "new visit" form.
    bool open_new_visit = false;
    std::string new_patient_id;
    std::string new_patient_name;
    // The name the typed id has on record (looked up when the id changes), and the nurse's word that the
    // patient's name really changed: a new visit would otherwise rename the patient on every list.
    std::string looked_up_id;
    std::string filled_name;  // the name the form filled in for looked_up_id (from the record, or a search)
    std::optional<std::string> name_on_record;
    // The id on record of a patient whose id was typed in other letters' case ("mrn-999001" for MRN-999001): the
    // visit goes to that patient (a lower-case id made a second patient, without her allergies; found from
    // outside). Empty when the typed id is the record's or nobody's.
    std::string id_on_record;
    bool rename_confirmed = false;
    std::string rename_confirmed_for;  // the name the rename was confirmed for: another name asks again
    // Patients on record under other ids with the typed name, for an id nobody has (looked up when the id or
    // name changes): a mistyped id made a second patient of that name, without her allergies and site history
    // (found from outside). Start waits for the nurse's word that this is another person.
    std::string same_name_key;
    std::vector<storage::PatientSummary> same_name;
    bool same_name_confirmed = false;
    // The typed id's drafts (newest first, a few): a patient picked in the search opened a new visit
    // beside the draft already begun for her (found from outside); the form offers to open it instead.
    std::vector<storage::VisitSummary> open_drafts_of_patient;
    // The typed id's newest signed (or amended) visits: the way back to one, to read or amend it.
    std::vector<storage::VisitSummary> signed_visits_of_patient;
};

// Text being typed into a time field, kept until it reads as a time (the visit holds only valid times).
struct TimeDraft {
    std::string text;
    std::string message;   // why the text is not taken (the DST gap, a typo)
    bool editing = false;  // the field had keyboard focus last frame
};

// A needle taken off the record, kept for "Undo" until another is removed or the visit closes.
struct RemovedNeedle {
    std::size_t setup = 0;
    std::size_t position = 0;
    core::Site site;
};

// A note or a pump set-up taken off the draft, kept for "Undo" until another is removed or the visit closes:
// Remove is one key (a space typed on it), and a note's words were gone with no way back (found from outside).
struct RemovedNote {
    std::size_t position = 0;
    core::Note note;
};
struct RemovedPause {
    std::size_t setup = 0;
    std::size_t position = 0;
    core::Pause pause;
};
struct RemovedSetup {
    std::size_t position = 0;
    core::PumpSetup setup;
};

struct VisitScreenState {
    int active_setup = 0;
    std::map<std::string, TimeDraft> time_drafts;  // by field path
    std::string birth_date_message;                // a birth date typed that is not taken (red, not saved)
    // A substance's product changed from the list under a dose entered for the product before (by substance
    // index): said until the dose or its unit is touched (found from outside: a copied-forward 1000 mL of saline
    // stayed under Cuvitru, 200 g, without a word).
    std::map<std::size_t, std::string> dose_of_other_product;
    std::string focus_field;  // a problem was clicked: bring this field into view
    bool confirm_sign = false;
    // What colleagues changed in the draft since the signer last saved it, read as "Sign visit" asks.
    std::vector<app::VisitService::ChangeByOther> changes_by_others;
    std::string changes_by_others_error;    // they could not be read: said, not left out as if there were none
    bool confirm_amendment = false;         // "Sign amendment" asks first, as "Sign visit" does
    bool confirm_cancel_amendment = false;  // "Cancel" asks first when the amendment changed something
    bool sign_clicked_while_held = false;   // Sign clicked while greyed: asked again next frame (sign_section.cpp)
    std::string handover_to;                // a nurse picked as Clinician, waiting for "Hand over" to be confirmed
    std::string action_error;
    std::string action_notice;  // what an action did besides (an amendment that held the patient's other visits)
    std::string amend_reason;
    std::vector<app::SiteUse> recent_sites;
    std::vector<storage::CorrectionRequest> open_corrections;  // what a supervisor asked to correct
    std::vector<storage::Countersignature> countersignatures;  // oldest first, one per revision countersigned
    // An ambiguous local time asks which one: field path and the two offsets.
    std::string dst_field;
    core::WallTime dst_time;
    std::chrono::minutes dst_first{0};
    std::chrono::minutes dst_second{0};
    bool open_dst_choice = false;
    std::optional<RemovedNeedle> removed_needle;
    std::optional<RemovedNote> removed_note;
    std::optional<RemovedPause> removed_pause;
    std::optional<RemovedSetup> removed_setup;
    std::optional<std::size_t> remove_setup;  // "Remove set-up" pressed on this card: taken off after the cards
    // Rotation: this visit's sites used at a recent visit within the clinic's rest days, or with a reaction
    // there, in the order placed; shown under the body map while the site is on the visit.
    std::vector<std::string> site_warnings;
    bool site_warnings_stale = true;  // read again at the next frame (opened, a needle placed or deleted)
    // A tap on a site the set-up has a needle at already: not a second needle there, and said why.
    std::string site_refused;
    // What the last tap on the map said (a refusal, or the tapped site's rotation warning), drawn beside the finger
    // until tap_notice_until (ImGui's clock).
    std::string tap_notice;
    ImVec2 tap_notice_at;
    double tap_notice_until = 0.0;
    std::pair<std::size_t, std::string> site_refused_at;  // the set-up and site it names: said while it has that needle
    bool focus_map = false;     // "+ Needle" was pressed: the body map takes the keyboard focus
    bool scroll_to_top = true;  // set by open_visit: a visit opens at its top
    // Where "<" goes: the screen the visit was opened from (a biller's worklist, a nurse's Today), and
    // the button's label, made once when the visit opens.
    Screen back_to = Screen::today;
    std::string back_label = "< Today";
    float footer_height = 0.0F;  // the billing-and-sign footer's height last frame
};

// The visit screen's own Tab order (ui/tab_order.hpp): the stops drawn last frame and this frame.
struct TabStop {
    std::string name;
    ImGuiID id = 0;
};
struct TabOrderState {
    std::vector<TabStop> current;  // this frame's, in drawing order
    std::vector<TabStop> last;     // last frame's: what Tab moves over
    std::string pending;           // Tab was pressed: focus this stop when it is drawn
    int here = -1;                 // the stop that last had the focus
    std::string here_name;         // its name, and the name of the stop before it: a stop that went away
    std::string here_before;       // while it had the focus ("Now" once its time is set) is placed by it
    int tries = 0;                 // frames the pending stop was asked to take the focus
    int step = 1;                  // the pending Tab's direction: 1, or -1 with Shift
    bool active = false;           // between tab_order_begin() and tab_order_end()
};

// Sign-in, first administrator, idle lock.
struct SignInState {
    std::string username;
    std::string display_name;  // first administrator only
    std::string password;
    std::string password_again;
    std::string message;
    bool locked = false;
    bool locked_on_request = false;  // Lock now, not the idle time
    double last_activity = 0.0;      // ImGui time of the last input
    // Frames still to draw before the window may sleep on the lock screen. The lock comes by a timer, not
    // an input, so the window slept on its first frame and the password field took the cursor only with
    // the first key, which it dropped: the nurse's correct password failed, and was audited as a failed
    // sign-in (found from outside). seconds_until_due() is 0 while this is above 0.
    int focus_frames = 0;
    bool refocus_password = false;  // after a refused password: Enter took the cursor out of the field
    // "role: user / password" of a demo database's accounts that still have their documented password;
    // read when the sign-in screen is first drawn after a sign-out.
    std::optional<std::vector<std::string>> demo_accounts;
    // Signed in with a password an administrator set: the person chooses her own before the session starts.
    std::optional<app::Session> replacing;
    bool focus_second = false;  // Enter in its first field moves to the second
};

struct WorklistScreenState {
    bool stale = true;
    std::string from;  // YYYY-MM-DD; default: the last 7 days
    std::string to;
    int state_filter = 0;  // 0 all, 1 + WorklistState
    std::string patient;
    std::vector<storage::WorklistRow> rows;
    // Each row's height as last drawn (0: not drawn yet): rows out of view are skipped at that height
    // (ImGuiListClipper takes every row for as tall as the first, and drew one to three of them under a
    // tall first row, leaving the rest blank; found from outside).
    std::vector<float> row_heights;
    std::optional<storage::PageCursor> next;
    storage::WorklistTotals totals;
    std::string error;
    // The export dialog and the running export.
    bool open_export = false;
    int format = 0;  // 0 csv, 1 hl7
    std::string out_path;
    // The name the dialog proposed last: while the file is still that name, the next opening proposes one for
    // the range then shown (a batch of March went out named for November's range; found from outside).
    std::string proposed_path;
    std::shared_ptr<app::ExportJob> job;
    std::string job_format;  // the running export's, "csv" or "hl7" (the radio buttons may change meanwhile)
    std::string summary;
    bool summary_failed = false;  // shown in the error colour
    std::string open_folder_error;
    std::string last_export;  // the full path of the last file written, for "Open folder"
};

// ---- the supervisor's screens (review_*.cpp, site_history, overview, audit) ----
struct ReviewQueueState {
    bool stale = true;
    int state_filter = 0;  // storage::ReviewState
    int flag_filter = 0;   // 0: any; i: the i-th of review_flags() (review_common.hpp)
    int follow_up_days = 7;
    std::string nurse;
    std::string patient;
    std::string from;  // YYYY-MM-DD, empty: open
    std::string to;
    std::vector<storage::ReviewQueueRow> rows;
    std::optional<storage::ReviewCursor> next;
    std::string error;
};

struct VisitReviewState {
    storage::VisitId id = 0;
    Screen back_to = Screen::review_queue;
    std::optional<app::ReviewVisit> record;
    std::vector<app::SiteUse> recent_sites;                 // of the patient's visits before this one
    std::optional<std::chrono::year_month_day> visit_date;  // the rings' days count back from it
    int revision = -1;                                      // the revision on screen; -1: the current one
    std::string error;
    std::string message;  // what the last action did
    // The site-care note form.
    std::string note_location;
    std::array<bool, storage::site_conditions.size()> note_conditions{};
    int note_grade = 0;
    std::string note_text;
    std::string countersign_comment;
    bool confirm_countersign = false;
    std::string correction_reason;
    // The visit's audit trail, read when its section is opened (reading it is audited too).
    std::optional<std::vector<storage::AuditEntry>> trail;
    // Where each section of the review actions (site-care note, countersign, send back) began last frame,
    // panel-local, for the visit named: what the panel scrolls by when lines appear above the section under the
    // pointer (review_actions_panel.cpp).
    std::array<float, 3> section_tops{};
    storage::VisitId section_tops_of = 0;
};

struct SiteHistoryState {
    bool stale = true;
    Screen back_to = Screen::review_queue;
    std::string patient_id;
    std::string patient_name;
    int visits = 10;
    std::optional<storage::SiteHistory> history;
    std::string error;
};

struct OverviewState {
    bool stale = true;
    std::string from;  // default: the last 12 weeks
    std::string to;
    std::optional<storage::ClinicOverview> data;
    std::string error;
};

struct AuditScreenState {
    bool stale = true;
    std::string from;  // clinic days; default: the last 7
    std::string to;
    std::string actor;
    std::string action;
    std::string visit;
    storage::AuditSort sort = storage::AuditSort::newest_first;
    // Pages of audit_page_rows rows by page number, read as the table scrolls to them; a log of
    // millions of rows is never in memory, only the pages near what is on screen.
    std::map<std::int64_t, std::vector<storage::AuditEntry>> pages;
    std::int64_t total = 0;
    std::string error;
    std::optional<storage::CheckReport> verified;
};

// Someone asked to leave (a screen's Back, the Go menu, Switch user, closing the window) while the
// screen holds what leaving drops: the question stays on screen until answered (ui/leave_guard.hpp).
struct LeaveRequest {
    enum class Kind { screen, switch_user, quit };
    Kind kind = Kind::screen;
    Screen to = Screen::today;
};

struct AppState {
    // `user` acts when the database has no users yet (a new database); otherwise the sign-in screen
    // decides. Everything the screens read or change goes through `clinic` (app/), as `*acting`.
    AppState(app::Clinic& clinic, std::string user);

    app::Clinic& clinic;
    // The ImGui id of the time field being typed into (0: none), for Escape: a time field's Escape puts
    // the stored time back (visit-screen.md); in every other text field it keeps what was typed.
    ImGuiID active_time_field = 0;
    std::string user;
    app::VisitEditor editor;
    std::optional<app::Acting> acting;  // set once someone is signed in (or the database has no users)
    SignInState sign_in;
    double lock_after_seconds = 300.0;  // clinic.toml [session] lock_after_minutes

    Screen screen = Screen::today;
    TodayState today;
    VisitScreenState visit_screen;
    VialScanState vial_scan;      // the visit screen's scan field (vial_scan_panel.hpp)
    PrintPanelState print_panel;  // the visit screen's "Save as PDF / Print" (print_panel.hpp)
    WorklistScreenState worklist;
    ReviewQueueState review_queue;
    VisitReviewState visit_review;
    SiteHistoryState site_history;
    OverviewState overview;
    AuditScreenState audit;
    std::optional<LeaveRequest> leaving;
    bool quit = false;  // closing the window was asked and answered: the window closes after this frame
    std::optional<Screen> refusal_audited;  // a screen refused: audited once, not every frame
    std::string refusal_text;               // why, as app/ said it
    platform::Fonts fonts;
    ItemLocations locations;
    TabOrderState tab_order;
    // Typing that no field took while a field was about to take the keyboard (a problem's "go to the field"
    // clicked, a new note): handed to the next frame, where the field has it. The first letters typed after
    // the click were lost ("13:40" saved as 03:40; found from outside).
    int focus_pending_frames = 0;
    std::vector<ImWchar> carried_characters;
    // A click that moved what is under the pointer (a remove, an Undo, a "+"): the double click's second
    // click, ImGui's double-click time later, lands on whatever came there (a second needle deleted, another
    // note's "Now" pressed; found from outside). Clicks before this ImGui time are not taken.
    double clicks_ignored_until = 0.0;
    // The clinic's one clock (tests give the Clinic their own) and its today in the clinic's zone.
    [[nodiscard]] core::Instant now() const { return clinic.clock().instant(); }
    [[nodiscard]] std::chrono::year_month_day today_date() const { return clinic.clock().today(); }
    // The person acting; only while signed_in().
    [[nodiscard]] const app::Acting& who() const { return *acting; }

    bool debug_menu = false;  // the Debug menu for someone without the admin role (--debug-menu)
    bool show_imgui_demo = false;
    bool show_imgui_metrics = false;

    // Opens a visit on the visit screen (audited view).
    void open_visit(storage::VisitId id);
    // The visit screen for the visit the editor holds now, every panel fresh: Back goes to `from` (or the
    // start screen when this person cannot open it). For an opened visit and a new one alike: a new one
    // kept the last visit's scan message and print path (found from outside).
    void show_visit_screen(Screen from);
    // Opens a visit on the supervisor's review screen (audited view through ReviewService::open).
    void open_review(storage::VisitId id, Screen back_to);
    void open_site_history(const std::string& patient_id, const std::string& name);
    // After a successful sign-in (or on an open database): who acts from now on.
    void start_session(const std::optional<app::Session>& session);
    // Switch user (or the window closed, `why` says which, on the audit log's sign-out row): back to the
    // sign-in screen; drafts stay saved in the database.
    void end_session(const std::string& why = "switch user");
    [[nodiscard]] bool signed_in() const { return acting.has_value(); }
    [[nodiscard]] bool has_role(app::Role role) const;
    // Why this workstation cannot sign or export now, when its billing configuration is not the database's
    // ("this workstation's billing configuration differs from the clinic's (coding-rules.toml)"), from what was read
    // last (app/billing_configuration.hpp); nothing when it is the same.
    [[nodiscard]] std::optional<std::string> billing_configuration_problem() const;
    void go_today();
};

// Large enough for a gloved finger (about 9 mm at 96 dpi), scaled with the font.
[[nodiscard]] float touch_height();

}  // namespace infusion::ui
