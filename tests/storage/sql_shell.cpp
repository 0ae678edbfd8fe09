#include "storage/sql_shell.hpp"

#include <sqlite3.h>

#include <fstream>
#include <sstream>

namespace infusion::test {

namespace {

std::string run_sql(const std::filesystem::path& file, const std::string& sql, bool triggers) {
    sqlite3* db = nullptr;
    sqlite3_open(file.c_str(), &db);
    if (!triggers) sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    std::string out = rc == SQLITE_OK ? "" : (message != nullptr ? message : "error");
    sqlite3_free(message);
    sqlite3_close(db);
    return out;
}

}  // namespace

std::string shell(const std::filesystem::path& file, const std::string& sql) { return run_sql(file, sql, true); }

std::string shell_without_triggers(const std::filesystem::path& file, const std::string& sql) {
    return run_sql(file, sql, false);
}

std::int64_t shell_int(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(file.c_str(), &db);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr);
    std::int64_t out = -1;
    if (sqlite3_step(s) == SQLITE_ROW) out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

bool edit_checkpoint_cookie(const std::filesystem::path& file, const std::optional<std::string>& value) {
    std::filesystem::path checkpoint = file;
    checkpoint += "-checked";
    std::ifstream in(checkpoint);
    std::ostringstream text;
    std::string line;
    bool found = false;
    while (std::getline(in, line)) {
        if (line.rfind("schema_version ", 0) == 0) {
            found = true;
            if (!value) continue;
            line = "schema_version " + *value;
        }
        text << line << "\n";
    }
    in.close();
    if (found) std::ofstream(checkpoint, std::ios::trunc) << text.str();
    return found;
}

std::string drop_all_triggers(const std::filesystem::path& file) {
    sqlite3* db = nullptr;
    sqlite3_open(file.c_str(), &db);
    std::string sql;
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'trigger'", -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW) {
        sql += "DROP TRIGGER " + std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) + ";";
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return shell(file, sql);
}

}  // namespace infusion::test
