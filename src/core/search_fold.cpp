#include "core/search_fold.hpp"

#include "core/codes.hpp"

#include <cctype>

namespace infusion::core {
namespace {

// The base letter of each code point from U+00C0 to U+024F, and from U+1E00 to U+1EFF, in lower case ('.'
// where there is none: "×", "Æ", "ß", "Œ", "Þ"). Made from Unicode's canonical decompositions (the first
// letter of each), with the letters that have none written in (Ø, Đ, Ł, Ħ, Ŧ, ı and a few of Latin
// Extended-B).
constexpr std::string_view latin_bases =
    "aaaaaa.ceeeeiiiidnooooo.ouuuuy..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkk.lllllll"
    "lllnnnnnn...oooooo..rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzz."
    "b........d.............i........oo.............uu....zz........."
    ".............aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa...."
    "aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy.......cc..."
    "................";
constexpr char32_t latin_first = 0xC0;
constexpr std::string_view additional_bases =
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
    "wwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";
constexpr char32_t additional_first = 0x1E00;

static_assert(latin_bases.size() == 0x250 - 0xC0);
static_assert(additional_bases.size() == 0x100);

// The base letter of `c` in lower case, or 0 when search_fold() keeps it.
char base_letter(char32_t c) {
    char base = '.';
    if (c >= latin_first && c < latin_first + latin_bases.size()) base = latin_bases[c - latin_first];
    if (c >= additional_first && c < additional_first + additional_bases.size()) {
        base = additional_bases[c - additional_first];
    }
    return base == '.' ? '\0' : base;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    }
    out += static_cast<char>(0x80 | (c & 0x3F));
}

}  // namespace

std::string search_fold(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto [c, length] = first_code_point(text.substr(i));
        if (length == 0) {  // not UTF-8: kept byte for byte
            out += text[i++];
            continue;
        }
        if (length == 1) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
        } else if (const char base = base_letter(c); base != '\0') {
            out += base;
        } else {
            out.append(text.substr(i, length));
        }
        i += length;
    }
    return out;
}

const std::vector<std::pair<std::string, char>>& accented_letters() {
    static const std::vector<std::pair<std::string, char>> letters = [] {
        std::vector<std::pair<std::string, char>> out;
        const auto add = [&](char32_t first, std::size_t count) {
            for (char32_t c = first; c < first + count; ++c) {
                const char base = base_letter(c);
                if (base == '\0') continue;
                std::string utf8;
                append_utf8(utf8, c);
                out.emplace_back(std::move(utf8), base);
            }
        };
        add(latin_first, latin_bases.size());
        add(additional_first, additional_bases.size());
        return out;
    }();
    return letters;
}

}  // namespace infusion::core
