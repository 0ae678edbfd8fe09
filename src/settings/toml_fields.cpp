#include "settings/toml_fields.hpp"

#include "core/terminal_text.hpp"
#include "settings/toml_error_field.hpp"
#include "settings/toml_nesting.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace infusion::settings {
namespace {

const char* type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
        case toml::node_type::none: break;
    }
    return "nothing";
}

}  // namespace

core::SourcePos position_of(const toml::source_region& region) {
    return core::SourcePos{static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}
core::SourcePos position_of(const toml::node& node) { return position_of(node.source()); }

Fields::Fields(const toml::table& table, std::string path, ReadContext& context)
    : m_table(table), m_path(std::move(path)), m_context(context) {}

std::string Fields::field(std::string_view key) const {
    return m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
}

void Fields::fail(std::string_view key, const std::string& message) const {
    const toml::node* node = m_table.get(key);
    throw ReadError(field(key) + ": " + message, node != nullptr ? position_of(*node) : position_of(m_table));
}

void Fields::wrong_type(std::string_view key, const toml::node& node, const char* expected) const {
    throw ReadError(field(key) + ": expected " + std::string(expected) + ", found " + type_name(node),
                    position_of(node));
}

const toml::node* Fields::get(std::string_view key) {
    m_asked.insert(std::string(key));
    const toml::node* node = m_table.get(key);
    if (node != nullptr) m_context.positions[field(key)] = position_of(*node);
    return node;
}

std::optional<std::string> Fields::text(std::string_view key) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    if (const auto* s = node->as_string()) return s->get();
    wrong_type(key, *node, "a string");
}

std::string Fields::required_text(std::string_view key) {
    auto value = text(key);
    if (!value) throw ReadError(field(key) + ": missing (required)", position_of(m_table));
    return *value;
}

std::optional<double> Fields::number(std::string_view key) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    if (const auto* f = node->as_floating_point()) {
        if (!std::isfinite(f->get())) fail(key, "must be a finite number");
        return f->get();
    }
    if (const auto* i = node->as_integer()) return static_cast<double>(i->get());
    wrong_type(key, *node, "a number");
}

std::optional<std::int64_t> Fields::integer(std::string_view key) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    if (const auto* i = node->as_integer()) return i->get();
    wrong_type(key, *node, "an integer");
}

std::optional<bool> Fields::boolean(std::string_view key) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    if (const auto* b = node->as_boolean()) return b->get();
    wrong_type(key, *node, "true or false");
}

std::optional<core::WallTime> Fields::date_time(std::string_view key) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    const auto* v = node->as_date_time();
    if (v == nullptr) wrong_type(key, *node, "a date-time such as 2026-03-02T09:10:00");
    const toml::date_time& dt = v->get();
    const std::chrono::year_month_day day{std::chrono::year{dt.date.year}, std::chrono::month{dt.date.month},
                                          std::chrono::day{dt.date.day}};
    core::WallTime out;
    out.local = core::LocalSeconds{std::chrono::local_days{day}.time_since_epoch()} + std::chrono::hours{dt.time.hour} +
                std::chrono::minutes{dt.time.minute} + std::chrono::seconds{dt.time.second};
    // The fraction is kept: T is measured on exact instants, truncated once (coding-rules.md 2 [ed. 2]).
    out.fraction = std::chrono::nanoseconds{dt.time.nanosecond};
    if (dt.offset) out.utc_offset = std::chrono::minutes{dt.offset->minutes};
    if (!core::in_supported_years(out))
        fail(key, "the year " + std::to_string(dt.date.year) + " is not between " +
                      std::to_string(core::earliest_supported_year) + " and " +
                      std::to_string(core::latest_supported_year) + ": correct the date");
    return out;
}

std::optional<std::chrono::year_month_day> Fields::date(std::string_view key) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    const auto* v = node->as_date();
    if (v == nullptr) wrong_type(key, *node, "a date such as 1961-07-14");
    const toml::date& d = v->get();
    return std::chrono::year_month_day{std::chrono::year{d.year}, std::chrono::month{d.month}, std::chrono::day{d.day}};
}

std::vector<std::string> Fields::text_list(std::string_view key) {
    std::vector<std::string> out;
    const toml::node* node = get(key);
    if (node == nullptr) return out;
    const auto* array = node->as_array();
    if (array == nullptr) wrong_type(key, *node, "an array of strings");
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        const auto* s = element.as_string();
        if (s == nullptr) {
            throw ReadError(field(key) + "[" + std::to_string(i) + "]: expected a string, found " + type_name(element),
                            position_of(element));
        }
        out.push_back(s->get());
    }
    return out;
}

const toml::table* Fields::table(std::string_view key) {
    const toml::node* node = get(key);
    if (node == nullptr) return nullptr;
    if (const auto* t = node->as_table()) return t;
    wrong_type(key, *node, "a table");
}

std::vector<const toml::table*> Fields::tables(std::string_view key) {
    std::vector<const toml::table*> out;
    const toml::node* node = get(key);
    if (node == nullptr) return out;
    const auto* array = node->as_array();
    if (array == nullptr) wrong_type(key, *node, "an array of tables");
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        const auto* t = element.as_table();
        if (t == nullptr) {
            throw ReadError(field(key) + "[" + std::to_string(i) + "]: expected a table, found " + type_name(element),
                            position_of(element));
        }
        // Each element's own place: a problem of a key missing from the second set-up points at that
        // set-up's [[pump_setups]], not at the first one's (where "pump_setups" itself stands).
        m_context.positions[field(key) + "[" + std::to_string(i) + "]"] = position_of(element);
        out.push_back(t);
    }
    return out;
}

void Fields::finish() {
    for (const auto& [key, node] : m_table) {
        if (m_asked.count(key.str()) != 0) continue;
        const std::string name = field(key.str());
        if (m_context.unknown_keys_are_errors) throw ReadError(name + ": unknown key", position_of(key.source()));
        // Record where the ignored key stands: without this, `code` could not put FILE:LINE:COL on the
        // file.unknown-key warning (a top-level key had no position at all, a nested one its table's).
        m_context.positions[name] = position_of(key.source());
        m_context.notices.push_back(core::Problem{
            core::Severity::warning, "file.unknown-key", name,
            "Unknown key '" + name + "' (line " + std::to_string(key.source().begin.line) + ") was ignored"});
    }
}

toml::table parse_text(std::string_view text, const std::string& source_name) {
    check_nesting(text);
    try {
        return toml::parse(text, source_name);
    } catch (const toml::parse_error& e) {
        // Escaped: a key of garbage bytes may hold a NUL, and ReadError's text (a runtime_error's
        // what()) ends at the first one, so the whole message read as empty (the fuzzer's find).
        const std::string field =
            core::terminal_safe(field_of_syntax_error(text, e.source().begin.line, e.source().begin.column));
        std::string what(e.description());
        // toml++ 3.3 says "expected hour between 0 to 59" for 24:00 and 25:00 (found from outside).
        constexpr std::string_view wrong_range = "expected hour between 0 to 59";
        if (const auto at = what.find(wrong_range); at != std::string::npos) {
            what.replace(at, wrong_range.size(), "expected hour between 0 and 23");
        }
        throw ReadError((field.empty() ? "" : field + ": ") + what, position_of(e.source()));
    }
}

toml::table parse_file(const std::string& path, std::size_t max_bytes) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    // The system's reason when it has one other than absence: a symlink loop read "no such file" beside a
    // name `ls` showed (found from outside).
    if (ec && ec != std::errc::no_such_file_or_directory) throw ReadError("cannot be opened: " + ec.message(), {});
    if (ec || !std::filesystem::exists(status)) throw ReadError("no such file", {});
    if (!std::filesystem::is_regular_file(status)) throw ReadError("not a regular file", {});
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ReadError("cannot open the file for reading", {});
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes) {
            throw ReadError("the file is larger than " + std::to_string(max_bytes / 1024) + " KiB: not a file of ours",
                            {});
        }
    }
    if (in.bad()) throw ReadError("read error", {});
    return parse_text(text, path);
}

}  // namespace infusion::settings
