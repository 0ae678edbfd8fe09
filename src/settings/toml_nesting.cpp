#include "settings/toml_nesting.hpp"

#include "settings/toml_fields.hpp"

#include <vector>

namespace infusion::settings {

// See toml_nesting.hpp for why this exists.
void check_nesting(std::string_view text) {
    std::vector<int> open;  // depth reached at each open '[' or '{' of a value
    int header = 0;         // depth of the last [table] or [[array]] header
    int dots = 0;           // dotted-key levels since the last ',', newline or bracket
    bool in_header = false;
    bool line_start = true;  // only whitespace so far on this line
    int line = 1;
    int column = 0;
    const auto too_deep = [&] {
        throw ReadError(
            "keys, tables and arrays nested deeper than " + std::to_string(max_nesting) + " levels: not a file of ours",
            {line, column});
    };
    const auto depth = [&] { return (in_header ? 0 : open.empty() ? header : open.back()) + dots + 1; };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        ++column;
        if (c == '\n') {
            ++line;
            column = 0;
            dots = 0;
            line_start = true;
            in_header = false;  // an unclosed header: toml++ reports it
            continue;
        }
        if (c == '#') {  // a comment runs to the end of the line
            while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
            continue;
        }
        if (c == '"' || c == '\'') {  // skip a string, counting its lines
            const bool multi = text.substr(i, 3) == std::string(3, c);
            const std::size_t skip = multi ? 3 : 1;
            i += skip;
            column += static_cast<int>(skip) - 1;
            for (; i < text.size(); ++i) {
                ++column;
                if (text[i] == '\n') {
                    ++line;
                    column = 0;
                    if (!multi) break;  // invalid: toml++ reports it
                } else if (c == '"' && text[i] == '\\') {
                    ++i;
                    ++column;
                    if (i < text.size() && text[i] == '\n') {
                        ++line;
                        column = 0;
                    }
                } else if (text[i] == c && (!multi || text.substr(i, 3) == std::string(3, c))) {
                    if (multi) {
                        i += 2;
                        column += 2;
                        // up to two more quotes belong to the content ("""a""""")
                        for (int extra = 0; extra < 2 && i + 1 < text.size() && text[i + 1] == c; ++extra) ++i;
                    }
                    break;
                }
            }
            line_start = false;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') continue;
        const bool first = line_start;
        line_start = false;
        if (c == '[' && first && open.empty()) {
            in_header = true;
            dots = 0;
        } else if (c == '[' && in_header) {
            continue;  // the second bracket of [[
        } else if (c == ']' && in_header) {
            header = dots + 1;
            in_header = false;
            dots = 0;
        } else if (c == '.') {
            ++dots;
            if (depth() > max_nesting) too_deep();
        } else if (c == '[' || c == '{') {
            open.push_back(depth());
            dots = 0;
            if (open.back() > max_nesting) too_deep();
        } else if (c == ']' || c == '}') {
            if (!open.empty()) open.pop_back();
            dots = 0;
        } else if (c == ',') {
            dots = 0;
        }
    }
}

}  // namespace infusion::settings
