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

}  // namespace infusion::test
