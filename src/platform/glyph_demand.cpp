#include "platform/glyph_demand.hpp"

#include <imgui_internal.h>

#include <stdio.h>  // fopencookie (glibc)

namespace infusion::platform {
namespace {

// ImGui ends its log at the End() of every window that is not a child (a popup or a tooltip too) and clears
// its buffer then: the frame's text is taken as it is written instead, through a stream of our own that
// ImGui writes each rendered text to (its "file" log), unbuffered so a letter is never split between writes.
ssize_t on_write(void* cookie, const char* text, size_t size) {
    static_cast<GlyphDemand*>(cookie)->note(text, size);
    return static_cast<ssize_t>(size);
}

int on_close(void*) { return 0; }

}  // namespace

void GlyphDemand::begin_frame() {
    ImGuiContext& g = *GImGui;
    if (g.LogEnabled) return;  // someone else's log: not ours to take
    cookie_io_functions_t io{};
    io.write = on_write;
    io.close = on_close;
    FILE* stream = fopencookie(this, "w", io);
    if (stream == nullptr) return;
    setvbuf(stream, nullptr, _IONBF, 0);
    // Depth 0: logging opens no tree node by itself (ImGui opens those of the first levels while it logs).
    ImGui::LogBegin(ImGuiLogType_File, 0);
    g.LogFile = stream;  // closed by ImGui's LogFinish (the first window's End, or end_frame)
}

void GlyphDemand::end_frame() {
    ImGuiContext& g = *GImGui;
    if (g.LogEnabled && g.LogType == ImGuiLogType_File) ImGui::LogFinish();
}

void GlyphDemand::note(const char* text, std::size_t size) {
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    if (atlas.Fonts.empty()) return;
    const ImFont* font = atlas.Fonts[0];  // the default face; the others take the same letters
    const char* p = text;
    const char* end = text + size;
    while (p < end) {
        if (static_cast<unsigned char>(*p) < 0x80) {
            ++p;  // ASCII: always in the atlas
            continue;
        }
        unsigned int c = 0;
        const int length = ImTextCharFromUtf8(&c, p, end);
        p += length > 0 ? length : 1;
        if (c > 0xFFFF || c == 0xFFFD) continue;  // beyond what ImWchar holds, or not a letter at all
        const auto letter = static_cast<ImWchar>(c);
        if (font->FindGlyphNoFallback(letter) != nullptr) continue;
        if (m_noted.insert(letter).second) m_changed = true;
    }
}

}  // namespace infusion::platform
