#include "ui/app_state.hpp"

#include "ui/screen_registry.hpp"

#include <algorithm>
#include <utility>

namespace infusion::ui {

AppState::AppState(app::Clinic& c, std::string who) : clinic(c), user(std::move(who)), editor(c.visits()) {}

void AppState::start_session(const std::optional<app::Session>& session) {
    // A database without users has nobody to sign in as: the login name acts until the first
    // administrator is created (the sign-in screen offers that).
    if (session) {
        acting.emplace(clinic.act_as(*session));
        user = session->username;
    } else {
        acting.emplace(clinic.without_users(user));
    }
    editor.set_acting(&*acting);
    sign_in = {};
    today.stale = true;
    worklist.stale = true;
    review_queue = {};
    visit_review = {};
    site_history = {};
    overview = {};
    audit = {};
    refusal_audited.reset();
    go_to(*this, start_screen(*this));  // a nurse on Today, a biller on the worklist, a supervisor on review
}

void AppState::end_session(const std::string& why) {
    if (acting) {
        // A sign-out that cannot be recorded still signs out: the person is leaving the workstation.
        (void)clinic.audit().session_event(*acting, "sign-out", why);
    }
    editor.set_acting(nullptr);
    acting.reset();
    sign_in = {};
    visit_screen = {};
    // The next person starts from a clean Today: the last one's patient search, its matches and a
    // half-filled new-visit form stayed on screen for whoever signed in next (found in the real window).
    today = {};
    // And from a worklist without the last one's export message and file path (found from outside). A
    // running export goes on: its job stays, and says how it ended to whoever is at the worklist.
    worklist.summary.clear();
    worklist.summary_failed = false;
    worklist.open_folder_error.clear();
    worklist.last_export.clear();
    worklist.out_path.clear();
    worklist.error.clear();
    worklist.patient.clear();
    worklist.rows.clear();
}

bool AppState::has_role(app::Role role) const { return acting && acting->holds(role); }

void AppState::open_visit(storage::VisitId id) {
    if (auto opened = editor.open(id); !opened) {
        // Said on the screen it was opened from: a biller on the worklist never sees Today's line.
        std::string& line = screen == Screen::worklist ? worklist.error
                            : screen == Screen::visit  ? visit_screen.action_error
                                                       : today.error;
        line = opened.error().describe();
        return;
    }
    // Back goes where the visit was opened from; a reload keeps that, and a screen this person cannot
    // open (a visit opened at start-up) gives way to her own start screen.
    show_visit_screen(screen == Screen::visit ? visit_screen.back_to : screen);
    // Taps on the body map go to the newest set-up, as they did before the visit was left: opened again,
    // they went to set-up 1, stopped long before, with its marker scrolled out of view (found from outside).
    visit_screen.active_setup = std::max(0, static_cast<int>(editor.visit().pump_setups.size()) - 1);
    // Site rotation and correction requests are the clinical side's (a biller reads the record only).
    if (!has_role(app::Role::nurse) && !has_role(app::Role::supervisor)) return;
    // The patient's five visits before this one, as the review screen reads them: amending a morning visit
    // warned that its site "was used today" by the same patient's afternoon visit (found from outside).
    std::optional<storage::PageCursor> before;
    if (const auto& day = editor.coding().date_of_service) before = storage::PageCursor{core::format_date(*day), id};
    if (auto recent = clinic.visits().recent_sites(*acting, editor.visit().patient.id, 5, id, before))
        visit_screen.recent_sites = recent.value();
    // A supervisor's open request shows beside "Add amendment": the amendment is the answer to it. The
    // countersignatures say whether the supervisor has read what the visit says now (the nurse's screen
    // never said a visit was countersigned, or back in review after an amendment; found from outside).
    if (auto review = clinic.visits().review_record(*acting, id)) {
        for (const auto& r : review.value().corrections) {
            if (r.open()) visit_screen.open_corrections.push_back(r);
        }
        visit_screen.countersignatures = std::move(review.value().countersignatures);
    }
}

void AppState::show_visit_screen(Screen from) {
    if (!may_open(*this, from)) from = start_screen(*this);
    screen = Screen::visit;
    visit_screen = {};
    visit_screen.back_to = from;
    visit_screen.back_label = std::string("< ") + screen_entry(from).title;
    vial_scan = {};
    print_panel = {};
}

void AppState::open_review(storage::VisitId id, Screen back_to) {
    visit_review = {};
    visit_review.id = id;
    visit_review.back_to = back_to;
    screen = Screen::visit_review;  // the screen loads (and audits) the visit, or refuses
}

void AppState::open_site_history(const std::string& patient_id, const std::string& name) {
    site_history.patient_id = patient_id;
    site_history.patient_name = name;
    site_history.history.reset();
    site_history.stale = true;
    site_history.back_to = screen == Screen::site_history ? Screen::review_queue : screen;
    screen = Screen::site_history;
}

void AppState::go_today() {
    screen = Screen::today;
    today.stale = true;
}

std::optional<std::string> AppState::billing_configuration_problem() const {
    auto billing = clinic.billing_configuration().current();
    if (!billing) return "the database's record of its billing configuration is damaged (db check names it)";
    if (billing.value().matches()) return std::nullopt;
    return "this workstation's billing configuration differs from the clinic's (" + billing.value().differing_text() +
           ")";
}

}  // namespace infusion::ui
