#pragma once
// Small widgets shared by the screens: touch-sized buttons, checklists, time fields with a "now"
// button and daylight-saving handling, and the hooks tests and the billing panel use.
#include "ui/app_state.hpp"

#include <optional>
#include <string>
#include <vector>

namespace infusion::ui {

// Records the last item's rectangle under `name` (for headless tests; a no-op otherwise).
void remember(AppState& state, const std::string& name);

// When a problem for `field` was clicked in the billing panel, focus the next widget and scroll to it.
// The click just taken moved what is under the pointer: the rest of a double click is not taken
// (AppState::clicks_ignored_until).
void settle_clicks(AppState& state);
// Times being typed in fields whose path starts with `prefix` are dropped: the entries after a removed (or
// restored) note, pause or set-up moved, and their typed times belong to other paths now.
void forget_time_drafts(AppState& state, const std::string& prefix);
void focus_if_requested(AppState& state, const std::string& field);
// The same for a line that holds no input (a vial's line): scrolled into view when the clicked problem's
// field is `field` or inside it ("substances[0].vials[1]" for "substances[0].vials[1].expiry").
void reveal_if_requested(AppState& state, const std::string& field);

// A wrapped line of text in `colour` that can be clicked or reached by keyboard, like a link (a problem that
// leads to its field): a selectable the size of the text, the text drawn over it. Returns whether it was
// clicked; `hovered`, when given, whether the pointer is over it (for the caller's tooltip).
bool text_link(const std::string& label, const ImVec4& colour, bool* hovered = nullptr);

// A button of touch height; `name` is its remembered name.
[[nodiscard]] bool big_button(AppState& state, const char* label, const std::string& name, float width = 0.0F);

// A yes/no checklist item whose "not documented" state shows as unchecked. Returns true on change.
[[nodiscard]] bool check_item(AppState& state, const char* label, std::optional<bool>& value, const std::string& field);

// A multi-line text box whose lines break at a space before they pass its right edge, as typed
// (ImGui 1.86 does not wrap): the break is a newline in the text. Returns true when edited.
// An amount (a dose, a discarded amount), typed as text: a comma is read as the decimal point and any
// other character than a digit or the point is not taken. ImGui's number field dropped the comma, so
// "8,5" g was stored and billed as 85 g (found from outside). Empty is no amount. Returns true when
// the amount changed.
[[nodiscard]] bool amount_field(const char* id, std::optional<double>& value, float width);

[[nodiscard]] bool wrapped_text_box(const char* id, std::string& text, ImVec2 size);

// Severity colours used across screens.
[[nodiscard]] ImVec4 error_colour();
[[nodiscard]] ImVec4 warning_colour();
[[nodiscard]] ImVec4 ok_colour();
[[nodiscard]] ImVec4 muted_colour();

// A table row under the pointer tinted, not filled with ImGui's full blue, which hid the coloured text of
// the row (a held row's red reason on Today, the queue's flags; found in the real window). Pop it before
// EndTable(): a scrolling table is a child window, which checks its style stack as it ends.
void push_row_hover_tint();
void pop_row_hover_tint();

// `text` cut to `width` in the current font with "..." (the font has no ellipsis glyph), at a character's
// start (names are UTF-8); `text` itself when it fits.
[[nodiscard]] std::string fit_to_width(const std::string& text, float width);
// `text` on one line, cut with "..." at the edge of the space left on the line (a table cell's), the whole
// text under the pointer when cut: a long name or reason cut mid-word with no sign of it read as the whole
// (found from outside). Builds no string when the text fits: Today draws it on every frame.
void fitted_text(const std::string& text, const ImVec4* colour = nullptr);
// `text` wrapped in the space left on the line, in `lines` lines at most: when they do not hold it, the last
// is cut with "..." and the whole text shows under the pointer. A name of five wrapped lines ran over the
// rows below it, or made a row five lines tall; a refused time's reason of four lines beside its field
// pushed the next field from under the pointer (both found from outside).
void wrapped_or_fitted_text(const std::string& text, int lines, const ImVec4* colour = nullptr);
// `text` as at most `lines` lines of `width` pixels in the current font, joined by '\n': wrapped where ImGui
// wraps, the last cut with "..." when more is left (`cut` says whether it was).
[[nodiscard]] std::string text_in_lines(const std::string& text, int lines, float width, bool* cut = nullptr);
// `text` in `colour`, wrapped at the edge of the space left (a table cell's): "not checked" in a narrow
// column lost its last letters (found from outside at 1024 wide).
void coloured_wrapped_text(const ImVec4& colour, const char* text);
// The parts of one line ("set up ...", "start ...", "stop ...") side by side while they fit, each part that
// does not on a line of its own, never cut within a part: at 1024 wide a set-up's stop time was past the
// panel's edge (found from outside).
void flowing_parts(const std::vector<std::string>& parts, const ImVec4& colour);

}  // namespace infusion::ui
