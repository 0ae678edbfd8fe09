#include "platform/glyph_demand.hpp"

#include <imgui_internal.h>

namespace infusion::platform {
namespace {

GlyphDemand* current = nullptr;  // the frame being built's (one UI thread; set and cleared around each frame)

}  // namespace

void GlyphDemand::begin_frame() {
    current = this;
    // Typed letters: the field that takes them draws them this frame.
    const auto& queue = ImGui::GetIO().InputQueueCharacters;
    for (const ImWchar c : queue) note_letter(c);
}

void GlyphDemand::end_frame() { current = nullptr; }

void GlyphDemand::note(std::string_view text) {
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        if (static_cast<unsigned char>(*p) < 0x80) {
            ++p;  // ASCII: always in the atlas
            continue;
        }
        unsigned int c = 0;
        const int length = ImTextCharFromUtf8(&c, p, end);
        p += length > 0 ? length : 1;
        if (c <= 0xFFFF) note_letter(static_cast<ImWchar>(c));  // beyond: more than ImWchar holds
    }
}

void GlyphDemand::note_letter(ImWchar letter) {
    if (letter < 0x80 || letter == 0xFFFD) return;
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    if (atlas.Fonts.empty()) return;
    // The default face; the others take the same letters.
    if (atlas.Fonts[0]->FindGlyphNoFallback(letter) != nullptr) return;
    if (m_noted.insert(letter).second) m_changed = true;
}

void note_text(std::string_view text) {
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {  // most text is ASCII: one pass, no decoding
            if (current != nullptr) current->note(text);
            return;
        }
    }
}

}  // namespace infusion::platform
