#include "storage/sqlite_support.hpp"

#include "core/search_fold.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>

namespace infusion::storage::detail {

Prepared::~Prepared() {
    try {
        m_statement.reset();
        m_statement.clearBindings();
    } catch (const std::exception&) {
        // reset() reports the last step's error again; it was already handled where it happened.
    }
}

namespace {

void search_fold_sql(sqlite3_context* context, int, sqlite3_value** args) {
    if (sqlite3_value_type(args[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(args[0]));
    const std::string folded =
        core::search_fold(std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(args[0]))));
    sqlite3_result_text(context, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

}  // namespace

Connection::Connection(SQLite::Database& db) : m_db(db) {
    const int rc = sqlite3_create_function_v2(db.getHandle(), search_fold_function, 1,
                                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                              search_fold_sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) throw SQLite::Exception(db.getHandle(), rc);
}

Prepared Connection::prepare(const std::string& sql) {
    auto& slot = m_cache[sql];
    if (!slot) slot = std::make_unique<SQLite::Statement>(m_db, sql);
    return Prepared(*slot);
}

WriteTransaction::WriteTransaction(Connection& db) : m_db(db) {
    auto begin = m_db.prepare("BEGIN IMMEDIATE");
    (*begin).exec();
}

WriteTransaction::~WriteTransaction() {
    if (m_done) return;
    try {
        m_db.raw().exec("ROLLBACK");
    } catch (const std::exception&) {
        // SQLite rolled back already (a failed COMMIT, a full disk): nothing is left to undo.
    }
}

void WriteTransaction::commit() {
    auto commit = m_db.prepare("COMMIT");
    (*commit).exec();
    m_done = true;
}

namespace {

// Less than this free beside a database, an I/O error is taken for a full disk: SQLite needs 32 KiB for a
// WAL database's shared memory and a page or more for each write.
constexpr std::uint64_t nearly_full_bytes = 256 * 1024;

// Bytes an unprivileged writer may still use on the file system of `file`'s folder; nothing when unknown.
std::optional<std::uint64_t> free_bytes_beside(const std::string& file) {
    std::error_code ec;
    auto folder = std::filesystem::path(file).parent_path();
    if (folder.empty()) folder = ".";
    const auto space = std::filesystem::space(folder, ec);
    if (ec) return std::nullopt;
    return space.available;
}

}  // namespace

core::Error sqlite_error(const std::string& what, const std::exception& e, const std::string& file) {
    std::string message = what + ": " + e.what();
    core::ErrorKind kind = core::ErrorKind::io;
    if (const auto* sq = dynamic_cast<const SQLite::Exception*>(&e)) {
        switch (sq->getErrorCode()) {
            case SQLITE_FULL: message = what + ": the disk is full; nothing of this change was saved"; break;
            case SQLITE_READONLY:
                message = what + ": the database is read-only; nothing was saved";
                kind = core::ErrorKind::refused;
                break;
            case SQLITE_CORRUPT:
            case SQLITE_NOTADB:
                message = what + ": the database file is damaged (" + std::string(e.what()) +
                          "); restore the last backup: with every program on it closed, delete this file's -wal, -shm "
                          "and -checked files, then copy BACKUP over this file and BACKUP-head over its -head file "
                          "(docs/storage.md, Backups)";
                kind = core::ErrorKind::corrupt;
                break;
            case SQLITE_BUSY:
            case SQLITE_LOCKED:
                message = what + ": the database is busy in another program; try again";
                kind = core::ErrorKind::conflict;
                break;
            case SQLITE_CONSTRAINT: kind = core::ErrorKind::conflict; break;
            case SQLITE_IOERR:
                // SQLite reports a disk with no room for its shared-memory file (opening a database) as an
                // I/O error, which sent people looking for failing hardware (found from outside).
                if (const auto free = free_bytes_beside(file); free && *free < nearly_full_bytes) {
                    message = what + ": the disk is full (" + std::to_string(*free / 1024) +
                              " KiB free where the database is); free some space and try again; nothing was saved";
                } else {
                    message = what + ": the disk reported an error (" + std::string(e.what()) + ")";
                }
                break;
            default: break;
        }
    }
    return core::Error{message, file, {}, kind};
}

std::string join_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
    return out;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t begin = 0;
    while (begin < text.size()) {
        const auto end = text.find(',', begin);
        out.push_back(text.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
        if (end == std::string::npos) break;
        begin = end + 1;
    }
    return out;
}

void bind_text(SQLite::Statement& s, int index, const std::optional<std::string>& value) {
    if (value) {
        s.bind(index, *value);
    } else {
        s.bind(index);
    }
}
void bind_real(SQLite::Statement& s, int index, const std::optional<double>& value) {
    if (value) {
        s.bind(index, *value);
    } else {
        s.bind(index);
    }
}
void bind_int(SQLite::Statement& s, int index, const std::optional<int>& value) {
    if (value) {
        s.bind(index, *value);
    } else {
        s.bind(index);
    }
}
void bind_flag(SQLite::Statement& s, int index, const std::optional<bool>& value) {
    if (value) {
        s.bind(index, *value ? 1 : 0);
    } else {
        s.bind(index);
    }
}

std::optional<std::string> column_text(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getString();
}
std::optional<double> column_real(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getDouble();
}
std::optional<int> column_int(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getInt();
}
std::optional<bool> column_flag(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getInt() != 0;
}

}  // namespace infusion::storage::detail
