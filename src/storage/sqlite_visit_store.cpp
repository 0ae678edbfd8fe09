// The SQLite visit store. Sections: 1. helpers  2. drafts  3. signing and amending  4. reading  5. audit log
// Every write is one IMMEDIATE transaction that also appends its audit row: both land or neither.
#include "storage/sqlite_visit_store.hpp"
#include "storage/keyset_list.hpp"

#include "core/terminal_text.hpp"

#include "storage/audit_chain.hpp"
#include "storage/record_check.hpp"
#include "storage/review_flag_rows.hpp"
#include "storage/seal.hpp"
#include "storage/sqlite_support.hpp"
#include "storage/visit_rows.hpp"

#include <limits>
#include <stdexcept>

namespace infusion::storage::detail {
namespace {

// ---- 1. helpers --------------------------------------------------------------------------------
std::optional<std::string> date_text(const std::optional<std::chrono::year_month_day>& d) {
    if (!d) return std::nullopt;
    return core::format_date(*d);
}

std::string visit_date(const core::Visit& v) {
    const auto d = core::first_start_date(v);
    return d ? core::format_date(*d) : std::string{};
}

void insert_revision_row(Connection& db, VisitId id, int number, const core::Visit& v, const Actor& actor,
                         const std::string& reason) {
    auto s_use = db.prepare(
        "INSERT INTO revisions(visit_id, number, author, created_at, reason, patient_mrn, patient_name, "
        "patient_birth_date, patient_allergies, clinician, setting, time_zone) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement& s = *s_use;
    s.bind(1, id), s.bind(2, number), s.bind(3, actor.user), s.bind(4, actor.at), s.bind(5, reason);
    s.bind(6, v.patient.id), s.bind(7, v.patient.name);
    bind_text(s, 8, date_text(v.patient.birth_date));
    s.bind(9, v.patient.allergies), s.bind(10, v.clinician);
    bind_text(s, 11, v.setting ? std::optional<std::string>(core::to_string(*v.setting)) : std::nullopt);
    s.bind(12, v.time_zone);
    s.exec();
}

// Stores the coding and the signing columns, then seals the revision with the SHA-256 of everything it
// holds (seal.cpp), read back from the rows just written. Returns the seal for the audit row.
std::string seal_revision(Connection& db, VisitId id, int number, const SignedCoding& coding, const Actor& actor) {
    // The signer computes the review flags (app::signed_coding): storage stores them, it does not decide them.
    if (!coding.review)
        throw std::invalid_argument("the coding carries no review flags (app::signed_coding computes them)");
    insert_coding(db, id, number, coding);
    {
        auto s_use = db.prepare(
            "UPDATE revisions SET signed_by = ?, signed_at = ?, rules_version = ?, "
            "billable = ?, infusion_minutes = ?, date_of_service = ? WHERE visit_id = ? AND number = ?");
        SQLite::Statement& s = *s_use;
        s.bind(1, actor.user), s.bind(2, actor.at), s.bind(3, coding.rules_version), s.bind(4, coding.billable ? 1 : 0);
        bind_int(s, 5, coding.infusion_minutes);
        bind_text(s, 6, date_text(coding.date_of_service));
        s.bind(7, id), s.bind(8, number);
        s.exec();
    }
    const std::string seal = revision_seal(db, id, number);
    auto s_use = db.prepare("UPDATE revisions SET sealed = 1, seal = ? WHERE visit_id = ? AND number = ?");
    SQLite::Statement& s = *s_use;
    s.bind(1, seal), s.bind(2, id), s.bind(3, number);
    s.exec();
    return seal;
}

struct VisitHead {
    std::string status;
    int revision = 0;
    std::int64_t version = 0;
};

std::optional<VisitHead> head(Connection& db, VisitId id) {
    auto s_use = db.prepare("SELECT status, current_revision, version FROM visits WHERE id = ?");
    SQLite::Statement& s = *s_use;
    s.bind(1, id);
    if (!s.executeStep()) return std::nullopt;
    return VisitHead{s.getColumn(0).getString(), s.getColumn(1).getInt(), s.getColumn(2).getInt64()};
}

// Who wrote the visit's current version and when: the signer of a sealed revision, else its author (a
// draft's revision 0 is rewritten by every save, with the saver as author).
struct LastChange {
    std::string by;
    std::string at;
};

LastChange last_change(Connection& db, VisitId id) {
    auto s_use = db.prepare(
        "SELECT r.author, r.created_at, r.signed_by, r.signed_at FROM visits v JOIN revisions r "
        "ON r.visit_id = v.id AND r.number = v.current_revision WHERE v.id = ?");
    SQLite::Statement& s = *s_use;
    s.bind(1, id);
    if (!s.executeStep()) return {};
    if (auto signer = column_text(s.getColumn(2))) return {*signer, column_text(s.getColumn(3)).value_or("")};
    return {s.getColumn(0).getString(), s.getColumn(1).getString()};
}

// A write from a version that is no longer the visit's: refused, naming who wrote since and when (UTC
// here; app/ says it in the clinic's time). Nothing of the refused write is kept.
std::optional<core::Error> stale(Connection& db, VisitId id, const VisitHead& h, std::int64_t read_version,
                                 const std::string& file) {
    if (h.version == read_version) return std::nullopt;
    const LastChange change = last_change(db, id);
    const std::string verb = h.status == "draft" ? "changed" : "signed";
    return core::Error{"visit " + std::to_string(id) + " was " + verb + " by " +
                           (change.by.empty() ? std::string("someone") : change.by) + " at " + change.at +
                           " after this copy was read (version " + std::to_string(read_version) + ", now " +
                           std::to_string(h.version) + "); nothing was saved: reload",
                       file,
                       {},
                       core::ErrorKind::conflict};
}

// Inside an open transaction: the visit row, revision 0 and its content, audited.
VisitId insert_draft(Connection& db, const core::Visit& visit, const Actor& actor) {
    const auto patient = upsert_patient(db, visit.patient);
    auto s_use = db.prepare(
        "INSERT INTO visits(patient_id, status, date_of_service, clinician, created_by, created_at, "
        "updated_at) VALUES (?, 'draft', ?, ?, ?, ?, ?)");
    SQLite::Statement& s = *s_use;
    s.bind(1, patient), s.bind(2, visit_date(visit)), s.bind(3, visit.clinician), s.bind(4, actor.user);
    s.bind(5, actor.at), s.bind(6, actor.at);
    s.exec();
    const VisitId id = db.raw().getLastInsertRowid();
    insert_revision_row(db, id, 0, visit, actor, "");
    insert_content(db, id, 0, visit);
    append_audit(db, "create", id, "draft for patient " + visit.patient.id, actor);
    return id;
}

// Inside an open transaction: seals revision 0 of a draft, audited.
void seal_draft(Connection& db, VisitId id, const SignedCoding& coding, const Actor& actor) {
    const std::string seal = seal_revision(db, id, 0, coding, actor);
    auto s_use = db.prepare(
        "UPDATE visits SET status = 'signed', infusion_minutes = ?, billable = ?, "
        "date_of_service = COALESCE(?, date_of_service), updated_at = ?, version = version + 1 WHERE id = ?");
    SQLite::Statement& s = *s_use;
    bind_int(s, 1, coding.infusion_minutes);
    s.bind(2, coding.billable ? 1 : 0);
    bind_text(s, 3, date_text(coding.date_of_service));
    s.bind(4, actor.at), s.bind(5, id);
    s.exec();
    store_revision_flags(db, id, 0, *coding.review);
    append_sealed_audit(db, "sign", id,
                        std::to_string(coding.lines.size()) + " lines, rules " + coding.rules_version +
                            (coding.billable ? "" : ", billing held"),
                        actor, revision_subject(id, 0), seal);
}

// The MRN is shown in lists and on terminals and sent to billing: never empty, never a control character.
std::optional<core::Error> patient_id_refused(const core::Visit& visit, const std::string& file) {
    if (visit.patient.id.empty()) return core::Error{"a visit needs a patient id before it can be saved", file, {}};
    if (core::has_control_character(visit.patient.id)) {
        return core::Error{"the patient id '" + core::terminal_safe(visit.patient.id) +
                               "' contains control characters; nothing was saved",
                           file,
                           {}};
    }
    return std::nullopt;
}

std::string no_visit(VisitId id) { return "there is no visit " + std::to_string(id); }

}  // namespace

// ---- 2. drafts ---------------------------------------------------------------------------------
core::Result<VisitId> SqliteVisitStore::create_draft(const core::Visit& visit, const Actor& actor) {
    if (auto refused = patient_id_refused(visit, m_file)) return *refused;
    return write("cannot create the visit", actor, [&](WriteScope&) -> core::Result<VisitId> {
        return insert_draft(m_db, visit, actor);  // audited inside (visit_rows.cpp)
    });
}

core::Result<std::int64_t> SqliteVisitStore::save_draft(VisitId id, std::int64_t read_version, const core::Visit& visit,
                                                        const Actor& actor) {
    if (auto refused = patient_id_refused(visit, m_file)) return *refused;
    return write("cannot save the draft", actor, [&](WriteScope& w) -> core::Result<std::int64_t> {
        const auto h = head(m_db, id);
        if (!h) return not_found(no_visit(id));
        // Stale first: a draft signed elsewhere after this copy was read is reported as who signed it.
        if (auto refused = stale(m_db, id, *h, read_version, m_file)) return *refused;
        if (h->status != "draft") {
            return conflict("visit " + std::to_string(id) + " is signed: corrections are made with an amendment");
        }
        const auto patient = upsert_patient(m_db, visit.patient);
        delete_content(m_db, id, 0);
        {
            auto del = m_db.prepare("DELETE FROM revisions WHERE visit_id = ? AND number = 0");
            SQLite::bind(*del, id);
            (*del).exec();
        }
        insert_revision_row(m_db, id, 0, visit, actor, "");
        insert_content(m_db, id, 0, visit);
        auto s = m_db.prepare(
            "UPDATE visits SET patient_id = ?, date_of_service = ?, clinician = ?, updated_at = ?, "
            "version = version + 1 WHERE id = ?");
        SQLite::bind(*s, patient, visit_date(visit), visit.clinician, actor.at, id);
        (*s).exec();
        w.audit("change", id, "draft saved");
        return h->version + 1;
    });
}

core::Result<std::vector<VisitId>> SqliteVisitStore::create_many(const std::vector<NewVisit>& visits,
                                                                 const Actor& actor) {
    std::size_t index = 0;
    auto saved = write("cannot save the visits", actor, [&](WriteScope& w) -> core::Result<std::vector<VisitId>> {
        std::vector<VisitId> ids;
        ids.reserve(visits.size());
        for (; index < visits.size(); ++index) {
            const auto& item = visits[index];
            if (auto refused = patient_id_refused(item.visit, m_file)) {
                return invalid("visit " + std::to_string(index + 1) + " of the batch: " + refused->message +
                               "; nothing of the batch was saved");
            }
            const VisitId id = insert_draft(m_db, item.visit, actor);
            if (item.sign) seal_draft(m_db, id, *item.sign, actor);
            ids.push_back(id);
        }
        if (ids.empty()) w.no_audit_row("an empty batch changes nothing");
        return ids;
    });
    // Which visit of the batch SQLite failed on, for the message.
    if (!saved && saved.error().kind != core::ErrorKind::invalid && saved.error().kind != core::ErrorKind::refused &&
        index < visits.size()) {
        core::Error e = saved.error();
        const std::string general = "cannot save the visits";
        if (e.message.rfind(general, 0) == 0) {
            e.message = "cannot save visit " + std::to_string(index + 1) + " of the batch (nothing was saved)" +
                        e.message.substr(general.size());
        }
        return e;
    }
    return saved;
}

core::Status SqliteVisitStore::discard_draft(VisitId id, const Actor& actor) {
    return write("cannot discard the draft", actor, [&](WriteScope& w) -> core::Status {
        const auto h = head(m_db, id);
        if (!h) return not_found(no_visit(id));
        if (h->status != "draft") return conflict("a signed visit is never deleted");
        delete_content(m_db, id, 0);
        for (const char* sql : {"DELETE FROM revisions WHERE visit_id = ?", "DELETE FROM visits WHERE id = ?"}) {
            auto s = m_db.prepare(sql);
            SQLite::bind(*s, id);
            (*s).exec();
        }
        w.audit("discard", id, "draft discarded");
        return core::Done{};
    });
}

// ---- 3. signing and amending -------------------------------------------------------------------
core::Status SqliteVisitStore::sign(VisitId id, std::int64_t read_version, const SignedCoding& coding,
                                    const Actor& actor) {
    // One durable commit (synchronous=FULL); the signing's sealed audit row is written by seal_draft.
    return write("cannot sign the visit", actor, [&](WriteScope&) -> core::Status {
        const auto h = head(m_db, id);
        if (!h) return not_found(no_visit(id));
        // What was read is what is signed: a draft saved elsewhere since is never signed unseen.
        if (auto refused = stale(m_db, id, *h, read_version, m_file)) return *refused;
        if (h->status != "draft") return conflict("visit " + std::to_string(id) + " is already signed");
        seal_draft(m_db, id, coding, actor);
        return core::Done{};
    });
}

core::Result<int> SqliteVisitStore::amend(VisitId id, const core::Visit& corrected, const std::string& reason,
                                          const SignedCoding& coding, const Actor& actor) {
    if (auto refused = refuse_if_read_only("cannot amend the visit")) return *refused;
    if (reason.empty()) return invalid("an amendment needs a reason");
    return write("cannot amend the visit", actor, [&](WriteScope& w) -> core::Result<int> {
        const auto h = head(m_db, id);
        if (!h) return not_found(no_visit(id));
        if (h->status == "draft") return conflict("visit " + std::to_string(id) + " is a draft: edit it and sign it");
        const int number = h->revision + 1;
        insert_revision_row(m_db, id, number, corrected, actor, reason);
        insert_content(m_db, id, number, corrected);
        const std::string seal = seal_revision(m_db, id, number, coding, actor);
        auto s_use = m_db.prepare(
            "UPDATE visits SET status = 'amended', current_revision = ?, date_of_service = ?, "
            "clinician = ?, infusion_minutes = ?, billable = ?, updated_at = ?, version = version + 1 WHERE id = ?");
        SQLite::Statement& s = *s_use;
        const auto date = coding.date_of_service ? core::format_date(*coding.date_of_service) : visit_date(corrected);
        SQLite::bind(s, number, date, corrected.clinician);
        bind_int(s, 4, coding.infusion_minutes);
        s.bind(5, coding.billable ? 1 : 0), s.bind(6, actor.at), s.bind(7, id);
        s.exec();
        store_revision_flags(m_db, id, number, *coding.review);
        w.sealed_audit("amend", id, "amendment " + std::to_string(number) + ": " + reason, revision_subject(id, number),
                       seal);
        return number;
    });
}

// ---- 4. reading --------------------------------------------------------------------------------
core::Result<StoredVisit> SqliteVisitStore::load(VisitId id) {
    try {
        SQLite::Transaction tx(m_db.raw());  // one consistent snapshot of all the rows
        StoredVisit out;
        {
            auto s_use =
                m_db.prepare("SELECT status, created_by, created_at, updated_at, version FROM visits WHERE id = ?");
            SQLite::Statement& s = *s_use;
            s.bind(1, id);
            if (!s.executeStep()) return not_found(no_visit(id));
            out.id = id;
            out.status = visit_status_from_string(s.getColumn(0).getString()).value_or(VisitStatus::draft);
            out.created_by = s.getColumn(1).getString();
            out.created_at = s.getColumn(2).getString();
            out.updated_at = s.getColumn(3).getString();
            out.version = s.getColumn(4).getInt64();
        }
        const LastChange change = last_change(m_db, id);
        out.changed_by = change.by;
        out.changed_at = change.at;
        auto s_use = m_db.prepare(
            "SELECT number, author, created_at, reason, sealed, signed_by, signed_at FROM revisions "
            "WHERE visit_id = ? ORDER BY number");
        SQLite::Statement& s = *s_use;
        s.bind(1, id);
        while (s.executeStep()) {
            Revision r;
            r.number = s.getColumn(0).getInt();
            r.author = s.getColumn(1).getString();
            r.created_at = s.getColumn(2).getString();
            r.reason = s.getColumn(3).getString();
            r.sealed = s.getColumn(4).getInt() != 0;
            r.signed_by = column_text(s.getColumn(5)).value_or("");
            r.signed_at = column_text(s.getColumn(6)).value_or("");
            out.revisions.push_back(std::move(r));
        }
        if (out.revisions.empty())
            return core::Error{"visit " + std::to_string(id) + " has no content", m_file, {}, core::ErrorKind::corrupt};
        for (auto& r : out.revisions) {
            r.content = read_content(m_db, id, r.number);
            if (r.sealed) r.coding = read_coding(m_db, id, r.number);
        }
        tx.commit();
        return out;
    } catch (const std::exception& e) {
        return sqlite_error("cannot read visit " + std::to_string(id), e, m_file);
    }
}

core::Result<VisitPage> SqliteVisitStore::list(const VisitFilter& filter) {
    try {
        KeysetList list(
            "SELECT v.id, p.mrn, p.name, v.status, v.date_of_service, v.clinician, v.current_revision, "
            "v.infusion_minutes, v.billable, v.updated_at FROM visits v JOIN patients p ON p.id = v.patient_id "
            "WHERE 1");
        if (filter.patient_id) {
            list.where("v.patient_id = (SELECT id FROM patients WHERE mrn = :patient)")
                .bind(":patient", *filter.patient_id);
        }
        if (filter.status) list.where("v.status = :status").bind(":status", to_string(*filter.status));
        if (filter.signed_only) list.where("v.status <> 'draft'");
        if (filter.clinician) list.where("v.clinician = :clinician").bind(":clinician", *filter.clinician);
        if (filter.from) list.where("v.date_of_service >= :from").bind(":from", core::format_date(*filter.from));
        if (filter.to) {
            list.where("v.date_of_service <= :to AND v.date_of_service <> ''")
                .bind(":to", core::format_date(*filter.to));
        }
        list.key({"v.date_of_service", "v.id"}).after(visit_key(filter.after)).limit(filter.limit, 10'000);
        VisitPage page;
        if (list.read_page(m_db, page.rows, read_summary)) page.next = visit_cursor(page.rows.back());
        return page;
    } catch (const std::exception& e) {
        return sqlite_error("cannot list visits", e, m_file);
    }
}

core::Result<std::vector<PatientSummary>> SqliteVisitStore::find_patients(const std::string& text, int limit) {
    try {
        // An exact or prefix id match first, then names containing the text. LIKE is case-insensitive
        // for ASCII; the patients table is small next to visits (one row per person).
        auto s_use = m_db.prepare(
            "SELECT p.mrn, p.name, p.birth_date, p.allergies, "
            "(SELECT max(v.date_of_service) FROM visits v WHERE v.patient_id = p.id) "
            "FROM patients p WHERE p.mrn LIKE :prefix ESCAPE '\\' OR p.name LIKE :contains ESCAPE '\\' "
            "ORDER BY (p.mrn LIKE :prefix ESCAPE '\\') DESC, p.name LIMIT :limit");
        SQLite::Statement& s = *s_use;
        std::string escaped;
        for (char c : text) {
            if (c == '%' || c == '_' || c == '\\') escaped += '\\';
            escaped += c;
        }
        s.bind(":prefix", escaped + "%");
        s.bind(":contains", "%" + escaped + "%");
        s.bind(":limit", std::max(1, limit));
        std::vector<PatientSummary> out;
        while (s.executeStep()) {
            PatientSummary p;
            p.patient_id = s.getColumn(0).getString();
            p.name = s.getColumn(1).getString();
            if (auto d = column_text(s.getColumn(2))) p.birth_date = core::parse_date(*d);
            p.allergies = s.getColumn(3).getString();
            if (auto d = column_text(s.getColumn(4))) p.last_visit = core::parse_date(*d);
            out.push_back(std::move(p));
        }
        return out;
    } catch (const std::exception& e) {
        return sqlite_error("cannot search patients", e, m_file);
    }
}

// ---- 5. audit log ------------------------------------------------------------------------------
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
        KeysetList list("SELECT id, at, actor, action, visit_id, detail, hash FROM audit WHERE 1");
        if (filter.from_at) list.where("at >= :from").bind(":from", *filter.from_at);
        if (filter.to_at) list.where("at <= :to").bind(":to", *filter.to_at);
        if (filter.visit_id) list.where("visit_id = :visit").bind(":visit", std::int64_t{*filter.visit_id});
        if (filter.actor) list.where("actor = :actor").bind(":actor", *filter.actor);
        if (filter.action) list.where("action = :action").bind(":action", *filter.action);
        list.key({"id"}, KeysetList::Order::oldest_first)
            .after(std::vector<KeysetList::Value>{std::int64_t{filter.after_id}})
            .limit(filter.limit, std::numeric_limits<int>::max() - 1);
        std::vector<AuditEntry> out;
        (void)list.read_page(m_db, out, [](SQLite::Statement& s) {
            AuditEntry e;
            e.id = s.getColumn(0).getInt64();
            e.at = s.getColumn(1).getString();
            e.actor = s.getColumn(2).getString();
            e.action = s.getColumn(3).getString();
            if (!s.getColumn(4).isNull()) e.visit_id = s.getColumn(4).getInt64();
            e.detail = s.getColumn(5).getString();
            e.hash = s.getColumn(6).getString();
            return e;
        });
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
