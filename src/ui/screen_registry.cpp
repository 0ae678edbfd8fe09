#include "ui/screen_registry.hpp"

#include "ui/audit_screen.hpp"
#include "ui/overview_screen.hpp"
#include "ui/review_queue_screen.hpp"
#include "ui/site_history_screen.hpp"
#include "ui/today_screen.hpp"
#include "ui/visit_review_screen.hpp"
#include "ui/visit_screen.hpp"
#include "ui/widgets.hpp"
#include "ui/worklist_screen.hpp"

#include <algorithm>

namespace infusion::ui {
namespace {

using app::Role;

const std::vector<ScreenEntry>& entries() {
    static const std::vector<ScreenEntry> all{
        {Screen::today,
         "today",
         "Today",
         MenuPlace::go,
         "menu.go.today",
         {Role::nurse, Role::supervisor},
         draw_today_screen},
        {Screen::visit,
         "visit",
         "Visit",
         MenuPlace::none,
         "",
         {Role::nurse, Role::supervisor, Role::biller},
         draw_visit_screen},
        {Screen::worklist,
         "worklist",
         "Billing worklist",
         MenuPlace::go,
         "menu.go.worklist",
         {Role::biller},
         draw_worklist_screen},
        {Screen::review_queue,
         "review",
         "Review queue",
         MenuPlace::review,
         "menu.review.queue",
         {Role::supervisor},
         draw_review_queue_screen},
        {Screen::visit_review,
         "visit-review",
         "Visit review",
         MenuPlace::none,
         "",
         {Role::supervisor},
         draw_visit_review_screen},
        {Screen::site_history,
         "site-history",
         "Site history",
         MenuPlace::none,
         "",
         {Role::supervisor},
         draw_site_history_screen},
        {Screen::overview,
         "overview",
         "Clinic overview",
         MenuPlace::review,
         "menu.review.overview",
         {Role::supervisor},
         draw_overview_screen},
        {Screen::audit,
         "audit",
         "Audit report",
         MenuPlace::review,
         "menu.review.audit",
         {Role::supervisor, Role::admin},
         draw_audit_screen},
    };
    return all;
}

void mark_stale(AppState& state, Screen id) {
    switch (id) {
        case Screen::today: state.today.stale = true; break;
        case Screen::worklist: state.worklist.stale = true; break;
        case Screen::review_queue: state.review_queue.stale = true; break;
        case Screen::site_history: state.site_history.stale = true; break;
        case Screen::overview: state.overview.stale = true; break;
        case Screen::audit: state.audit.stale = true; break;
        case Screen::visit:
        case Screen::visit_review: break;
    }
}

void draw_refusal(AppState& state, const ScreenEntry& entry) {
    const app::Acting& who = state.who();
    if (state.refusal_audited != entry.id) {
        state.refusal_audited = entry.id;
        auto refused = who.require_any(std::span<const Role>(entry.roles), std::string("open the ") + entry.title);
        state.refusal_text = refused ? std::string() : refused.error().message;
    }
    ImGui::PushFont(state.fonts.large);
    ImGui::TextColored(error_colour(), "Not available");
    ImGui::PopFont();
    remember(state, "screen.refused");
    ImGui::PushTextWrapPos(0.0F);
    ImGui::TextUnformatted(state.refusal_text.c_str());
    ImGui::TextColored(muted_colour(), "The attempt is recorded in the audit log.");
    ImGui::PopTextWrapPos();
    if (big_button(state, "< Back", "screen.refused.back")) go_to(state, start_screen(state));
}

}  // namespace

std::span<const ScreenEntry> screen_registry() { return entries(); }

const ScreenEntry& screen_entry(Screen id) {
    for (const auto& e : entries()) {
        if (e.id == id) return e;
    }
    return entries().front();
}

const ScreenEntry* find_screen(std::string_view name) {
    for (const auto& e : entries()) {
        if (name == e.name) return &e;
    }
    return nullptr;
}

std::string screen_names() {
    std::string out;
    for (const auto& e : entries()) out += (out.empty() ? "" : ", ") + std::string(e.name);
    return out;
}

bool may_open(const AppState& state, Screen id) {
    const auto& roles = screen_entry(id).roles;
    return std::any_of(roles.begin(), roles.end(), [&](Role r) { return state.has_role(r); });
}

Screen start_screen(const AppState& state) {
    if (state.has_role(Role::nurse)) return Screen::today;
    if (state.has_role(Role::biller)) return Screen::worklist;
    if (state.has_role(Role::supervisor)) return Screen::review_queue;
    if (state.has_role(Role::admin)) return Screen::audit;
    return Screen::today;  // no role: Today shows the refusal
}

void go_to(AppState& state, Screen id) {
    state.screen = id;
    state.refusal_audited.reset();
    mark_stale(state, id);
}

void draw_current_screen(AppState& state) {
    const ScreenEntry& entry = screen_entry(state.screen);
    if (!may_open(state, state.screen)) {
        draw_refusal(state, entry);
        return;
    }
    entry.draw(state);
}

}  // namespace infusion::ui
