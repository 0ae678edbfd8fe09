#pragma once
// Typed, position-aware reading of toml++ tables for our files. Internal to settings/: every type
// or value error becomes a ReadError that names the field and its line and column; keys nobody
// asked for are reported (errors in config files, warnings in visit files).
#include "core/problem.hpp"
#include "core/result.hpp"
#include "core/wall_time.hpp"

#include <toml++/toml.h>

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace infusion::settings {

struct ReadError : std::runtime_error {
    ReadError(const std::string& message, core::SourcePos where) : std::runtime_error(message), pos(where) {}
    core::SourcePos pos;
};

core::SourcePos position_of(const toml::node& node);
core::SourcePos position_of(const toml::source_region& region);

// Shared by every table of one file.
struct ReadContext {
    bool unknown_keys_are_errors = true;
    std::vector<core::Problem> notices;                // unknown keys when they are not errors
    std::map<std::string, core::SourcePos> positions;  // field path -> where its value stands
};

class Fields {
public:
    Fields(const toml::table& table, std::string path, ReadContext& context);

    [[nodiscard]] const toml::node* get(std::string_view key);
    [[nodiscard]] std::optional<std::string> text(std::string_view key);
    [[nodiscard]] std::string required_text(std::string_view key);
    [[nodiscard]] std::optional<double> number(std::string_view key);
    [[nodiscard]] std::optional<std::int64_t> integer(std::string_view key);
    [[nodiscard]] std::optional<bool> boolean(std::string_view key);
    [[nodiscard]] std::optional<core::WallTime> date_time(std::string_view key);
    [[nodiscard]] std::optional<std::chrono::year_month_day> date(std::string_view key);
    [[nodiscard]] std::vector<std::string> text_list(std::string_view key);
    [[nodiscard]] const toml::table* table(std::string_view key);
    // Each element must be a table ([[key]] or an inline table array).
    [[nodiscard]] std::vector<const toml::table*> tables(std::string_view key);

    // Reports keys present in the table that were never asked for. Call once, after reading.
    void finish();

    [[nodiscard]] std::string field(std::string_view key) const;
    [[noreturn]] void fail(std::string_view key, const std::string& message) const;

private:
    [[noreturn]] void wrong_type(std::string_view key, const toml::node& node, const char* expected) const;

    const toml::table& m_table;
    std::string m_path;
    ReadContext& m_context;
    std::set<std::string, std::less<>> m_asked;
};

// Reads a whole file (size-limited, so a hostile file cannot exhaust memory) and parses it.
// Throws ReadError on I/O or TOML syntax problems.
toml::table parse_file(const std::string& path, std::size_t max_bytes);
toml::table parse_text(std::string_view text, const std::string& source_name);

// The value of `key` among `options` (its name in the file, its value), or `fallback` when absent; any other
// word fails, naming the choices.
template <typename E>
E choice(Fields& f, std::string_view key, E fallback, std::initializer_list<std::pair<const char*, E>> options) {
    auto v = f.text(key);
    if (!v) return fallback;
    std::string names;
    for (const auto& [name, value] : options) {
        if (*v == name) return value;
        names += names.empty() ? "" : ", ";
        names += std::string("\"") + name + "\"";
    }
    f.fail(key, "'" + *v + "' is not one of " + names);
}

}  // namespace infusion::settings
