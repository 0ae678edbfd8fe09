// Where a database is, and opening it with the backend that location names.
#include "storage/database.hpp"

#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite_database.hpp"

#include <cstdlib>
#include <regex>

namespace infusion::storage {

DatabaseLocation DatabaseLocation::sqlite_file(std::filesystem::path file) {
    DatabaseLocation where;
    where.backend = Backend::sqlite;
    where.file = std::move(file);
    return where;
}

DatabaseLocation DatabaseLocation::postgresql(std::string url) {
    DatabaseLocation where;
    where.backend = Backend::postgresql;
    where.url = std::move(url);
    return where;
}

std::string DatabaseLocation::display() const {
    if (backend == Backend::sqlite) return file.string();
    // A password never reaches a message or the title bar, whether written as a keyword
    // ("password=…", quoted or not) or inside a URI ("postgresql://user:secret@host/db").
    static const std::regex keyword(R"(password\s*=\s*('([^'\\]|\\.)*'|\S+))", std::regex::icase);
    static const std::regex uri_password(R"(^(postgres(ql)?://[^:/@]*):[^@/]*@)", std::regex::icase);
    static const std::regex query_password(R"(([?&])password=[^&]*)", std::regex::icase);
    std::string shown = std::regex_replace(url, keyword, "password=***");
    shown = std::regex_replace(shown, uri_password, "$1:***@");
    return std::regex_replace(shown, query_password, "$1password=***");
}

core::Result<std::unique_ptr<Database>> open_database(const DatabaseLocation& where, OpenOptions options) {
    switch (where.backend) {
        case Backend::sqlite: {
            auto opened =
                where.file == ":memory:" ? SqliteDatabase::open_in_memory() : SqliteDatabase::open(where.file, options);
            if (!opened) return opened.error();
            return std::unique_ptr<Database>(std::move(opened).value());
        }
        case Backend::postgresql: {
            // `[storage] backend = "postgresql"` or --db-url: every store (postgres_database.hpp).
            auto opened = PostgresDatabase::open(where.url, options);
            if (!opened) return opened.error();
            return std::unique_ptr<Database>(std::move(opened).value());
        }
    }
    return core::Error{"unknown database backend", where.display(), {}, core::ErrorKind::invalid};
}

std::filesystem::path default_database_path() {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    std::filesystem::path base;
    if (xdg != nullptr && *xdg == '/') {
        base = xdg;
    } else {
        const char* home = std::getenv("HOME");
        base = std::filesystem::path(home != nullptr ? home : ".") / ".local" / "share";
    }
    return base / "infusiondoc" / "infusiondoc.db";
}

}  // namespace infusion::storage
