// The SQLite visit store. Sections: 1. the write scope  2. writes  3. reading  4. audit log
// Every write is one IMMEDIATE transaction that also appends its audit row: both land or neither. What
// each write does is shared with PostgreSQL (visit_writes.cpp); here are SQLite's transaction and chain.
#include "storage/sqlite_visit_store.hpp"

#include "storage/keyset_list.hpp"
#include "storage/seal.hpp"

#include "storage/audit_chain.hpp"
#include "storage/record_check.hpp"
#include "storage/sqlite_session.hpp"
#include "storage/sqlite_support.hpp"
#include "storage/visit_writes.hpp"

#include <limits>
#include <stdexcept>

namespace infusion::storage::detail {
namespace {

// ---- 1. the write scope ------------------------------------------------------------------------
// The shared visit writes on this connection, their audit rows through the write's scope (so the
// write helper sees them, and the chain head file follows).
struct SessionHolder {
    SqliteSession session;
};

class SqliteVisitScope final : private SessionHolder, public VisitWriteScope {
public:
    SqliteVisitScope(WriteScope& w, const std::string& file)
        : SessionHolder{SqliteSession(w.db())}, VisitWriteScope(session, file), m_w(w) {}
    void audit(const std::string& action, VisitId visit, const std::string& detail, const std::string& subject,
               const std::string& seal) override {
        if (subject.empty()) {
            m_w.audit(action, visit, detail);
        } else {
            m_w.sealed_audit(action, visit, detail, subject, seal);
        }
    }
    void no_audit_row(const char* why) override { m_w.no_audit_row(why); }

private:
    WriteScope& m_w;
};

}  // namespace

// ---- 2. writes ---------------------------------------------------------------------------------
core::Result<VisitId> SqliteVisitStore::create_draft(const core::Visit& visit, const Actor& actor,
                                                     PatientNaming naming) {
    if (auto refused = patient_id_refused(visit, m_file)) return *refused;
    return write("cannot create the visit", actor, [&](WriteScope& w) -> core::Result<VisitId> {
        SqliteVisitScope scope(w, m_file);
        return detail::create_draft(scope, visit, actor, naming);
    });
}

core::Result<std::int64_t> SqliteVisitStore::save_draft(VisitId id, std::int64_t read_version, const core::Visit& visit,
                                                        const Actor& actor, const SignedCoding* coding,
                                                        const std::string& changed) {
    if (auto refused = patient_id_refused(visit, m_file)) return *refused;
    return write("cannot save the draft", actor, [&](WriteScope& w) -> core::Result<std::int64_t> {
        SqliteVisitScope scope(w, m_file);
        return detail::save_draft(scope, id, read_version, visit, actor, coding, changed);
    });
}

core::Result<std::vector<VisitId>> SqliteVisitStore::create_many(const std::vector<NewVisit>& visits,
                                                                 const Actor& actor) {
    std::size_t index = 0;
    const std::string what = "cannot save the visits";
    auto saved = write(what, actor, [&](WriteScope& w) -> core::Result<std::vector<VisitId>> {
        SqliteVisitScope scope(w, m_file);
        return detail::create_many(scope, visits, actor, index);
    });
    return batch_failure(std::move(saved), what, index, visits.size());
}

core::Status SqliteVisitStore::discard_draft(VisitId id, const Actor& actor) {
    return write("cannot discard the draft", actor, [&](WriteScope& w) -> core::Status {
        SqliteVisitScope scope(w, m_file);
        return detail::discard_draft(scope, id);
    });
}

core::Status SqliteVisitStore::sign(VisitId id, std::int64_t read_version, const SignedCoding& coding,
                                    const Actor& actor) {
    // One durable commit (synchronous=FULL); the signing's sealed audit row is written inside.
    return write("cannot sign the visit", actor, [&](WriteScope& w) -> core::Status {
        SqliteVisitScope scope(w, m_file);
        return sign_draft(scope, id, read_version, coding, actor);
    });
}

core::Result<int> SqliteVisitStore::amend(VisitId id, std::int64_t read_version, const core::Visit& corrected,
                                          const std::string& reason, const SignedCoding& coding, const Actor& actor) {
    if (auto refused = refuse_if_read_only("cannot amend the visit")) return *refused;
    if (auto refused = amendment_refused(reason, m_file)) return *refused;
    return write("cannot amend the visit", actor, [&](WriteScope& w) -> core::Result<int> {
        SqliteVisitScope scope(w, m_file);
        return detail::amend(scope, id, read_version, corrected, reason, coding, actor);
    });
}

// ---- 3. reading --------------------------------------------------------------------------------
core::Result<StoredVisit> SqliteVisitStore::load(VisitId id) {
    try {
        SQLite::Transaction tx(m_db.raw());  // one consistent snapshot of all the rows
        SqliteSession session(m_db);
        auto out = load_visit(session, id, m_file);
        tx.commit();
        return out;
    } catch (const std::exception& e) {
        return sqlite_error("cannot read visit " + std::to_string(id), e, m_file);
    }
}

core::Result<CheckReport> SqliteVisitStore::verify_seals(VisitId id) {
    try {
        SQLite::Transaction tx(m_db.raw());  // one snapshot, rolled back: a read
        SqliteSession session(m_db);
        CheckReport report;
        verify_visit_seals(session, id, report);
        return report;
    } catch (const std::exception& e) {
        return sqlite_error("cannot check the seals of visit " + std::to_string(id), e, m_file);
    }
}

core::Result<VisitPage> SqliteVisitStore::list(const VisitFilter& filter) {
    try {
        SqliteSession session(m_db);
        return list_visits(session, filter);
    } catch (const std::exception& e) {
        return sqlite_error("cannot list visits", e, m_file);
    }
}

core::Result<std::vector<PatientSummary>> SqliteVisitStore::find_patients(const std::string& text, int limit) {
    try {
        SqliteSession session(m_db);
        return detail::find_patients(session, text, limit);
    } catch (const std::exception& e) {
        return sqlite_error("cannot search patients", e, m_file);
    }
}

// ---- 4. audit log ------------------------------------------------------------------------------
core::Status SqliteAuditLog::record(const std::string& action, std::optional<VisitId> visit, const std::string& detail,
                                    const Actor& actor) {
    return write("cannot write the audit log", actor, [&](WriteScope& w) -> core::Status {
        w.audit(action, visit, detail);
        return core::Done{};
    });
}

core::Result<std::vector<AuditEntry>> SqliteAuditLog::entries(const AuditFilter& filter) {
    try {
        // Oldest first from the row after `after_id`: the audit log reads in the order it was written.
        KeysetList list(std::string("SELECT ") + audit_entry_columns + " FROM audit WHERE 1");
        if (filter.from_at) list.where("at >= :from").bind(":from", *filter.from_at);
        if (filter.to_at) list.where("at <= :to").bind(":to", *filter.to_at);
        if (filter.visit_id) list.where("visit_id = :visit").bind(":visit", std::int64_t{*filter.visit_id});
        if (filter.actor) list.where("actor = :actor").bind(":actor", *filter.actor);
        if (filter.action) list.where("action = :action").bind(":action", *filter.action);
        list.key({"id"}, KeysetList::Order::oldest_first)
            .after(std::vector<KeysetList::Value>{std::int64_t{filter.after_id}})
            .limit(filter.limit, std::numeric_limits<int>::max() - 1);
        std::vector<AuditEntry> out;
        // Subject and seal: what the row sealed, as PostgreSQL's entries() say too.
        (void)list.read_page(m_db, out, [](SQLite::Statement& s) { return audit_entry_of(s); });
        return out;
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the audit log", e, m_file);
    }
}

core::Result<CheckReport> SqliteAuditLog::verify() {
    try {
        CheckReport report;
        verify_record(m_db, m_file, report);
        return report;
    } catch (const std::exception& e) {
        return sqlite_error("cannot verify the audit log", e, m_file);
    }
}

}  // namespace infusion::storage::detail
