#include "platform/fonts.hpp"

#include <imgui.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <string>
#include <vector>

namespace infusion::platform {

namespace {

// fonts-dejavu-core installs these; they cover Latin Extended, Vietnamese, Greek and Cyrillic (a name in
// Greek read "????" on every list), unlike ImGui's own font.
constexpr const char* font_dir = "/usr/share/fonts/truetype/dejavu/";
constexpr const char* regular_file = "DejaVuSans.ttf";
constexpr const char* bold_file = "DejaVuSans-Bold.ttf";
constexpr const char* mono_file = "DejaVuSansMono.ttf";
// fonts-wqy-microhei: Chinese, Japanese kana and Korean hangul in one face (the first of its collection), for
// the letters DejaVu lacks that the screen shows (glyph_demand.hpp); Droid Sans Fallback has no hangul. Only
// those letters are taken from it: the whole face would be tens of thousands of glyphs in each of three sizes.
constexpr const char* fallback_path = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

// Pairs of first, last code point; zero-terminated, as ImFontAtlas expects. The atlas keeps a pointer
// to the array, so it must outlive the font: hence static storage.
constexpr ImWchar glyph_ranges[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1 Supplement (ñ ü é µ ° ×)
    0x0100, 0x024F,  // Latin Extended-A and -B (Ł ő ș ț)
    0x0300, 0x0301,  // combining grave and acute, used by some Vietnamese input methods
    0x0303, 0x0303,  // combining tilde
    0x0309, 0x0309,  // combining hook above
    0x0323, 0x0323,  // combining dot below
    0x0370, 0x03FF,  // Greek and Coptic (Παπαδοπούλου): shown as "????" before, found from outside
    0x0400, 0x04FF,  // Cyrillic (Шевченко)
    0x1E00, 0x1EFF,  // Latin Extended Additional: precomposed Vietnamese (ễ ộ ư)
    0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
    0x2030, 0x203A,  // per mille, primes, angle quotes
    0x20AC, 0x20AC,  // euro sign
    0x2190, 0x2199,  // arrows
    0x2212, 0x2212,  // minus sign
    0x2248, 0x2248,  // almost equal
    0x2260, 0x2265,  // not equal, less/greater or equal
    0x23F1, 0x23F1,  // stopwatch (drawn if the face has it)
    0x25A0, 0x25CF,  // squares, triangles, circles for status
    0x26A0, 0x26A0,  // warning sign
    0x2713, 0x2718,  // check marks and crosses
    0,
};

void warn_missing_once(const std::vector<std::string>& missing) {
    // Once per process: load_fonts runs again when the window moves to a monitor with another scale.
    static std::once_flag warned;
    std::call_once(warned, [&missing] {
        std::cerr << "infusiondoc: font file(s) not found, using ImGui's built-in font (no Latin Extended) instead:";
        for (const auto& file : missing) std::cerr << ' ' << file;
        std::cerr << "\n  install fonts-dejavu-core for accented names such as Peña, Müller, Nguyễn\n";
    });
}

bool readable(const std::string& path) {
    // Checked first: ImGui 1.86 asserts (aborts a debug build) on a font file it cannot read.
    return std::filesystem::is_regular_file(path) && std::ifstream(path, std::ios::binary).good();
}

// The letters taken from the fallback face, as ranges of one code point each; zero-terminated. Static: the
// atlas reads them when it is built, after load_fonts returns.
std::vector<ImWchar>& fallback_ranges() {
    static std::vector<ImWchar> ranges;
    return ranges;
}

// `gaps_from`: a second face merged in for the code points the first lacks (ImGui keeps the first
// face's glyph where both have one); then the fallback face for fallback_ranges(), when there are any.
ImFont* add_font(const char* file, float size_px, const char* gaps_from, std::vector<std::string>& missing) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    const std::string path = std::string(font_dir) + file;
    if (readable(path)) {
        // Horizontal oversampling smooths small text at fractional positions; past ~27 px it is not
        // visible, and at scale 3 it would make the atlas 4096x4096 (more than some GPUs accept).
        ImFontConfig config;
        config.OversampleH = size_px < 27.0f ? 2 : 1;
        ImFont* font = atlas.AddFontFromFileTTF(path.c_str(), size_px, &config, std::data(glyph_ranges));
        const std::string gaps_path = gaps_from != nullptr ? std::string(font_dir) + gaps_from : std::string();
        if (font != nullptr && gaps_from != nullptr && readable(gaps_path)) {
            ImFontConfig merge = config;
            merge.MergeMode = true;
            atlas.AddFontFromFileTTF(gaps_path.c_str(), size_px, &merge, std::data(glyph_ranges));
        }
        if (font != nullptr && fallback_ranges().size() > 1 && readable(fallback_path)) {
            ImFontConfig merge = config;
            merge.MergeMode = true;
            merge.OversampleH = 1;  // ideographs are wide: no need, and half the atlas space
            merge.FontNo = 0;       // WenQuanYi Micro Hei, not its Mono
            atlas.AddFontFromFileTTF(fallback_path, size_px, &merge, fallback_ranges().data());
        }
        if (font != nullptr) return font;
    }
    missing.push_back(path);
    ImFontConfig config;
    config.SizePixels = size_px;  // the built-in 13 px bitmap font, stretched: blurry but usable
    return atlas.AddFontDefault(&config);
}

}  // namespace

Fonts load_fonts(float scale, const std::vector<ImWchar>& extra) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    atlas.Clear();
    auto& ranges = fallback_ranges();
    ranges.clear();
    for (const ImWchar c : extra) {
        ranges.push_back(c);
        ranges.push_back(c);
    }
    ranges.push_back(0);
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;  // only as tall as the glyphs need
    std::vector<std::string> missing;
    Fonts fonts;
    // The first font added is the atlas default, used when nothing is pushed.
    fonts.regular = add_font(regular_file, regular_font_px * scale, nullptr, missing);
    fonts.large = add_font(bold_file, large_font_px * scale, regular_file, missing);
    // DejaVu Sans Mono lacks some Vietnamese letters (ễ); a name shown in mono still reads right.
    fonts.mono = add_font(mono_file, regular_font_px * scale, regular_file, missing);
    if (!missing.empty()) warn_missing_once(missing);
    return fonts;
}

}  // namespace infusion::platform
