#include "storage/sql_shell.hpp"

#include <sqlite3.h>

namespace infusion::test {

std::string shell(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(file.c_str(), &db);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    std::string out = rc == SQLITE_OK ? "" : (message != nullptr ? message : "error");
    sqlite3_free(message);
    sqlite3_close(db);
    return out;
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
