// SqliteUserStore, part 2: throttling that answers the same for every name. Names that are no user are
// kept only as their SHA-256 (an invented name may be a password typed into the name field), and the
// attempts refused during a wait are counted, then written as one audit row.
#include "storage/audit_chain.hpp"
#include "storage/sqlite_user_store.hpp"
#include "storage/user_rows.hpp"

namespace infusion::storage::detail {
namespace {

std::optional<NameThrottle> read_throttle(Connection& db, const std::string& key, int* refused = nullptr) {
    auto s_use = db.prepare(
        "SELECT failed_attempts, locked_until, refused_while_locked FROM sign_in_throttle WHERE name_sha256 = ?");
    SQLite::Statement& s = *s_use;
    s.bind(1, key);
    if (!s.executeStep()) return std::nullopt;
    if (refused != nullptr) *refused = s.getColumn(2).getInt();
    return NameThrottle{s.getColumn(0).getInt(), s.getColumn(1).getString()};
}

}  // namespace

void report_refused_burst(Connection& db, bool known, const std::string& name, const std::string& label,
                          const Actor& actor) {
    auto s_use = db.prepare(known ? "SELECT refused_while_locked, locked_until FROM users WHERE username = ?"
                                  : "SELECT refused_while_locked, locked_until FROM sign_in_throttle WHERE "
                                    "name_sha256 = ?");
    SQLite::Statement& s = *s_use;
    s.bind(1, known ? name : throttle_key(name));
    if (!s.executeStep()) return;
    const int refused = s.getColumn(0).getInt();
    const std::string until = s.getColumn(1).getString();
    s.reset();
    if (refused == 0) return;
    // The first refusal of the wait has its own row; this one says how many followed it.
    if (refused > 1) {
        append_audit(db, "sign-in-failed", std::nullopt, refused_burst_detail(label, refused - 1, until), actor);
    }
    auto reset = db.prepare(known ? "UPDATE users SET refused_while_locked = 0 WHERE username = ?"
                                  : "UPDATE sign_in_throttle SET refused_while_locked = 0 WHERE name_sha256 = ?");
    SQLite::Statement& r = *reset;
    r.bind(1, known ? name : throttle_key(name));
    r.exec();
}

core::Result<NameThrottle> SqliteUserStore::unknown_name_throttle(const std::string& name) {
    try {
        return read_throttle(m_db, throttle_key(name)).value_or(NameThrottle{});
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the sign-in throttle", e, m_file);
    }
}

core::Result<NameThrottle> SqliteUserStore::record_unknown_name_failure(const std::string& name,
                                                                        const std::string& described,
                                                                        const LockRule& lock, const Actor& actor) {
    return write("cannot record the failed sign-in", actor, [&](WriteScope& w) -> core::Result<NameThrottle> {
        const std::string key = throttle_key(name);
        // Bounded: names not tried for a day are forgotten (their waits ended long ago).
        auto prune = m_db.prepare(
            "DELETE FROM sign_in_throttle WHERE last_at < strftime('%Y-%m-%dT%H:%M:%SZ', ?, "
            "'-1 day')");
        SQLite::bind(*prune, actor.at);
        (*prune).exec();
        report_refused_burst(m_db, false, name, described, actor);
        const int failures = read_throttle(m_db, key).value_or(NameThrottle{}).failed_attempts + 1;
        const std::string until = lock ? lock(failures) : std::string{};
        auto s_use = m_db.prepare(
            "INSERT INTO sign_in_throttle(name_sha256, failed_attempts, locked_until, last_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(name_sha256) DO UPDATE SET failed_attempts = excluded.failed_attempts, "
            "locked_until = excluded.locked_until, last_at = excluded.last_at");
        SQLite::bind(*s_use, key, failures, until, actor.at);
        (*s_use).exec();
        w.audit("sign-in-failed", std::nullopt, unknown_name_failure_detail(described, failures, until));
        return NameThrottle{failures, until};
    });
}

core::Status SqliteUserStore::record_refused_while_waiting(const std::string& name, bool known,
                                                           const std::string& detail, const Actor& actor) {
    return write("cannot record the refused sign-in", actor, [&](WriteScope& w) -> core::Status {
        auto s_use = m_db.prepare(
            known ? "UPDATE users SET refused_while_locked = refused_while_locked + 1 WHERE username = ? "
                    "RETURNING refused_while_locked"
                  : "UPDATE sign_in_throttle SET refused_while_locked = refused_while_locked + 1, last_at = ? "
                    "WHERE name_sha256 = ? RETURNING refused_while_locked");
        SQLite::Statement& s = *s_use;
        if (known) {
            SQLite::bind(s, name);
        } else {
            SQLite::bind(s, actor.at, throttle_key(name));
        }
        const int count = s.executeStep() ? s.getColumn(0).getInt() : 1;
        s.reset();
        if (count == 1) {
            w.audit("sign-in-failed", std::nullopt, detail);
        } else {
            w.no_audit_row("counted: the wait's first refusal has its row, the rest one row with the count");
        }
        return core::Done{};
    });
}

}  // namespace infusion::storage::detail
