#pragma once
// What an intruder with the sqlite3 shell does to the file: runs SQL on it directly, bypassing the
// program (triggers still apply). Returns SQLite's error message, or "" when the SQL ran.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace infusion::test {

std::string shell(const std::filesystem::path& file, const std::string& sql);

// The one integer a query on the file answers (a pragma, a count), or -1 when it answers none.
std::int64_t shell_int(const std::filesystem::path& file, const std::string& sql);

// db check's checkpoint beside `file` (FILE-checked) edited by hand: its schema_version line replaced by
// `value`, or removed without one (as a program before the cookie was kept wrote it). False when the
// checkpoint has no such line.
bool edit_checkpoint_cookie(const std::filesystem::path& file, const std::optional<std::string>& value);

// The same SQL with the connection's triggers switched off (the sqlite3 shell's `.dbconfig enable_trigger off`):
// the schema is left as it is.
std::string shell_without_triggers(const std::filesystem::path& file, const std::string& sql);

// Every trigger of the schema, dropped: what such an intruder does first. Returns as shell() does.
std::string drop_all_triggers(const std::filesystem::path& file);

}  // namespace infusion::test
