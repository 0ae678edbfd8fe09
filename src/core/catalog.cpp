#include "core/catalog.hpp"

#include "core/codes.hpp"

#include <algorithm>

namespace infusion::core {

namespace {
// ASCII case folding, as std::tolower does in the "C" locale, without a locale call per character.
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

const CatalogSubstance* SubstanceCatalog::find(std::string_view name) const {
    name = trim_blanks(name);  // " Hizentra " from a paste is Hizentra
    for (const auto& s : substances) {
        if (iequals(s.name, name) || iequals(s.id, name)) return &s;
        for (const auto& alias : s.aliases) {
            if (iequals(alias, name)) return &s;
        }
    }
    return nullptr;
}

namespace {
// Whether `listed`'s letters and digits, in lower case, run together somewhere in `written`'s: how a pump's
// name is compared (model names are written with and without their space, in either case). Without a
// string built: derive() asks it of every set-up (issue 15).
bool names_pump(std::string_view written, std::string_view listed) {
    const auto key = [](char c) -> char {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) return c;
        if (c >= 'A' && c <= 'Z') return ascii_lower(c);
        return '\0';
    };
    bool any = false;
    for (std::size_t from = 0; from < written.size(); ++from) {
        if (key(written[from]) == '\0') continue;
        std::size_t w = from;
        bool matched = true;
        for (const char l : listed) {
            const char want = key(l);
            if (want == '\0') continue;
            any = true;
            while (w < written.size() && key(written[w]) == '\0') ++w;
            if (w == written.size() || key(written[w]) != want) {
                matched = false;
                break;
            }
            ++w;
        }
        if (!any) return false;  // a listed name without a letter or digit names nothing
        if (matched) return true;
    }
    return false;
}
}  // namespace

const std::string* CatalogSubstance::ruled_out_pump(std::string_view pump) const {
    for (const auto& listed : not_with_pumps) {
        if (names_pump(pump, listed)) return &listed;
    }
    return nullptr;
}

const CatalogSubstance* SubstanceCatalog::product_of_ndc(std::string_view ndc) const {
    for (const auto& s : substances) {
        for (const auto& listed : s.ndcs) {
            if (listed == ndc) return &s;
        }
    }
    return nullptr;
}

const CatalogSite* SiteCatalog::find(std::string_view id) const {
    for (const auto& s : sites) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

const char* to_string(SubstanceCategory category) {
    switch (category) {
        case SubstanceCategory::immune_globulin: return "immune-globulin";
        case SubstanceCategory::hydration: return "hydration";
        case SubstanceCategory::chelator: return "chelator";
        case SubstanceCategory::analgesic: return "analgesic";
        case SubstanceCategory::enzyme: return "enzyme";
        case SubstanceCategory::other: return "other";
    }
    return "other";
}

std::optional<SubstanceCategory> substance_category_from_string(std::string_view text) {
    for (auto c : {SubstanceCategory::immune_globulin, SubstanceCategory::hydration, SubstanceCategory::chelator,
                   SubstanceCategory::analgesic, SubstanceCategory::enzyme, SubstanceCategory::other}) {
        if (text == to_string(c)) return c;
    }
    return std::nullopt;
}

}  // namespace infusion::core
