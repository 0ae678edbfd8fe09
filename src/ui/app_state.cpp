#include "ui/app_state.hpp"

#include "app/clock.hpp"

namespace infusion::ui {

AppState::AppState(const settings::Config& cfg, storage::Database& db, std::string who, storage::HashCost cost)
    : config(cfg),
      database(db),
      service(db.visits(), db.audit(), cfg),
      user(std::move(who)),
      editor(service, user),
      accounts(db.users(), db.audit(), app::utc_now, cost),
      // Review's "today" (the queue's days since, no follow-up) must be the day the screens show.
      review(db, accounts, cfg, [this] { return core::format_utc(now()); }),
      now([] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }) {
    // A database without users has nobody to sign in as: it is open until the first administrator
    // is created (the sign-in screen offers that).
    if (accounts.has_users()) return;
}

void AppState::start_session(const std::optional<app::Session>& session) {
    if (session) {
        authority.emplace(accounts, *session);
        user = session->username;
    } else {
        authority.emplace();
    }
    editor.set_authority(&*authority, user);
    sign_in = {};
    screen = Screen::today;
    today.stale = true;
    worklist.stale = true;
    review_queue = {};
    visit_review = {};
    site_history = {};
    overview = {};
    audit = {};
    refusal_audited.reset();
}

void AppState::end_session() {
    (void)database.audit().record("sign-out", std::nullopt, "switch user", storage::Actor{user, app::utc_now()});
    authority.reset();
    editor.set_authority(nullptr, user);
    sign_in = {};
    visit_screen = {};
}

bool AppState::has_role(app::Role role) const {
    if (!authority) return false;
    if (authority->open()) return true;
    return authority->session()->has(role);
}

void AppState::open_visit(storage::VisitId id) {
    if (auto opened = editor.open(id); !opened) {
        today.error = opened.error().describe();
        return;
    }
    screen = Screen::visit;
    visit_screen = {};
    vial_scan = {};
    print_panel = {};
    if (auto recent = service.recent_sites(editor.visit().patient.id, 5, id))
        visit_screen.recent_sites = recent.value();
    // A supervisor's open request shows beside "Add amendment": the amendment is the answer to it.
    if (auto requests = database.reviews().corrections(id)) {
        for (const auto& r : requests.value()) {
            if (r.open()) visit_screen.open_corrections.push_back(r);
        }
    }
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

}  // namespace infusion::ui
