#include "settings/toml_error_field.hpp"

#include "core/codes.hpp"

#include <toml++/toml.h>

#include <vector>

namespace infusion::settings {
namespace {

using core::trim_blanks;

// The byte offset of `column` (1-based, in characters as toml++ counts them) in `text`; its size past the end.
std::size_t byte_of_column(std::string_view text, std::size_t column) {
    std::size_t character = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0U) == 0x80U) continue;  // inside a character
        if (++character == column) return i;
    }
    return text.size();
}

// The text's lines, found once: a file of 4 MiB has tens of thousands of tables, and looking each one's
// line up from the start made an error in a large file take minutes.
class Lines {
public:
    explicit Lines(std::string_view text) : m_text(text) {
        m_starts.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n') m_starts.push_back(i + 1);
        }
    }
    // Line `line` (1-based) without its line break; past the end: empty.
    [[nodiscard]] std::string_view line(std::size_t line) const {
        if (line == 0 || line > m_starts.size()) return {};
        const std::size_t start = m_starts[line - 1];
        const std::size_t end = line < m_starts.size() ? m_starts[line] - 1 : m_text.size();
        std::string_view out = m_text.substr(start, end - start);
        if (line == 1 && out.substr(0, 3) == "\xEF\xBB\xBF") out.remove_prefix(3);  // a byte-order mark
        return out;
    }
    // The byte at `column` (1-based, in characters as toml++ counts them) of `line`; 0 past its end.
    [[nodiscard]] char at(std::size_t line, std::size_t column) const {
        const std::string_view text = this->line(line);
        const std::size_t i = byte_of_column(text, column);
        return i < text.size() ? text[i] : '\0';
    }
    // The offset at which line `line` begins (the text's size past the end).
    [[nodiscard]] std::size_t start(std::size_t line) const {
        return line == 0 || line > m_starts.size() ? m_text.size() : m_starts[line - 1];
    }

private:
    std::string_view m_text;
    std::vector<std::size_t> m_starts;
};

// A table written under a header ("[patient]", "[[pump_setups]]") begins at the header's '['; one
// written inline begins at its '{', and one made by dotted keys at a key. Only a header's table is
// where the keys of the following lines go.
bool has_header(const Lines& lines, const toml::node& node) {
    return lines.at(node.source().begin.line, node.source().begin.column) == '[';
}

struct Best {
    std::size_t line = 0;  // header line of the table found so far (0: the root)
    std::string path;
};

void find_table(const Lines& lines, const toml::table& table, const std::string& path, std::size_t before, Best& best);

void consider(const Lines& lines, const toml::node& node, const std::string& path, std::size_t before, Best& best) {
    if (const auto* table = node.as_table()) {
        const auto line = static_cast<std::size_t>(node.source().begin.line);
        if (line < before && line >= best.line && has_header(lines, node)) best = Best{line, path};
        find_table(lines, *table, path, before, best);
    } else if (const auto* array = node.as_array()) {
        for (std::size_t i = 0; i < array->size(); ++i) {
            consider(lines, *array->get(i), path + "[" + std::to_string(i) + "]", before, best);
        }
    }
}

void find_table(const Lines& lines, const toml::table& table, const std::string& path, std::size_t before, Best& best) {
    for (const auto& [key, node] : table) {
        consider(lines, node, path.empty() ? std::string(key.str()) : path + "." + std::string(key.str()), before,
                 best);
    }
}

// The segments of a dotted key as written ("a . \"b.c\"" -> a, b.c): quotes taken off, blanks trimmed.
std::vector<std::string> key_segments(std::string_view key) {
    std::vector<std::string> out;
    std::string segment;
    char quote = 0;
    for (const char c : key) {
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else {
                segment += c;
            }
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '.') {
            out.emplace_back(trim_blanks(segment));
            segment.clear();
        } else {
            segment += c;
        }
    }
    out.emplace_back(trim_blanks(segment));
    return out;
}

std::string joined(const std::vector<std::string>& segments) {
    std::string out;
    for (const auto& s : segments) out += (out.empty() ? "" : ".") + s;
    return out;
}

// Where the first of `stops` stands in `line` outside quoted text; npos when nowhere.
std::size_t first_outside_quotes(std::string_view line, std::string_view stops) {
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote != 0) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (stops.find(c) != std::string_view::npos) {
            return i;
        }
    }
    return std::string_view::npos;
}

// The key before '=' on a line, as written; empty when there is none (before a comment, or at all).
std::string_view key_on(std::string_view line) {
    const std::size_t at = first_outside_quotes(line, "=#");
    if (at == std::string_view::npos || line[at] == '#') return {};
    return trim_blanks(line.substr(0, at));
}

// The name a header line gives its table ("[[pump_setups.sites]" -> pump_setups.sites), and whether
// it is an array of tables; the name's closing brackets may be missing (that can be the error).
std::pair<std::string_view, bool> header_name(std::string_view line) {
    const bool array = line.substr(0, 2) == "[[";
    line.remove_prefix(array ? 2 : 1);
    return {trim_blanks(line.substr(0, first_outside_quotes(line, "]#"))), array};
}

// A header's table as the readers name it: each array of tables on the way is its last element, and a
// new [[array]] element takes the next index ("pump_setups[0].sites[2]").
std::string header_path(const toml::table* root, const std::vector<std::string>& segments, bool array) {
    std::string path;
    const toml::node* node = root;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        path += (path.empty() ? "" : ".") + segments[i];
        const toml::table* table = node != nullptr ? node->as_table() : nullptr;
        node = table != nullptr ? table->get(segments[i]) : nullptr;
        const toml::array* elements = node != nullptr ? node->as_array() : nullptr;
        const bool last = i + 1 == segments.size();
        if (last && array) {
            path += "[" + std::to_string(elements != nullptr ? elements->size() : 0) + "]";
        } else if (elements != nullptr && !elements->empty()) {
            path += "[" + std::to_string(elements->size() - 1) + "]";
            node = &elements->back();
        }
    }
    return path;
}

// Where inside the value `value` (the text after a key's '=' on one line) the byte `at` stands, in the
// readers' form: ".sites[1].location" inside "[ {...}, { location = ... } ]", "[2]" in an array's third
// element, "" in a plain value. Inline tables and arrays are followed as they open and close before
// `at`; quoted text is skipped. Only one line is looked at: a value spanning lines is not named this way.
std::string inside_value(std::string_view value, std::size_t at) {
    struct Level {
        bool array;
        std::size_t index = 0;     // an array's element
        std::string key;           // an inline table's key whose value `at` is in; empty before its '='
        std::size_t key_from = 0;  // where that table's current key begins
    };
    std::vector<Level> levels;
    char quote = 0;
    for (std::size_t i = 0; i < value.size() && i < at; ++i) {
        const char c = value[i];
        if (quote != 0) {
            if (c == '\\' && quote == '"') {
                ++i;  // an escaped character, perhaps a quote
            } else if (c == quote) {
                quote = 0;
            }
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[') {
            levels.push_back(Level{true, 0, {}, 0});
        } else if (c == '{') {
            levels.push_back(Level{false, 0, {}, i + 1});
        } else if ((c == ']' || c == '}') && !levels.empty()) {
            levels.pop_back();
        } else if (c == ',' && !levels.empty()) {
            Level& level = levels.back();
            if (level.array) {
                ++level.index;
            } else {
                level.key.clear();
                level.key_from = i + 1;
            }
        } else if (c == '=' && !levels.empty() && !levels.back().array && levels.back().key.empty()) {
            Level& level = levels.back();
            level.key = joined(key_segments(value.substr(level.key_from, i - level.key_from)));
        } else if (c == '#') {
            break;  // a comment: the rest of the line is not the value
        }
    }
    std::string out;
    for (const auto& level : levels) {
        if (level.array) {
            out += "[" + std::to_string(level.index) + "]";
        } else if (!level.key.empty()) {
            out += "." + level.key;
        } else {
            break;  // the error is in a key of this table: its name is not known yet
        }
    }
    return out;
}

}  // namespace

std::string field_of_syntax_error(std::string_view text, std::size_t line, std::size_t column) {
    const Lines lines(text);
    const std::string_view here = trim_blanks(lines.line(line));
    if (here.empty()) return {};
    const bool header = here.front() == '[';
    const std::string_view key = header ? std::string_view{} : key_on(here);
    if (!header && key.empty()) return {};

    // Everything before the error line parses (toml++ stopped at the first error), unless a value
    // spanning lines is still open there: then the field cannot be told.
    toml::table parsed;
    bool before_parses = true;
    try {
        parsed = toml::parse(text.substr(0, lines.start(line)));
    } catch (const toml::parse_error&) {
        before_parses = false;
    }
    if (header) {
        const auto [name, array] = header_name(here);
        const auto segments = key_segments(name);
        return before_parses ? header_path(&parsed, segments, array) : joined(segments);
    }
    if (!before_parses) return {};
    Best best;
    find_table(lines, parsed, "", line, best);
    const std::string name = joined(key_segments(key));
    // The value's own inline tables and arrays ("patient = { birth_date = 1961-13-01 }").
    const std::string_view whole = lines.line(line);
    const std::size_t equals = whole.find('=', static_cast<std::size_t>(key.data() - whole.data()) + key.size());
    const std::size_t error_at = byte_of_column(whole, column);
    const std::string inner = equals == std::string_view::npos || column == 0 || error_at <= equals
                                  ? std::string{}
                                  : inside_value(whole.substr(equals + 1), error_at - equals - 1);
    return (best.path.empty() ? name : best.path + "." + name) + inner;
}

}  // namespace infusion::settings
