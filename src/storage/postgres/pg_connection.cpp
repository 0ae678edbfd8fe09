#include "storage/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <atomic>
#include <charconv>
#include <utility>

namespace infusion::storage::pg {
namespace {

// The server's primary message, or libpq's own text for failures without a result.
std::string message_of(const PGresult* result, PGconn* conn) {
    if (result != nullptr) {
        if (const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)) return primary;
    }
    std::string text = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

void check(PGresult* result, PGconn* conn) {
    const auto status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    std::string sqlstate;
    if (result != nullptr) {
        if (const char* code = PQresultErrorField(result, PG_DIAG_SQLSTATE)) sqlstate = code;
    }
    std::string message = message_of(result, conn);
    std::string context;
    if (result != nullptr) {
        if (const char* c = PQresultErrorField(result, PG_DIAG_CONTEXT)) context = c;
    }
    PQclear(result);
    throw PgError(std::move(sqlstate), message, std::move(context));
}

// Notices ("relation ... already exists, skipping") are not errors; the program prints nothing for them.
void ignore_notice(void*, const char*) {}

}  // namespace

// ---- PgResult ----------------------------------------------------------------------------------
PgResult::PgResult(pg_result* result) : m_result(result) {}
PgResult::~PgResult() { PQclear(m_result); }
PgResult::PgResult(PgResult&& other) noexcept : m_result(std::exchange(other.m_result, nullptr)) {}
PgResult& PgResult::operator=(PgResult&& other) noexcept {
    if (this != &other) {
        PQclear(m_result);
        m_result = std::exchange(other.m_result, nullptr);
    }
    return *this;
}

int PgResult::rows() const { return PQntuples(m_result); }
int PgResult::columns() const { return PQnfields(m_result); }
unsigned PgResult::type(int column) const { return PQftype(m_result, column); }
bool PgResult::is_null(int row, int column) const { return PQgetisnull(m_result, row, column) != 0; }
std::string PgResult::text(int row, int column) const {
    return std::string(PQgetvalue(m_result, row, column), static_cast<std::size_t>(PQgetlength(m_result, row, column)));
}
std::string_view PgResult::view(int row, int column) const {
    return {PQgetvalue(m_result, row, column), static_cast<std::size_t>(PQgetlength(m_result, row, column))};
}
std::optional<std::string> PgResult::opt_text(int row, int column) const {
    if (is_null(row, column)) return std::nullopt;
    return text(row, column);
}
std::int64_t PgResult::int64(int row, int column) const { return opt_int64(row, column).value_or(0); }
std::optional<std::int64_t> PgResult::opt_int64(int row, int column) const {
    if (is_null(row, column)) return std::nullopt;
    const char* begin = PQgetvalue(m_result, row, column);
    const char* end = begin + PQgetlength(m_result, row, column);
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc{} || ptr != end) {
        throw PgError("", "the server sent '" + std::string(begin, end) + "' where a whole number belongs");
    }
    return value;
}
bool PgResult::flag(int row, int column) const { return text(row, column) == "t"; }
std::int64_t PgResult::affected() const {
    const char* n = PQcmdTuples(m_result);
    std::int64_t value = 0;
    std::from_chars(n, n + std::char_traits<char>::length(n), value);
    return value;
}

// ---- PgConnection ------------------------------------------------------------------------------
PgConnection::PgConnection(const std::string& conninfo) {
    // The clinic's string comes last and overrides these defaults: a server that does not answer is
    // reported after 10 s instead of hanging the window, and the server's activity view names the program.
    // Every write waits for the audit chain's lock (pg_write.hpp), so one workstation that stops inside a
    // transaction (suspended, unplugged, hung) stopped every write in the clinic, sign-ins too, with no
    // end and no word (found from outside). The server ends such a session after 20 s idle in its
    // transaction, which frees the lock; a write that still waits 30 s for a lock gives up and says the
    // database is busy (pg_error). A clinic's own `options` replaces these (docs/storage.md).
    const char* keywords[] = {"connect_timeout", "fallback_application_name", "options", "dbname", nullptr};
    const char* values[] = {"10", "infusiondoc", default_session_options, conninfo.c_str(), nullptr};
    m_conn = PQconnectdbParams(keywords, values, 1);
    if (m_conn == nullptr || PQstatus(m_conn) != CONNECTION_OK) {
        std::string message = message_of(nullptr, m_conn);
        PQfinish(m_conn);
        m_conn = nullptr;
        throw PgError("08001", message);
    }
    PQsetNoticeProcessor(m_conn, ignore_notice, nullptr);
    try {
        set_up_session();
    } catch (...) {
        PQfinish(m_conn);  // the destructor does not run for a constructor that throws
        throw;
    }
}

PgConnection::~PgConnection() { PQfinish(m_conn); }

void PgConnection::set_up_session() {
    // Every instant the program stores is an ISO 8601 text it made itself; the session's settings only
    // matter for what the server formats, which is nothing we read back. Fixed anyway, for certainty.
    PGresult* result = PQexec(m_conn, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
    check(result, m_conn);
    PQclear(result);
    for (const std::string& statement : m_session_setup) exec_script(statement);
}

bool PgConnection::reconnect_if_lost() {
    // Found from outside: after the server restarted, every action of a running window said "the database
    // server cannot be reached" until the program was restarted. libpq keeps a lost connection lost.
    if (m_transaction_depth > 0 || m_held_sessions > 0) return false;
    // A server that restarted closed the socket: reading what is already there (no wait, no round trip)
    // tells libpq so, and the statement goes to a new connection instead of failing once first.
    if (PQstatus(m_conn) == CONNECTION_OK) (void)PQconsumeInput(m_conn);
    if (PQstatus(m_conn) != CONNECTION_BAD) return false;
    PQreset(m_conn);                                      // the same parameters, so the same session options
    if (PQstatus(m_conn) != CONNECTION_OK) return false;  // still down: the statement says so
    set_up_session();
    ++m_reconnections;
    return true;
}

void PgConnection::begin(const char* sql) {
    reconnect_if_lost();
    try {
        exec(sql);
    } catch (const PgError&) {
        // A server restarted since the last statement: libpq learns it only now. Nothing of the transaction
        // ran, so it starts again on a new connection; any other failure stands.
        if (!reconnect_if_lost()) throw;
        exec(sql);
    }
    ++m_transaction_depth;
}

void PgConnection::end(const char* sql) {
    --m_transaction_depth;  // ended whatever happens: a lost connection ended it on the server too
    run(sql, {});           // on this connection only: a new one has no transaction to end
}

PgResult PgConnection::exec(const std::string& sql, const std::vector<Param>& params) {
    reconnect_if_lost();
    return run(sql, params);
}

PgResult PgConnection::run(const std::string& sql, const std::vector<Param>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    PGresult* result =
        PQexecParams(m_conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
    check(result, m_conn);
    return PgResult(result);
}

void PgConnection::exec_script(const std::string& sql) {
    reconnect_if_lost();
    PGresult* result = PQexec(m_conn, sql.c_str());
    check(result, m_conn);
    PQclear(result);
}

void PgConnection::listen(const std::string& channel) {
    // A channel is an identifier, not a value, so it cannot be a parameter: quoted as one instead.
    PGresult* result = PQexec(m_conn, ("LISTEN \"" + channel + "\"").c_str());
    check(result, m_conn);
    PQclear(result);
}

std::int64_t PgConnection::notifications_from_others() {
    if (PQconsumeInput(m_conn) == 0 || PQstatus(m_conn) == CONNECTION_BAD) {
        throw PgError("08006", message_of(nullptr, m_conn));
    }
    std::int64_t count = 0;
    const int self = PQbackendPID(m_conn);
    while (PGnotify* note = PQnotifies(m_conn)) {
        if (note->be_pid != self) ++count;
        PQfreemem(note);
    }
    return count;
}

void PgConnection::begin_copy(const std::string& copy_sql) {
    PGresult* result = PQexec(m_conn, copy_sql.c_str());
    if (result != nullptr && PQresultStatus(result) == PGRES_COPY_IN) {
        PQclear(result);
        return;
    }
    check(result, m_conn);  // throws: the statement failed
    PQclear(result);
    throw PgError("", "the server did not start the COPY");
}

void PgConnection::put_copy(const std::string& data) {
    if (PQputCopyData(m_conn, data.data(), static_cast<int>(data.size())) != 1) {
        throw PgError("08006", message_of(nullptr, m_conn));
    }
}

void PgConnection::end_copy() {
    if (PQputCopyEnd(m_conn, nullptr) != 1) throw PgError("08006", message_of(nullptr, m_conn));
    // The COPY's own result, then nothing: every result is read so the connection is ready again.
    std::optional<PgError> failed;
    while (PGresult* result = PQgetResult(m_conn)) {
        try {
            check(result, m_conn);
            PQclear(result);
        } catch (const PgError& e) {
            if (!failed) failed = e;
        }
    }
    if (failed) throw *failed;
}

void PgConnection::abort_copy() noexcept {
    if (PQputCopyEnd(m_conn, "abandoned by the program") != 1) return;
    while (PGresult* result = PQgetResult(m_conn)) PQclear(result);
}

std::string PgConnection::describe() const {
    const char* host = PQhost(m_conn);
    const char* db = PQdb(m_conn);
    return std::string("database '") + (db != nullptr ? db : "") + "' on " +
           (host != nullptr && *host != '\0' ? host : "the local server");
}

std::string PgConnection::user() const {
    const char* u = PQuser(m_conn);
    return u != nullptr ? u : "";
}

// ---- PgTransaction -----------------------------------------------------------------------------
PgTransaction::PgTransaction(PgConnection& conn) : m_conn(conn) { m_conn.begin("BEGIN"); }

PgTransaction::~PgTransaction() {
    if (!m_open) return;
    try {
        m_conn.end("ROLLBACK");
    } catch (const std::exception&) {
        // The connection is gone: the server rolls the transaction back itself.
    }
}

void PgTransaction::commit() {
    m_open = false;
    m_conn.end("COMMIT");
}

// ---- PgSnapshot --------------------------------------------------------------------------------
PgSnapshot::PgSnapshot(PgConnection& conn) : m_conn(conn) {
    m_conn.begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

PgSnapshot::~PgSnapshot() {
    try {
        m_conn.end("COMMIT");  // nothing was written: COMMIT and ROLLBACK end it alike
    } catch (const std::exception&) {
        // The connection is gone: the server ended the transaction.
    }
}

// ---- cursors -----------------------------------------------------------------------------------
bool fetch_in_pages(PgConnection& conn, const std::string& sql, const std::vector<Param>& params,
                    const std::function<bool(const PgResult&, int row)>& row, int page) {
    static std::atomic<unsigned> counter{0};
    const std::string name = "infusiondoc_rows_" + std::to_string(counter++);
    // Every cursor of ours is read to its end, but the planner plans one for its first tenth by default
    // (cursor_tuple_fraction 0.1): for the export's selection it chose a nested loop of every billing line
    // against every pending line, and a month of 7,273 visits took 36 s instead of 0.12 s, holding the
    // chain lock (every workstation's sign-in waited) meanwhile (found from outside). Until the
    // transaction ends.
    conn.exec("SET LOCAL cursor_tuple_fraction = 1.0");
    conn.exec("DECLARE " + name + " NO SCROLL CURSOR FOR " + sql, params);
    const std::string fetch = "FETCH FORWARD " + std::to_string(page) + " FROM " + name;
    bool finished = true;
    for (bool more = true; more && finished;) {
        const PgResult rows = conn.exec(fetch);
        for (int i = 0; i < rows.rows(); ++i) {
            if (!row(rows, i)) {
                finished = false;
                break;
            }
        }
        more = rows.rows() == page;
    }
    conn.exec("CLOSE " + name);
    return finished;
}

// ---- errors ------------------------------------------------------------------------------------
core::Error pg_error(const std::string& what, const std::exception& e, const std::string& where) {
    const auto* pe = dynamic_cast<const PgError*>(&e);
    const std::string state = pe != nullptr ? pe->sqlstate() : "";
    const std::string cls = state.substr(0, 2);
    std::string reason = e.what();
    core::ErrorKind kind = core::ErrorKind::io;
    if (state == "P0001") {
        kind = core::ErrorKind::conflict;  // a trigger's refusal: the record's state does not allow it (as SQLite's)
    } else if (state == "42501") {
        kind = core::ErrorKind::refused;
        reason += " (the database role lacks this privilege: docs/storage.md, the application role)";
    } else if (cls == "23" || state == "40001" || state == "40P01") {
        kind = core::ErrorKind::conflict;
    } else if (state == "55P03") {
        kind = core::ErrorKind::conflict;  // as SQLite's busy
        reason =
            "the database is busy: another workstation held it past the lock timeout (30 s unless the connection "
            "sets another: a long export, or a workstation that stopped responding, which the server disconnects); "
            "nothing of this change was saved; try again";
    } else if (state == "53100") {
        reason = "the database server's disk is full; nothing of this change was saved";
    } else if (state == "XX001" || state == "XX002") {
        kind = core::ErrorKind::corrupt;
        reason += "; run 'infusiondoc db check' and ask the database administrator to restore the last backup";
    } else if (cls == "08" || cls == "57" || (pe != nullptr && state.empty())) {
        // (Not for the program's own exceptions, which are no news of the server: said as they are.)
        reason = "the database server cannot be reached (" + reason + "); nothing of this change was saved";
    } else if (cls == "22" || cls == "42") {
        kind = core::ErrorKind::invalid;
    }
    return core::Error{what + ": " + reason, where, {}, kind};
}

}  // namespace infusion::storage::pg
