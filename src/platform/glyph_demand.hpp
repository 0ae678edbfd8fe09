#pragma once
// Letters the screen showed that the fonts lack: a patient's name in Chinese, Japanese or Korean was drawn as
// "???" on every list and on the banner, where the nurse checks whom she is treating (found from outside).
// The atlas cannot hold every such letter (tens of thousands, in three sizes), so it holds those the screen
// has shown: while a frame is built ImGui logs the text it renders (visible items only: a frame's few
// kilobytes; a window's text after an open popup or tooltip is left out, ImGui ending its log there, and
// noted in a frame without one), and the letters it has no glyph for are noted; the fonts are then loaded again with
// them, from a fallback face (load_fonts), and the next frame draws them. Typed letters are rendered by their field, so
// they are noted the same way.
#include <imgui.h>

#include <cstddef>
#include <set>
#include <vector>

namespace infusion::platform {

class GlyphDemand {
public:
    // Right after ImGui::NewFrame(): the frame's rendered text is logged from here on.
    void begin_frame();
    // Before ImGui::Render(): the logged text's letters that the default font draws as its fallback are noted,
    // and the log ends.
    void end_frame();
    // Letters noted since the fonts were last loaded with extra(): load them again.
    [[nodiscard]] bool changed() const { return m_changed; }
    // Every letter noted so far, sorted: what load_fonts adds from the fallback face. Letters that face lacks
    // stay in the list (drawn as the fallback), so they do not ask for the fonts again and again.
    [[nodiscard]] std::vector<ImWchar> extra() const { return {m_noted.begin(), m_noted.end()}; }
    void loaded() { m_changed = false; }
    // Rendered text, as ImGui's log writes it during the frame.
    void note(const char* text, std::size_t size);

private:
    std::set<ImWchar> m_noted;
    bool m_changed = false;
};

}  // namespace infusion::platform
