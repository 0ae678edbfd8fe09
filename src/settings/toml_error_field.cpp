#include "settings/toml_error_field.hpp"

#include <toml++/toml.h>

namespace infusion::settings {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Lines of `text`, 1-based; `line` past the end gives an empty view.
std::string_view line_of(std::string_view text, std::size_t line) {
    std::size_t start = 0;
    for (std::size_t n = 1; n < line; ++n) {
        const auto end = text.find('\n', start);
        if (end == std::string_view::npos) return {};
        start = end + 1;
    }
    const auto end = text.find('\n', start);
    return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

// A table stands under a header ("[patient]", "[[pump_setups]]") when its first line starts with '[';
// tables made by dotted keys or written inline start with a key, and their keys are named from the
// header's table.
bool has_header(std::string_view text, const toml::node& node) {
    const auto line = trim(line_of(text, node.source().begin.line));
    return !line.empty() && line.front() == '[';
}

struct Best {
    std::size_t line = 0;  // header line of the table found so far (0: the root)
    std::string path;
};

void find_table(std::string_view text, const toml::table& table, const std::string& path, std::size_t before,
                Best& best);

void consider(std::string_view text, const toml::node& node, const std::string& path, std::size_t before, Best& best) {
    if (const auto* table = node.as_table()) {
        const auto line = static_cast<std::size_t>(node.source().begin.line);
        if (line < before && line >= best.line && has_header(text, node)) best = Best{line, path};
        find_table(text, *table, path, before, best);
    } else if (const auto* array = node.as_array()) {
        for (std::size_t i = 0; i < array->size(); ++i) {
            consider(text, *array->get(i), path + "[" + std::to_string(i) + "]", before, best);
        }
    }
}

void find_table(std::string_view text, const toml::table& table, const std::string& path, std::size_t before,
                Best& best) {
    for (const auto& [key, node] : table) {
        consider(text, node, path.empty() ? std::string(key.str()) : path + "." + std::string(key.str()), before, best);
    }
}

// The key before '=' on a line ("stop", "a.b", "\"quoted\"" as written); empty when there is none.
std::string_view key_on(std::string_view line) {
    bool in_quotes = false;
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (in_quotes) {
            if (c == quote) in_quotes = false;
        } else if (c == '"' || c == '\'') {
            in_quotes = true;
            quote = c;
        } else if (c == '=') {
            return trim(line.substr(0, i));
        } else if (c == '#') {
            return {};
        }
    }
    return {};
}

}  // namespace

std::string field_of_syntax_error(std::string_view text, std::size_t line) {
    const std::string_view here = trim(line_of(text, line));
    if (here.empty()) return {};
    if (here.front() == '[') {
        // A header line: its own name, brackets and spaces stripped.
        std::string_view name = here;
        while (!name.empty() && (name.front() == '[' || name.front() == ' ')) name.remove_prefix(1);
        const auto close = name.find(']');
        if (close != std::string_view::npos) name = name.substr(0, close);
        return std::string(trim(name));
    }
    const std::string_view key = key_on(here);
    if (key.empty()) return {};

    // Everything before the error line parses (toml++ stopped at the first error), unless a value
    // spanning lines is still open there: then the field cannot be told.
    const std::string_view head = text.substr(0, static_cast<std::size_t>(here.data() - text.data()));
    toml::table parsed;
    try {
        parsed = toml::parse(head);
    } catch (const toml::parse_error&) {
        return {};
    }
    Best best;
    find_table(text, parsed, "", line, best);
    return best.path.empty() ? std::string(key) : best.path + "." + std::string(key);
}

}  // namespace infusion::settings
