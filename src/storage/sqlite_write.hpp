#pragma once
// Internal to storage/: the one way a SQLite store changes the database.
//
// Every change runs through `SqliteStore::write`: refused on a read-only database before anything is
// touched, one IMMEDIATE transaction (committed only when the body succeeds; any error or exception
// rolls all of it back), SQLite failures turned into a message with an ErrorKind, and the change's
// audit row checked: a change that appended no audit row is refused as a program error unless its body
// says why none is due. An audit row that cannot be written fails the whole change, never silently.
#include "storage/audit_chain.hpp"
#include "storage/sqlite_support.hpp"

#include <string>
#include <type_traits>
#include <utility>

namespace infusion::storage::detail {

// What a write's body may do besides SQL: append its audit rows, or say that none is due.
class WriteScope {
public:
    WriteScope(Connection& db, const Actor& actor) : m_db(db), m_actor(actor) {}
    [[nodiscard]] Connection& db() { return m_db; }
    [[nodiscard]] const Actor& actor() const { return m_actor; }

    std::int64_t audit(const std::string& action, std::optional<VisitId> visit, const std::string& detail) {
        return append_audit(m_db, action, visit, detail, m_actor);
    }
    std::int64_t sealed_audit(const std::string& action, std::optional<VisitId> visit, const std::string& detail,
                              const std::string& subject, const std::string& seal) {
        return append_sealed_audit(m_db, action, visit, detail, m_actor, subject, seal);
    }
    // This change needs no audit row of its own (`why` says, for the reader): nothing changed, a cache
    // was refreshed, or a burst of refusals is already counted on its first row.
    void no_audit_row(const char* why) {
        (void)why;
        m_exempt = true;
    }
    [[nodiscard]] bool exempt() const { return m_exempt; }

private:
    Connection& m_db;
    const Actor& m_actor;
    bool m_exempt = false;
};

// The part every SQLite store shares: its connection, the file named in messages, read-only or not.
class SqliteStore {
public:
    SqliteStore(Connection& db, std::string file, bool read_only)
        : m_db(db), m_file(std::move(file)), m_read_only(read_only) {}

protected:
    // Runs `body(WriteScope&)`, which returns a core::Result<T> or core::Status, as one change (see above).
    // `what` starts every message: "cannot sign the visit".
    template <typename Body>
    auto write(const std::string& what, const Actor& actor, Body&& body) -> std::invoke_result_t<Body, WriteScope&> {
        if (auto refused = refuse_if_read_only(what)) return *refused;
        try {
            WriteTransaction tx(m_db);
            const std::int64_t audited_before = m_db.audit_rows_appended();
            WriteScope scope(m_db, actor);
            auto result = body(scope);
            if (!result.ok()) return result;  // the transaction rolls back
            if (m_db.audit_rows_appended() == audited_before && !scope.exempt()) {
                return core::Error{what +
                                       ": the change wrote no audit row, so it was not saved (a program error; "
                                       "please report it)",
                                   m_file,
                                   {},
                                   core::ErrorKind::io};
            }
            tx.commit();
            return result;
        } catch (const std::exception& e) {
            return sqlite_error(what, e, m_file);
        }
    }

    // "what: the database is open read-only …", or nothing when it is writable.
    [[nodiscard]] std::optional<core::Error> refuse_if_read_only(const std::string& what) const {
        if (!m_read_only) return std::nullopt;
        return core::Error{what + ": the database is open read-only (the file is not writable); nothing was saved",
                           m_file,
                           {},
                           core::ErrorKind::refused};
    }
    [[nodiscard]] core::Error not_found(const std::string& message) const {
        return core::Error{message, m_file, {}, core::ErrorKind::not_found};
    }
    [[nodiscard]] core::Error conflict(const std::string& message) const {
        return core::Error{message, m_file, {}, core::ErrorKind::conflict};
    }
    [[nodiscard]] core::Error invalid(const std::string& message) const {
        return core::Error{message, m_file, {}, core::ErrorKind::invalid};
    }

    Connection& m_db;
    std::string m_file;
    bool m_read_only;
};

}  // namespace infusion::storage::detail
