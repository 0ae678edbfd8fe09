#pragma once
// Internal to storage/: SQLiteCpp helpers shared by the store, the audit log and the database.
#include "core/result.hpp"
#include "storage/text_list.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/VariadicBind.h>  // SQLite::bind(statement, a, b, c): positional binds in one call

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace infusion::storage::detail {

// A prepared statement borrowed from a Connection; reset and unbound when the borrow ends, so no
// statement keeps a read snapshot open by accident.
class Prepared {
public:
    explicit Prepared(SQLite::Statement& statement) : m_statement(statement) {}
    ~Prepared();
    Prepared(const Prepared&) = delete;
    Prepared& operator=(const Prepared&) = delete;
    SQLite::Statement& operator*() { return m_statement; }

private:
    SQLite::Statement& m_statement;
};

class ChainHeadTracker;

// One SQLite connection with its prepared statements kept for reuse. Preparing an INSERT into a table
// with triggers costs more than running it (two thirds of demo-data's time went to the parser).
// The SQL function core::search_fold() is on our SQLite connections (Connection registers it). Only queries
// call it, never the schema: the sqlite3 shell opens the file without it.
inline constexpr const char* search_fold_function = "infusiondoc_search_fold";

class Connection {
public:
    explicit Connection(SQLite::Database& db);
    [[nodiscard]] SQLite::Database& raw() { return m_db; }
    // The statement for this SQL text, prepared once per connection.
    [[nodiscard]] Prepared prepare(const std::string& sql);
    // Told of every appended audit row (chain_head_tracker.hpp); none for in-memory or read-only databases.
    void set_head_tracker(ChainHeadTracker* tracker) { m_head_tracker = tracker; }
    [[nodiscard]] ChainHeadTracker* head_tracker() { return m_head_tracker; }
    // Audit rows appended through this connection so far: how a write knows it wrote its audit row.
    void count_audit_row() { ++m_audit_rows; }
    [[nodiscard]] std::int64_t audit_rows_appended() const { return m_audit_rows; }

private:
    SQLite::Database& m_db;
    ChainHeadTracker* m_head_tracker = nullptr;
    std::int64_t m_audit_rows = 0;
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> m_cache;
};

// One IMMEDIATE write transaction on a Connection, rolled back unless committed. As SQLite::Transaction,
// but BEGIN and COMMIT run as the connection's prepared statements: sqlite3_exec parses them again each
// time, a few microseconds of every signature (issue 15).
class WriteTransaction {
public:
    explicit WriteTransaction(Connection& db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    void commit();

private:
    Connection& m_db;
    bool m_done = false;
};

// Turns an SQLite failure into a message a clinic's IT person can act on, with its kind: a full or
// failing disk is io, a damaged file corrupt, a busy database or a trigger's refusal (a signed row, an
// append-only table) conflict.
[[nodiscard]] core::Error sqlite_error(const std::string& what, const std::exception& e, const std::string& file);

// Binds an optional: NULL when empty.
void bind_text(SQLite::Statement& s, int index, const std::optional<std::string>& value);
void bind_real(SQLite::Statement& s, int index, const std::optional<double>& value);
void bind_int(SQLite::Statement& s, int index, const std::optional<int>& value);
void bind_flag(SQLite::Statement& s, int index, const std::optional<bool>& value);

[[nodiscard]] std::optional<std::string> column_text(const SQLite::Column& c);
[[nodiscard]] std::optional<double> column_real(const SQLite::Column& c);
[[nodiscard]] std::optional<int> column_int(const SQLite::Column& c);
[[nodiscard]] std::optional<bool> column_flag(const SQLite::Column& c);

}  // namespace infusion::storage::detail
