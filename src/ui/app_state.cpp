#include "ui/app_state.hpp"

namespace infusion::ui {

AppState::AppState(const settings::Config& cfg, storage::Database& db, std::string who)
    : config(cfg),
      database(db),
      service(db.visits(), db.audit(), cfg),
      user(std::move(who)),
      editor(service, user),
      now([] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }) {}

void AppState::open_visit(storage::VisitId id) {
    if (auto opened = editor.open(id); !opened) {
        today.error = opened.error().describe();
        return;
    }
    screen = Screen::visit;
    visit_screen = {};
    if (auto recent = service.recent_sites(editor.visit().patient.id, 5, id))
        visit_screen.recent_sites = recent.value();
}

void AppState::go_today() {
    screen = Screen::today;
    today.stale = true;
}

}  // namespace infusion::ui
