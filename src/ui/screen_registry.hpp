#pragma once
// Every screen of the window, listed once (ImHex registers its views; hello_imgui lists its windows as
// data): id, title, menu place, the roles that may open it, and its draw function. The menus,
// `--screen NAME`, the start screen of each role and the role gate all read this one list.
//
// The gate is only what the window offers: each use case in app/ checks its own permission again
// (docs/users.md), so a screen that slipped through could still do nothing it should not.
#include "ui/app_state.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace infusion::ui {

enum class MenuPlace { go, review, none };  // none: reached from another screen (a visit, a review)

struct ScreenEntry {
    Screen id;
    const char* name;   // for --screen and the tests: "today", "worklist" ...
    const char* title;  // menu item and refusal text
    MenuPlace menu;
    const char* menu_item;         // the menu item's name for tests ("menu.review.queue"); "" off the menus
    std::vector<app::Role> roles;  // any of these opens it
    void (*draw)(AppState& state);
};

[[nodiscard]] std::span<const ScreenEntry> screen_registry();
[[nodiscard]] const ScreenEntry& screen_entry(Screen id);
[[nodiscard]] const ScreenEntry* find_screen(std::string_view name);
// "today, visit, worklist, ..." for help texts and the message of an unknown --screen.
[[nodiscard]] std::string screen_names();

// Where a person starts after signing in: a nurse on Today, a biller on the worklist, a supervisor on
// the review queue (the first of these that the person holds, in that order).
[[nodiscard]] Screen start_screen(const AppState& state);
// True when the person holds a role that opens `id` (the menu shows only these).
[[nodiscard]] bool may_open(const AppState& state, Screen id);
// Goes to a screen (reloading its data); one the person may not open shows the refusal instead.
void go_to(AppState& state, Screen id);
// Draws the current screen, or, for a person without its role, why not: audited once per visit of
// the screen (this runs every frame), through app/ like every refusal.
void draw_current_screen(AppState& state);

}  // namespace infusion::ui
