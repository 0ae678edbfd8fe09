#pragma once
// Letters the screen shows that the fonts lack: a patient's name in Chinese, Japanese or Korean was drawn as
// "???" on every list and on the banner, where the nurse checks whom she is treating (found from outside).
// The atlas cannot hold every such letter (tens of thousands, in three sizes), so it holds those the screen
// has shown: the screens hand the text they draw from the record (names, allergies, notes: note_text) and
// the letters typed are taken as they arrive; the letters the default face has no glyph for are noted, the
// fonts are loaded again with them from a fallback face (load_fonts), and the next frame draws them.
// (ImGui's own log of rendered text would have been one place for all of it, but while ImGui logs it clips
// nothing: Today drew all its rows on every frame.)
#include <imgui.h>

#include <set>
#include <string_view>
#include <vector>

namespace infusion::platform {

class GlyphDemand {
public:
    // Right after ImGui::NewFrame(): note_text() reaches this demand until end_frame(); the letters typed for
    // this frame are noted.
    void begin_frame();
    void end_frame();
    // Letters noted since the fonts were last loaded with extra(): load them again.
    [[nodiscard]] bool changed() const { return m_changed; }
    // Every letter noted so far, sorted: what load_fonts adds from the fallback face. Letters that face lacks
    // stay in the list (drawn as the fallback), so they do not ask for the fonts again and again.
    [[nodiscard]] std::vector<ImWchar> extra() const { return {m_noted.begin(), m_noted.end()}; }
    void loaded() { m_changed = false; }
    // UTF-8 text about to be drawn.
    void note(std::string_view text);

private:
    void note_letter(ImWchar letter);

    std::set<ImWchar> m_noted;
    bool m_changed = false;
};

// Text a screen draws from the record (a name, a note): its letters the fonts lack are noted for the frame being
// built (no-op outside a frame). Cheap for ASCII, which most text is: one pass over the bytes.
void note_text(std::string_view text);

}  // namespace infusion::platform
