#pragma once
// What an intruder with the sqlite3 shell does to the file: runs SQL on it directly, bypassing the
// program (triggers still apply). Returns SQLite's error message, or "" when the SQL ran.
#include <filesystem>
#include <string>

namespace infusion::test {

std::string shell(const std::filesystem::path& file, const std::string& sql);

// Every trigger of the schema, dropped: what such an intruder does first. Returns as shell() does.
std::string drop_all_triggers(const std::filesystem::path& file);

}  // namespace infusion::test
