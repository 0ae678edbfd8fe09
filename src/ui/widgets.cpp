// Sections: 1. colours and hooks  2. buttons and checklists  3. amounts and text that fits (the time fields are
// time_field.cpp)
#include "ui/widgets.hpp"

#include "platform/glyph_demand.hpp"
#include "ui/tab_order.hpp"

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace infusion::ui {

// ---- 1. colours and hooks ----------------------------------------------------------------------
ImVec4 error_colour() { return ImVec4(0.86F, 0.20F, 0.18F, 1.0F); }
ImVec4 warning_colour() { return ImVec4(0.80F, 0.50F, 0.05F, 1.0F); }
ImVec4 ok_colour() { return ImVec4(0.13F, 0.55F, 0.25F, 1.0F); }
ImVec4 muted_colour() { return ImVec4(0.45F, 0.45F, 0.48F, 1.0F); }

float touch_height() { return ImGui::GetFrameHeight() * 1.4F; }

void remember(AppState& state, const std::string& name) {
    if (!state.locations.enabled) return;
    if (state.locations.reveal == name) {
        ImGui::SetScrollHereY(0.5F);
        state.locations.reveal.clear();
    }
    if (!ImGui::IsItemVisible()) return;
    state.locations.rects[name] = ItemRect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
}

void settle_clicks(AppState& state) {
    state.clicks_ignored_until = ImGui::GetTime() + static_cast<double>(ImGui::GetIO().MouseDoubleClickTime);
}

void forget_time_drafts(AppState& state, const std::string& prefix) {
    std::erase_if(state.visit_screen.time_drafts, [&](const auto& d) { return d.first.rfind(prefix, 0) == 0; });
}

void focus_if_requested(AppState& state, const std::string& field) {
    if (state.visit_screen.focus_field.empty() || state.visit_screen.focus_field != field) return;
    state.focus_pending_frames = 3;  // typing until the field has the keyboard is kept for it
    // Scrolled only when the field is not in view: "+ Pause" scrolled the column under the pointer, and the
    // second click of a double click added a pump set-up (found from outside).
    const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
    const float top = ImGui::GetCursorScreenPos().y;
    if (top < clip.Min.y || top + touch_height() > clip.Max.y) ImGui::SetScrollHereY(0.3F);
    ImGui::SetKeyboardFocusHere();
    state.visit_screen.focus_field.clear();
}

void reveal_if_requested(AppState& state, const std::string& field) {
    const std::string& wanted = state.visit_screen.focus_field;
    if (wanted.size() < field.size() || wanted.compare(0, field.size(), field) != 0) return;
    if (wanted.size() > field.size() && wanted[field.size()] != '.') return;
    ImGui::SetScrollHereY(0.3F);
    state.visit_screen.focus_field.clear();
}

// ---- 2. buttons, checklists and text boxes -----------------------------------------------------------------
bool text_link(const std::string& label, const ImVec4& colour, bool* hovered) {
    platform::note_text(label);
    const ImVec2 at = ImGui::GetCursorPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 size = ImGui::CalcTextSize(label.c_str(), nullptr, false, width);
    const bool clicked = ImGui::Selectable("##link", false, 0, ImVec2(width, size.y));
    if (hovered != nullptr) *hovered = ImGui::IsItemHovered();
    ImGui::SetCursorPos(at);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(at.x + width);
    ImGui::TextUnformatted(label.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    return clicked;
}

bool big_button(AppState& state, const char* label, const std::string& name, float width) {
    const bool pressed = ImGui::Button(label, ImVec2(width, touch_height()));
    remember(state, name);
    tab_stop(state, name, false);
    return pressed;
}

bool check_item(AppState& state, const char* label, std::optional<bool>& value, const std::string& field) {
    bool checked = value.value_or(false);
    focus_if_requested(state, field);
    const bool changed = ImGui::Checkbox(label, &checked);
    remember(state, field);
    tab_stop(state, field, false);
    if (changed) value = checked;
    return changed;
}

namespace {

// A line that runs wider than the box breaks after its last space that fits: a soft break, a '\n'
// after the space, there only to show the text in the box. ImGui 1.86's text box does not wrap. The
// text kept (and saved, signed, printed) has no soft break: each was a space typed. Until 2026-12-05 the
// space itself was made a '\n', so a note was stored with a line break wherever the box happened to
// wrap ("Pt / tolerated / well." on the review; found from outside). A line break typed after a space
// reads as a soft one: the two lines join.
constexpr std::string_view soft_break = " \n";

// Breaks the line being typed after its last space once it is wider than the box (user_data: the width).
int wrap_as_typed(ImGuiInputTextCallbackData* data) {
    const float width = *static_cast<const float*>(data->UserData);
    const int cursor = data->CursorPos;
    int line_start = cursor;
    while (line_start > 0 && data->Buf[line_start - 1] != '\n') --line_start;
    if (ImGui::CalcTextSize(data->Buf + line_start, data->Buf + cursor).x <= width) return 0;
    for (int i = cursor - 1; i > line_start; --i) {
        if (data->Buf[i] == ' ') {
            data->InsertChars(i + 1, "\n");
            break;
        }
    }
    return 0;
}

// `text` as the box shows it: soft breaks where its lines run wider than `width`.
std::string soft_wrapped(const std::string& text, float width) {
    std::string out;
    out.reserve(text.size() + 16);
    std::size_t line_start = 0;  // in `out`
    std::size_t last_space = std::string::npos;
    for (const char c : text) {
        out.push_back(c);
        if (c == '\n') {
            line_start = out.size();
            last_space = std::string::npos;
            continue;
        }
        if (c == ' ') last_space = out.size() - 1;
        if (last_space != std::string::npos && last_space > line_start &&
            ImGui::CalcTextSize(out.data() + line_start, out.data() + out.size()).x > width) {
            out.insert(last_space + 1, 1, '\n');
            line_start = last_space + 2;
            last_space = std::string::npos;
        }
    }
    return out;
}

// The text kept: every soft break taken out again.
std::string without_soft_breaks(std::string shown) {
    for (auto at = shown.find(soft_break); at != std::string::npos; at = shown.find(soft_break, at + 1)) {
        shown.erase(at + 1, 1);
    }
    return shown;
}

}  // namespace

bool wrapped_text_box(const char* id, std::string& text, ImVec2 size) {
    platform::note_text(text);
    const float box = size.x > 0.0F ? size.x : ImGui::GetContentRegionAvail().x;
    float width = box - ImGui::GetStyle().FramePadding.x * 2.0F - ImGui::GetStyle().ScrollbarSize;
    // While the box is being typed into ImGui shows its own copy, soft breaks and all.
    std::string shown = soft_wrapped(text, width);
    if (!ImGui::InputTextMultiline(id, &shown, size, ImGuiInputTextFlags_CallbackEdit, wrap_as_typed, &width)) {
        return false;
    }
    std::string kept = without_soft_breaks(std::move(shown));
    if (kept == text) return false;
    text = std::move(kept);
    return true;
}

namespace {

// Digits and one decimal point: a comma is the point typed the European way, everything else (a sign, an
// exponent, a letter) is not taken, so the field shows exactly what will be stored.
int amount_character(ImGuiInputTextCallbackData* data) {
    if (data->EventChar == ',') data->EventChar = '.';
    const bool digit = data->EventChar >= '0' && data->EventChar <= '9';
    return digit || data->EventChar == '.' ? 0 : 1;
}

}  // namespace

bool amount_field(const char* id, std::optional<double>& value, float width) {
    // Every digit typed stays on screen: "%.3g" showed 1000 mL as "1e+03" and 12.25 g as "12.2" while
    // 12.25 was stored and billed (found from outside). While the field is being typed into ImGui shows
    // its own copy of the text, so "8." stays "8." though 8 is stored.
    std::string text;
    if (value) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.10g", *value);
        text = buffer;
    }
    ImGui::SetNextItemWidth(width);
    if (!ImGui::InputText(id, &text, ImGuiInputTextFlags_AutoSelectAll | ImGuiInputTextFlags_CallbackCharFilter,
                          amount_character)) {
        return false;
    }
    if (text.empty() || text == ".") {
        const bool had = value.has_value();
        value.reset();
        return had;
    }
    double read = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), read);
    if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(read)) return false;  // "8.5.1"
    if (value == read) return false;
    value = read;
    return true;
}

void push_row_hover_tint() {
    ImGui::PushStyleColor(ImGuiCol_HeaderHovered, ImVec4(0.26F, 0.59F, 0.98F, 0.22F));
    ImGui::PushStyleColor(ImGuiCol_HeaderActive, ImVec4(0.26F, 0.59F, 0.98F, 0.35F));
}

void pop_row_hover_tint() { ImGui::PopStyleColor(2); }

std::string fit_to_width(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    ImFont* font = ImGui::GetFont();
    const float room = std::max(0.0F, width - ImGui::CalcTextSize("...").x);
    const char* fits = text.c_str();  // the first character that no longer fits
    font->CalcTextSizeA(ImGui::GetFontSize(), room, 0.0F, text.c_str(), text.c_str() + text.size(), &fits);
    // Back to a character's first byte: the cut never splits a UTF-8 sequence.
    while (fits > text.c_str() && (static_cast<unsigned char>(*fits) & 0xC0U) == 0x80U) --fits;
    return std::string(text.c_str(), fits) + "...";
}

void fitted_text(const std::string& text, const ImVec4* colour) {
    platform::note_text(text);  // a name in Chinese, Japanese or Korean (platform/glyph_demand.hpp)
    const float width = ImGui::GetContentRegionAvail().x;
    if (colour != nullptr) ImGui::PushStyleColor(ImGuiCol_Text, *colour);
    const bool fits = ImGui::CalcTextSize(text.c_str()).x <= width;
    if (fits) {
        ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    } else {
        ImGui::TextUnformatted(fit_to_width(text, width).c_str());
    }
    if (colour != nullptr) ImGui::PopStyleColor();
    if (!fits && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0F);
        ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

std::string text_in_lines(const std::string& text, int lines, float width, bool* cut) {
    ImFont* font = ImGui::GetFont();
    const float scale = ImGui::GetFontSize() / font->FontSize;
    const char* at = text.c_str();
    const char* end = text.c_str() + text.size();
    std::string shown;
    for (int line = 1; line < lines && at < end; ++line) {
        const char* wrap = font->CalcWordWrapPositionA(scale, at, end, width);
        if (wrap == at) wrap = at + 1;  // a glyph wider than the space: one per line, never stuck
        shown.append(at, wrap);
        while (!shown.empty() && (shown.back() == ' ' || shown.back() == '\n')) shown.pop_back();
        at = wrap;
        while (at < end && (*at == ' ' || *at == '\n')) ++at;
        if (at < end) shown += '\n';
    }
    const std::string last(at, end);
    const std::string fitted = fit_to_width(last, width);
    shown += fitted;
    if (cut != nullptr) *cut = fitted != last;
    return shown;
}

void wrapped_or_fitted_text(const std::string& text, int lines, const ImVec4* colour) {
    platform::note_text(text);
    bool cut = false;
    const std::string shown = text_in_lines(text, lines, ImGui::GetContentRegionAvail().x, &cut);
    if (colour != nullptr) ImGui::PushStyleColor(ImGuiCol_Text, *colour);
    ImGui::TextUnformatted(shown.c_str(), shown.c_str() + shown.size());
    if (colour != nullptr) ImGui::PopStyleColor();
    if (cut && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0F);
        ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void coloured_wrapped_text(const ImVec4& colour, const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(0.0F);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void flowing_parts(const std::vector<std::string>& parts, const ImVec4& colour) {
    const float gap = ImGui::GetFontSize() * 1.5F;
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0 && ImGui::GetItemRectMax().x + gap + ImGui::CalcTextSize(parts[i].c_str()).x <= right) {
            ImGui::SameLine(0.0F, gap);
        }
        ImGui::TextColored(colour, "%s", parts[i].c_str());
    }
}

}  // namespace infusion::ui
