#pragma once
// Internal to storage/: one libpq connection, its results and transactions as C++ RAII types (libpq
// directly, no third-party wrapper). Parameters are always sent separately from the SQL text
// (PQexecParams), as text, so no value is ever spliced into a statement.
//
// Failures throw PgError carrying the server's SQLSTATE; the stores catch it at their boundary and turn
// it into a core::Error with pg_error() (the same split as SQLiteCpp's exceptions and sqlite_error()).
#include "core/result.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace infusion::storage::pg {

// The server settings every connection starts with (libpq's `options`), unless the clinic's connection
// string names its own: a session idle inside a transaction for 20 s is ended by the server (its locks
// freed), and a statement waiting 30 s for a lock gives up (SQLSTATE 55P03, "the database is busy").
inline constexpr const char* default_session_options = "-c idle_in_transaction_session_timeout=20s -c lock_timeout=30s";

// A failed libpq call or statement. `sqlstate` is the server's five-character code ("" when the
// connection itself failed); `message` is the server's primary message, without libpq's "ERROR:" prefix.
class PgError : public std::runtime_error {
public:
    PgError(std::string sqlstate, const std::string& message, std::string context = {})
        : std::runtime_error(message), m_sqlstate(std::move(sqlstate)), m_context(std::move(context)) {}
    [[nodiscard]] const std::string& sqlstate() const { return m_sqlstate; }
    // The server's CONTEXT field, e.g. "COPY notes, line 3, column text: ..." (may quote a value: for
    // locating a row, not for printing).
    [[nodiscard]] const std::string& context() const { return m_context; }

private:
    std::string m_sqlstate;
    std::string m_context;
};

// A statement's parameter: text, or SQL NULL.
using Param = std::optional<std::string>;

// The rows of one statement. Values are read as text (PostgreSQL's text output of each type).
class PgResult {
public:
    explicit PgResult(pg_result* result);
    ~PgResult();
    PgResult(PgResult&& other) noexcept;
    PgResult& operator=(PgResult&& other) noexcept;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;

    [[nodiscard]] int rows() const;
    [[nodiscard]] int columns() const;
    // The column's type as the server's type OID (20 bigint, 23 integer, 701 double precision, 25 text ...).
    [[nodiscard]] unsigned type(int column) const;
    [[nodiscard]] bool is_null(int row, int column) const;
    [[nodiscard]] std::string text(int row, int column) const;  // "" for NULL
    // The same without a copy, valid while the result lives (a streamed export reads every column so).
    [[nodiscard]] std::string_view view(int row, int column) const;
    [[nodiscard]] std::optional<std::string> opt_text(int row, int column) const;
    [[nodiscard]] std::int64_t int64(int row, int column) const;  // 0 for NULL
    [[nodiscard]] std::optional<std::int64_t> opt_int64(int row, int column) const;
    [[nodiscard]] bool flag(int row, int column) const;  // boolean column: 't'
    // Rows changed by an INSERT, UPDATE or DELETE.
    [[nodiscard]] std::int64_t affected() const;

private:
    pg_result* m_result = nullptr;
};

class PgConnection {
public:
    // `conninfo`: a libpq connection string ("host=... dbname=..."), a URI ("postgresql://...") or a
    // service ("service=infusiondoc", from pg_service.conf). Passwords come from ~/.pgpass or the
    // service file, never from the program's settings. Throws PgError when the server cannot be reached.
    explicit PgConnection(const std::string& conninfo);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // One statement with its parameters ($1, $2 ...). Throws PgError on failure.
    PgResult exec(const std::string& sql, const std::vector<Param>& params = {});
    // Several statements without parameters (migrations). Throws PgError on failure.
    void exec_script(const std::string& sql);

    // Live lists (LISTEN/NOTIFY). `listen` subscribes this session to `channel` (outside a transaction, or
    // it takes effect at COMMIT). `notifications_from_others` reads whatever the server has already sent
    // on the socket, without waiting and without a round trip to the server, and counts the notifications
    // other sessions sent (this session's own are dropped: its screens refresh themselves). Throws
    // PgError when the connection is gone.
    void listen(const std::string& channel);
    [[nodiscard]] std::int64_t notifications_from_others();
    // COPY ... FROM STDIN in COPY's text format: begin_copy() starts it, put_copy() sends rows (buffered
    // by libpq), end_copy() finishes it and throws PgError (with the server's CONTEXT naming the line)
    // when the server refused a row; abort_copy() ends it as failed (the transaction is then aborted).
    void begin_copy(const std::string& copy_sql);
    void put_copy(const std::string& data);
    void end_copy();
    void abort_copy() noexcept;

    // The database, user and server as libpq reports them: what messages name (never a password).
    [[nodiscard]] std::string describe() const;
    [[nodiscard]] std::string user() const;

    // A connection lost (the server restarted, the network dropped) is made again by the next statement
    // that runs outside a transaction, or the next transaction's BEGIN (retried once on the new connection:
    // nothing of it ran yet). Never inside a transaction: its statements fail, it is rolled back, and the
    // change says it was not saved. `session_setup` is run again on each new connection (search_path, a
    // read-only session); LISTEN is not kept, so the owner counts reconnections and listens again.
    void set_session_setup(std::vector<std::string> statements) { m_session_setup = std::move(statements); }
    [[nodiscard]] std::uint64_t reconnections() const { return m_reconnections; }
    // While a session-level lock is held (the import lock), a new connection would silently not hold it:
    // between hold_session() and release_session() a lost connection stays lost, and the work fails.
    void hold_session() { ++m_held_sessions; }
    void release_session() { --m_held_sessions; }

private:
    friend class PgTransaction;
    friend class PgSnapshot;
    // BEGIN (`sql`) of a transaction, reconnecting first when the connection was lost, and once more when
    // the BEGIN itself finds it lost; then statements run inside it until end().
    void begin(const char* sql);
    void end(const char* sql);
    // Outside a transaction only: a new connection in place of a lost one, set up as the first was. Returns
    // whether it made one.
    bool reconnect_if_lost();
    void set_up_session();
    // One statement on the connection as it is (exec() without reconnecting).
    PgResult run(const std::string& sql, const std::vector<Param>& params);

    pg_conn* m_conn = nullptr;
    int m_transaction_depth = 0;
    int m_held_sessions = 0;
    std::vector<std::string> m_session_setup;
    std::uint64_t m_reconnections = 0;
};

// BEGIN ... COMMIT; rolled back by the destructor unless committed (an exception or an early return).
// Isolation READ COMMITTED: each write that needs one order takes its own lock (pg_audit_log.cpp).
class PgTransaction {
public:
    explicit PgTransaction(PgConnection& conn);
    ~PgTransaction();
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;
    void commit();

private:
    PgConnection& m_conn;
    bool m_open = true;
};

// BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY ... ended by the destructor: one snapshot for a read of
// several statements (a visit and its rows, the chain's walk, the seal pass), so what other workstations
// commit meanwhile is seen whole or not at all. Nothing is written in it.
class PgSnapshot {
public:
    explicit PgSnapshot(PgConnection& conn);
    ~PgSnapshot();
    PgSnapshot(const PgSnapshot&) = delete;
    PgSnapshot& operator=(const PgSnapshot&) = delete;

private:
    PgConnection& m_conn;
};

// Runs the query `sql` as a cursor inside the caller's open transaction and hands its rows to `row` a page
// (`page` rows, one FETCH) at a time, so a result of any size never sits in the program's memory whole
// (a year's export). The cursor's rows come from one snapshot, taken when it opens. `row` returns false
// to stop early; returns false when stopped. The cursor is closed either way.
bool fetch_in_pages(PgConnection& conn, const std::string& sql, const std::vector<Param>& params,
                    const std::function<bool(const PgResult&, int row)>& row, int page = 2000);

// A PgError (or any exception) as a core::Error a clinic's IT person can act on: `what` failed, why, and
// on which server. The kind follows the SQLSTATE class: a missing privilege is `refused`; a trigger's
// refusal, a unique or a serialization conflict is `conflict`; a lost connection is `io`.
[[nodiscard]] core::Error pg_error(const std::string& what, const std::exception& e, const std::string& where);

// Convenience for parameters.
[[nodiscard]] inline Param param(std::int64_t value) { return std::to_string(value); }
[[nodiscard]] inline Param param(const std::string& value) { return value; }
[[nodiscard]] inline Param param(const char* value) { return std::string(value); }
[[nodiscard]] inline Param param(const std::optional<std::int64_t>& value) {
    return value ? Param(std::to_string(*value)) : std::nullopt;
}

// A PostgreSQL array literal of integers ("{1,2,3}"), built one element at a time: one parameter for
// any number of values (a statement takes at most 65,535), read with unnest(CAST($n AS bigint[])).
class IntegerArray {
public:
    void add(std::int64_t value) {
        if (m_text.size() > 1) m_text += ',';
        m_text += std::to_string(value);
    }
    [[nodiscard]] Param param() const { return m_text + '}'; }

private:
    std::string m_text = "{";
};

}  // namespace infusion::storage::pg
