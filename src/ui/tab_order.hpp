#pragma once
// Tab and Shift+Tab over every control of a screen, in reading order, text fields or not.
//
// Dear ImGui 1.86 tabs only between text fields, and only between those scrolled into view; combos,
// toggles, buttons and the body map were out of reach of Tab (issue 13). A screen calls
// tab_order_begin() first, then tab_stop() right after each control it wants in the order. On Tab the
// next stop is scrolled into view and focused: a text field takes the keyboard, anything else the
// navigation focus, where Space or Enter presses it and the arrow keys move on (over the body map's sites).
#include "ui/app_state.hpp"

#include <string>

namespace infusion::ui {

// Starts a frame of the screen: reads Tab / Shift+Tab against last frame's stops. While it is in force
// ImGui's own tabbing is off (every item is pushed as not a tab stop); end with tab_order_end().
void tab_order_begin(AppState& state);
void tab_order_end(AppState& state);

// Registers the control just drawn as the next stop, named as ui::remember names it; `text`: a text
// field (focus by keyboard capture) or not (navigation focus).
void tab_stop(AppState& state, const std::string& name, bool text);

// The stop that has the focus now ("" when none): what a test or the screen can show.
[[nodiscard]] std::string focused_stop(const AppState& state);

}  // namespace infusion::ui
