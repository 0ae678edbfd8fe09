#pragma once
// The three faces the UI uses, loaded into ImGui's font atlas.
#include <imgui.h>

#include <vector>

namespace infusion::platform {

struct Fonts {
    ImFont* regular = nullptr;  // body text and widgets (the atlas default)
    ImFont* large = nullptr;    // headings and the running timer
    ImFont* mono = nullptr;     // codes, NDCs, lot numbers: digits line up
};

inline constexpr float regular_font_px = 18.0f;
inline constexpr float large_font_px = 26.0f;

// Clears the current context's font atlas and adds DejaVu Sans (regular), DejaVu Sans Bold (large) and
// DejaVu Sans Mono at regular_font_px / large_font_px times `scale`, with Latin, Latin Extended
// (Peña, Müller, Nguyễn) and the symbols we draw (arrows, check marks, warning sign). A missing file
// falls back to ImGui's built-in font at the same size, said once on stderr. Call between frames; the
// renderer must then rebuild its font texture (run_window and HeadlessUi do).
// `extra`: letters beyond those ranges that the screen showed (GlyphDemand), taken from the fallback face
// (fonts-wqy-microhei: Chinese, Japanese, Korean), when it is installed.
[[nodiscard]] Fonts load_fonts(float scale, const std::vector<ImWchar>& extra = {});

}  // namespace infusion::platform
