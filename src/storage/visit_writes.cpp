// The visit store's logic on either backend (visit_writes.hpp). Sections: 1. helpers  2. drafts
// 3. signing and amending  4. reading
#include "storage/visit_writes.hpp"

#include "core/search_fold.hpp"
#include "core/terminal_text.hpp"

#include "storage/keyset_list.hpp"
#include "storage/review_flag_rows.hpp"
#include "storage/review_writes.hpp"
#include "storage/seal.hpp"
#include "storage/visit_rows.hpp"

#include <algorithm>
#include <stdexcept>

namespace infusion::storage::detail {
namespace {

// ---- 1. helpers --------------------------------------------------------------------------------
SqlValue date_text(const std::optional<std::chrono::year_month_day>& d) {
    if (!d) return std::monostate{};
    return core::format_date(*d);
}

std::string visit_date(const core::Visit& v) {
    const auto d = core::first_start_date(v);
    return d ? core::format_date(*d) : std::string{};
}

core::Error error(const std::string& message, const std::string& where, core::ErrorKind kind) {
    return core::Error{message, where, {}, kind};
}

std::string no_visit(VisitId id) { return "there is no visit " + std::to_string(id); }

// The other visits of the patient a coding counted (SignedCoding::counted), read again inside the write,
// where no other write runs (SQLite's IMMEDIATE transaction, PostgreSQL's chain lock). A visit of the
// patient and date signed or amended after the coding was read would otherwise be missed: both visits
// billed 96369 against its MUE of 1 per date of service. ErrorKind::outdated asks the signer to code again.
std::optional<core::Error> counted_outdated(SqlSession& db, VisitId id, const SignedCoding& coding,
                                            const std::string& where) {
    if (!coding.counted) return std::nullopt;
    const OtherVisitsCounted& counted = *coding.counted;
    if (billed_elsewhere(db, counted.patient_id, counted.from, counted.to, id) == counted.lines) return std::nullopt;
    return error("patient " + counted.patient_id + "'s other visits from " + core::format_date(counted.from) + " to " +
                     core::format_date(counted.to) +
                     " changed while this visit was being coded (another one was signed or amended meanwhile): "
                     "nothing was signed; code it again",
                 where, core::ErrorKind::outdated);
}

// Whether the revision being sealed may hold coding rows a save kept: a stored draft may; a revision this
// same write has just inserted (an import signed at once, an amendment) holds none, and reading it back
// would only cost time.
enum class KeptCoding { maybe, none };

// The audit row that records a sealing: its action and detail (its subject and seal are the revision's).
struct SealingAudit {
    std::string action;
    std::string detail;
};

// Stores the coding and the signing columns, then seals the revision (seal.hpp, format 2): its row read
// back, its content's stored digest and the coding rows as written. The audit row carrying the seal is
// appended before the revision is marked sealed: schema 18's trigger seals a revision only when the chain
// already records that seal, so a revision sealed with plain SQL must add an audit row, whose hash the default
// `db check` verifies from its checkpoint on (a correctly computed one passes: docs/storage.md says so).
void seal_revision(VisitWriteScope& w, VisitId id, int number, const SignedCoding& coding, const Actor& actor,
                   KeptCoding kept, const SealingAudit& audit) {
    SqlSession& db = w.db();
    // The signer computes the review flags (app::signed_coding): storage stores them, it does not decide them.
    if (!coding.review)
        throw std::invalid_argument("the coding carries no review flags (app::signed_coding computes them)");
    const RevisionRows coding_table_rows = coding_rows(coding);
    // The seal is computed before the one UPDATE that writes the signing columns with it (issue 15: each
    // statement on the revision row was a B-tree descent and a trigger; the values sealed are those bound).
    const SigningColumns signing{{actor.user, actor.at, coding.rules_version, std::int64_t{coding.billable ? 1 : 0},
                                  sql_value(coding.infusion_minutes), date_text(coding.date_of_service)}};
    const RevisionSeal sealed = revision_seal(db, id, number, signing, coding_table_rows);
    // The window's saves keep a draft's coding as it would be signed that day. When the rows stored, read
    // back and compared value for value, are this very coding, they are already the ones the seal covers
    // and are not written again (issue 15: three rows and their pages fewer per signature; reading them is
    // a few microseconds).
    // Otherwise whatever is stored (another day's coding, other rules, a row changed by hand) is replaced,
    // and a draft that kept none (an import, an older program's save) gets them now: what is sealed is
    // always what is stored.
    if (kept == KeptCoding::none) {
        insert_rows(db, id, number, coding_table_rows);
    } else if (const StoredRows stored = compare_stored_rows(db, id, number, coding_table_rows);
               stored != StoredRows::same) {
        if (stored == StoredRows::other) delete_coding(db, id, number);
        insert_rows(db, id, number, coding_table_rows);
    }
    // The digests are written again (the same values) so a draft saved before schema 14 gets those its seal covers.
    std::vector<SqlValue> values = signing.values;
    for (SqlValue v : {SqlValue(sealed.seal), SqlValue(sealed.content_digest), sql_value(sealed.content_rest_digest),
                       SqlValue(id), SqlValue(std::int64_t{number})}) {
        values.push_back(std::move(v));
    }
    w.audit(audit.action, id, audit.detail, revision_subject(id, number), sealed.seal);
    db.exec(
        "UPDATE revisions SET signed_by = ?, signed_at = ?, rules_version = ?, billable = ?, infusion_minutes = ?, "
        "date_of_service = ?, sealed = 1, seal = ?, content_digest = ?, content_rest_digest = ? "
        "WHERE visit_id = ? AND number = ?",
        values);
}

// A revision row and its content rows, the row carrying the content's digests (seal format 3); with
// `coding`, also the rows of the coding it would be signed with (kept for signing, seal_revision).
void insert_revision(SqlSession& db, VisitId id, int number, const core::Visit& visit, const Actor& actor,
                     const std::string& reason, const SignedCoding* coding) {
    const RevisionRows content = content_rows(visit);
    insert_revision_row(db, id, number, visit, actor, reason, content_digests(content));
    insert_rows(db, id, number, content);
    if (coding) insert_rows(db, id, number, coding_rows(*coding));
}

// The visit row as a write finds it (signing a draft fills the review queue's row from it).
struct VisitHead {
    std::string status;
    int revision = 0;
    std::int64_t version = 0;
    std::string date_of_service;
    std::string clinician;
    std::int64_t patient = 0;
};

std::optional<VisitHead> head(SqlSession& db, VisitId id) {
    std::optional<VisitHead> out;
    db.query(
        "SELECT status, current_revision, version, date_of_service, clinician, patient_id FROM visits WHERE id = ?",
        {id}, [&](const SqlRow& r) {
            out =
                VisitHead{r.text(0), static_cast<int>(r.integer(1)), r.integer(2), r.text(3), r.text(4), r.integer(5)};
        });
    return out;
}

// Who wrote the visit's current version and when: the signer of a sealed revision, else its author (a
// draft's revision 0 is rewritten by every save, with the saver as author).
struct LastChange {
    std::string by;
    std::string at;
};

LastChange last_change(SqlSession& db, VisitId id) {
    LastChange out;
    db.query(
        "SELECT r.author, r.created_at, r.signed_by, r.signed_at FROM visits v JOIN revisions r "
        "ON r.visit_id = v.id AND r.number = v.current_revision WHERE v.id = ?",
        {id}, [&](const SqlRow& r) {
            if (auto signer = r.opt_text(2)) {
                out = {*signer, r.text(3)};
            } else {
                out = {r.text(0), r.text(1)};
            }
        });
    return out;
}

// A write from a version that is no longer the visit's: refused, naming who wrote since and when (UTC
// here; app/ says it in the clinic's time). Nothing of the refused write is kept.
std::optional<core::Error> stale(SqlSession& db, VisitId id, const VisitHead& h, std::int64_t read_version,
                                 const std::string& where) {
    if (h.version == read_version) return std::nullopt;
    const LastChange change = last_change(db, id);
    const std::string verb = h.status == "draft" ? "changed" : h.status == "amended" ? "amended" : "signed";
    return error("visit " + std::to_string(id) + " was " + verb + " by " +
                     (change.by.empty() ? std::string("someone") : change.by) + " at " + change.at +
                     " after this copy was read (version " + std::to_string(read_version) + ", now " +
                     std::to_string(h.version) + "); nothing was saved: reload",
                 where, core::ErrorKind::conflict);
}

// Inside an open transaction: the visit row, revision 0 and its content, audited.
VisitId insert_draft(VisitWriteScope& w, const core::Visit& visit, const Actor& actor, PatientNaming naming) {
    SqlSession& db = w.db();
    const auto patient_row = upsert_patient(db, visit.patient, naming);
    const auto patient = patient_row.id;
    const auto id = db.value(
        "INSERT INTO visits(patient_id, status, date_of_service, clinician, created_by, created_at, "
        "updated_at) VALUES (?, 'draft', ?, ?, ?, ?, ?) RETURNING id",
        {patient, visit_date(visit), visit.clinician, actor.user, actor.at, actor.at});
    if (!id || !std::holds_alternative<std::int64_t>(*id)) throw std::runtime_error("visit row not written");
    const VisitId visit_id = std::get<std::int64_t>(*id);
    insert_revision(db, visit_id, 0, visit, actor, "", nullptr);
    w.audit("create", visit_id, "draft for patient " + visit.patient.id + renamed_text(visit.patient, patient_row));
    return visit_id;
}

// Inside an open transaction: seals revision 0 of the draft `h` describes, audited.
void seal_draft(VisitWriteScope& w, VisitId id, const VisitHead& h, const SignedCoding& coding, const Actor& actor,
                KeptCoding kept) {
    SqlSession& db = w.db();
    seal_revision(w, id, 0, coding, actor, kept,
                  {"sign", std::to_string(coding.lines.size()) + " lines, rules " + coding.rules_version +
                               (coding.billable ? "" : ", billing held")});
    // The date apart, and only when it differs: an UPDATE naming date_of_service rewrites the entries of
    // the three lists' indexes that hold it even when the value is the same (three more pages written
    // per signature; issue 15). The draft's date is nearly always the derived one already.
    std::string date = h.date_of_service;
    if (coding.date_of_service && core::format_date(*coding.date_of_service) != date) {
        date = core::format_date(*coding.date_of_service);
        db.exec("UPDATE visits SET date_of_service = ? WHERE id = ?", {date, id});
    }
    db.exec(
        "UPDATE visits SET status = 'signed', infusion_minutes = ?, billable = ?, updated_at = ?, "
        "version = version + 1 WHERE id = ?",
        {sql_value(coding.infusion_minutes), std::int64_t{coding.billable ? 1 : 0}, actor.at, id});
    store_revision_flags(db, SignedDraft{id, date, h.clinician, h.patient, coding.infusion_minutes}, *coding.review);
}

}  // namespace

// The MRN is shown in lists and on terminals and sent to billing: never empty, never a control character.
std::optional<core::Error> patient_id_refused(const core::Visit& visit, const std::string& where) {
    if (visit.patient.id.empty()) return core::Error{"a visit needs a patient id before it can be saved", where, {}};
    if (core::has_control_character(visit.patient.id)) {
        return core::Error{"the patient id '" + core::terminal_safe(visit.patient.id) +
                               "' contains control characters; nothing was saved",
                           where,
                           {}};
    }
    // A character that shows as nothing or passes for another (U+202E, a zero-width space, full-width letters):
    // saved, the file made a look-alike patient that then stood in "also on record under" messages, though its
    // visit could never be signed (found from outside).
    if (const auto hidden = core::invisible_or_lookalike(visit.patient.id)) {
        return core::Error{"the patient id '" + core::terminal_safe(visit.patient.id) + "' holds " +
                               core::code_point_name(*hidden) +
                               ", a character that shows as nothing or passes for another: it would be another "
                               "patient. Type the id again; nothing was saved",
                           where,
                           {}};
    }
    return std::nullopt;
}

std::optional<core::Error> amendment_refused(const std::string& reason, const std::string& where) {
    if (reason.empty()) return error("an amendment needs a reason", where, core::ErrorKind::invalid);
    return std::nullopt;
}

// ---- 2. drafts ---------------------------------------------------------------------------------
core::Result<VisitId> create_draft(VisitWriteScope& w, const core::Visit& visit, const Actor& actor,
                                   PatientNaming naming) {
    return insert_draft(w, visit, actor, naming);
}

core::Result<std::int64_t> save_draft(VisitWriteScope& w, VisitId id, std::int64_t read_version,
                                      const core::Visit& visit, const Actor& actor, const SignedCoding* coding,
                                      const std::string& changed) {
    SqlSession& db = w.db();
    const auto h = head(db, id);
    if (!h) return error(no_visit(id), w.where(), core::ErrorKind::not_found);
    // Stale first: a draft signed elsewhere after this copy was read is reported as who signed it.
    if (auto refused = stale(db, id, *h, read_version, w.where())) return *refused;
    if (h->status != "draft") {
        return error("visit " + std::to_string(id) + " is signed: corrections are made with an amendment", w.where(),
                     core::ErrorKind::conflict);
    }
    // What the save changed, as the caller names it (app::changed_parts); and who performed the visit, said
    // with both names: it decides who signs.
    std::string detail = "draft saved";
    if (!changed.empty()) detail += "; changed: " + changed;
    db.query("SELECT clinician FROM visits WHERE id = ?", {id}, [&](const SqlRow& r) {
        if (r.text(0) != visit.clinician) {
            detail += "; clinician " + (r.text(0).empty() ? std::string("(none)") : r.text(0)) + " -> " +
                      (visit.clinician.empty() ? std::string("(none)") : visit.clinician);
        }
    });
    // A draft keeps the name on record: a draft begun before the patient's name changed would change it back.
    const auto patient = upsert_patient(db, visit.patient, PatientNaming::keep_record).id;
    delete_content(db, id, 0);
    db.exec("DELETE FROM revisions WHERE visit_id = ? AND number = 0", {id});
    insert_revision(db, id, 0, visit, actor, "", coding);
    db.exec(
        "UPDATE visits SET patient_id = ?, date_of_service = ?, clinician = ?, updated_at = ?, "
        "version = version + 1 WHERE id = ?",
        {patient, visit_date(visit), visit.clinician, actor.at, id});
    w.audit("change", id, detail);
    return h->version + 1;
}

core::Result<std::vector<VisitId>> create_many(VisitWriteScope& w, const std::vector<VisitStore::NewVisit>& visits,
                                               const Actor& actor, std::size_t& index) {
    std::vector<VisitId> ids;
    ids.reserve(visits.size());
    for (index = 0; index < visits.size(); ++index) {
        const auto& item = visits[index];
        if (auto refused = patient_id_refused(item.visit, w.where())) {
            // A batch of one (an imported file) is not spoken of as a batch: "nothing of the batch was saved"
            // read as if the other files of the import were lost (found from outside).
            if (visits.size() == 1)
                return error("patient.id: " + refused->message, w.where(), core::ErrorKind::invalid);
            return error("visit " + std::to_string(index + 1) + " of the batch: " + refused->message +
                             "; nothing of the batch was saved",
                         w.where(), core::ErrorKind::invalid);
        }
        const VisitId id = insert_draft(w, item.visit, item.created_as ? *item.created_as : actor, item.naming);
        if (item.sign) {
            if (auto outdated = counted_outdated(w.db(), id, *item.sign, w.where())) return *outdated;
            seal_draft(w, id, head(w.db(), id).value(), *item.sign, item.signed_as ? *item.signed_as : actor,
                       KeptCoding::none);
        }
        ids.push_back(id);
    }
    if (ids.empty()) w.no_audit_row("an empty batch changes nothing");
    return ids;
}

core::Result<std::vector<VisitId>> batch_failure(core::Result<std::vector<VisitId>> saved, const std::string& what,
                                                 std::size_t index, std::size_t size) {
    // Which visit of the batch the database failed on, for the message.
    if (!saved && saved.error().kind != core::ErrorKind::invalid && saved.error().kind != core::ErrorKind::refused &&
        index < size) {
        core::Error e = saved.error();
        if (e.message.rfind(what, 0) == 0) {
            e.message = "cannot save visit " + std::to_string(index + 1) + " of the batch (nothing was saved)" +
                        e.message.substr(what.size());
        }
        return e;
    }
    return saved;
}

core::Status discard_draft(VisitWriteScope& w, VisitId id) {
    SqlSession& db = w.db();
    const auto h = head(db, id);
    if (!h) return error(no_visit(id), w.where(), core::ErrorKind::not_found);
    if (h->status != "draft") return error("a signed visit is never deleted", w.where(), core::ErrorKind::conflict);
    delete_content(db, id, 0);
    for (const char* sql : {"DELETE FROM revisions WHERE visit_id = ?", "DELETE FROM visits WHERE id = ?"}) {
        db.exec(sql, {id});
    }
    w.audit("discard", id, "draft discarded");
    return core::Done{};
}

// ---- 3. signing and amending -------------------------------------------------------------------
core::Status sign_draft(VisitWriteScope& w, VisitId id, std::int64_t read_version, const SignedCoding& coding,
                        const Actor& actor) {
    const auto h = head(w.db(), id);
    if (!h) return error(no_visit(id), w.where(), core::ErrorKind::not_found);
    // What was read is what is signed: a draft saved elsewhere since is never signed unseen.
    if (auto refused = stale(w.db(), id, *h, read_version, w.where())) return *refused;
    if (h->status != "draft") {
        return error("visit " + std::to_string(id) + " is already signed", w.where(), core::ErrorKind::conflict);
    }
    if (auto outdated = counted_outdated(w.db(), id, coding, w.where())) return *outdated;
    seal_draft(w, id, *h, coding, actor, KeptCoding::maybe);
    return core::Done{};
}

core::Result<int> amend(VisitWriteScope& w, VisitId id, std::int64_t read_version, const core::Visit& corrected,
                        const std::string& reason, const SignedCoding& coding, const Actor& actor) {
    SqlSession& db = w.db();
    const auto h = head(db, id);
    if (!h) return error(no_visit(id), w.where(), core::ErrorKind::not_found);
    if (h->status == "draft") {
        return error("visit " + std::to_string(id) + " is a draft: edit it and sign it", w.where(),
                     core::ErrorKind::conflict);
    }
    if (auto refused = stale(db, id, *h, read_version, w.where())) return *refused;
    if (auto outdated = counted_outdated(db, id, coding, w.where())) return *outdated;
    const int number = h->revision + 1;
    insert_revision(db, id, number, corrected, actor, reason, nullptr);
    seal_revision(w, id, number, coding, actor, KeptCoding::none,
                  {"amend", "amendment " + std::to_string(number) + ": " + reason +
                                (coding.changed.empty() ? "" : "; changed: " + coding.changed)});
    const auto date = coding.date_of_service ? core::format_date(*coding.date_of_service) : visit_date(corrected);
    db.exec(
        "UPDATE visits SET status = 'amended', current_revision = ?, date_of_service = ?, "
        "clinician = ?, infusion_minutes = ?, billable = ?, updated_at = ?, version = version + 1 WHERE id = ?",
        {std::int64_t{number}, date, corrected.clinician, sql_value(coding.infusion_minutes),
         std::int64_t{coding.billable ? 1 : 0}, actor.at, id});
    store_revision_flags(db, id, number, *coding.review);
    return number;
}

// ---- 4. reading --------------------------------------------------------------------------------
core::Result<StoredVisit> load_visit(SqlSession& db, VisitId id, const std::string& where) {
    StoredVisit out;
    bool found = false;
    db.query("SELECT status, created_by, created_at, updated_at, version FROM visits WHERE id = ?", {id},
             [&](const SqlRow& r) {
                 found = true;
                 out.id = id;
                 out.status = visit_status_from_string(r.text(0)).value_or(VisitStatus::draft);
                 out.created_by = r.text(1);
                 out.created_at = r.text(2);
                 out.updated_at = r.text(3);
                 out.version = r.integer(4);
             });
    if (!found) return error(no_visit(id), where, core::ErrorKind::not_found);
    const LastChange change = last_change(db, id);
    out.changed_by = change.by;
    out.changed_at = change.at;
    // Up to the visit's current revision: a revision after it was never made current by the program (an
    // amendment moves the visit in the transaction that seals it), so it is a leftover written behind its
    // back. Found from outside: the visit screen showed such a row as "Amendment 1 signed by  at", and
    // "Add amendment" started from its (empty) content. db check names it.
    db.query(
        "SELECT number, author, created_at, reason, sealed, signed_by, signed_at FROM revisions "
        "WHERE visit_id = ? AND number <= (SELECT current_revision FROM visits WHERE id = ?) ORDER BY number",
        {id, id}, [&](const SqlRow& s) {
            Revision r;
            r.number = static_cast<int>(s.integer(0));
            r.author = s.text(1);
            r.created_at = s.text(2);
            r.reason = s.text(3);
            r.sealed = s.integer(4) != 0;
            r.signed_by = s.text(5);
            r.signed_at = s.text(6);
            out.revisions.push_back(std::move(r));
        });
    if (out.revisions.empty()) {
        return error("visit " + std::to_string(id) + " has no content", where, core::ErrorKind::corrupt);
    }
    for (auto& r : out.revisions) {
        r.content = read_content(db, id, r.number);
        if (r.sealed) r.coding = read_coding(db, id, r.number);
    }
    return out;
}

VisitPage list_visits(SqlSession& db, const VisitFilter& filter) {
    KeysetList list(visit_summary_select() + "FROM visits v JOIN patients p ON p.id = v.patient_id WHERE TRUE");
    if (filter.patient_id) {
        list.where("v.patient_id = (SELECT id FROM patients WHERE mrn = :patient)")
            .bind(":patient", *filter.patient_id);
    }
    if (filter.status) {
        list.where("v.status = :status").bind(":status", to_string(*filter.status));
        // Drafts and amended visits are read through visits_unsigned (schema 16); signed ones through the
        // date, patient or clinician.
        if (*filter.status != VisitStatus::signed_) list.where(unsigned_indexed_sql);
    }
    if (filter.signed_only) list.where("v.status <> 'draft'");
    if (filter.clinician) list.where("v.clinician = :clinician").bind(":clinician", *filter.clinician);
    if (filter.from) list.where("v.date_of_service >= :from").bind(":from", core::format_date(*filter.from));
    if (filter.to) {
        list.where("v.date_of_service <= :to AND v.date_of_service <> ''").bind(":to", core::format_date(*filter.to));
    }
    list.key({"v.date_of_service", "v.id"}).after(visit_key(filter.after)).limit(filter.limit, 10'000);
    VisitPage page;
    if (list.read_page(db, page.rows, read_summary)) page.next = visit_cursor(page.rows.back());
    return page;
}

std::vector<PatientSummary> find_patients(SqlSession& db, const std::string& text, int limit) {
    // Ids and names containing the text, ignoring case, ids that begin with it first: "589394" finds
    // MRN-589394 (it found nothing: only a prefix of the id was matched). The patients table is small
    // next to visits (one row per person), and a name was searched anywhere in it already. The id typed
    // whole comes first of all, then the same id in other letters' case: "MRN-1" is one of many ids that
    // begin with it, and a new visit under a known id is checked against the name on record
    // (app/patient_names.hpp).
    const auto escape = [](const std::string& raw) {
        std::string out;
        for (char c : raw) {
            if (c == '%' || c == '_' || c == '\\') out += '\\';
            out += c;
        }
        return out;
    };
    // Each word of the text (blanks and commas apart) in the id or the name, in any order: "zoe nunez" and
    // "nunez zoe" find "Nuñez, Zoë" (found from outside: without the comma they found no one, and the screen
    // offered a new patient). A name's words also without their accents: "Novak" finds "Novák", "Nguyen"
    // finds "Nguyễn" (core/search_fold.hpp).
    std::vector<std::string> words;
    std::string word;
    for (const char c : text + " ") {
        if (c == ' ' || c == ',' || c == '\t') {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (words.empty()) words.push_back(text);
    const std::string like = db.like_ignoring_case();
    std::string where;
    std::vector<SqlValue> values;
    for (const auto& w : words) {
        where += std::string(where.empty() ? "" : " AND ") + "(p.mrn " + like + " ? ESCAPE '\\' OR " +
                 db.folded_for_search("p.name") + " " + like + " ? ESCAPE '\\')";
        values.emplace_back("%" + escape(w) + "%");
        values.emplace_back("%" + escape(core::search_fold(w)) + "%");
    }
    for (SqlValue v :
         {SqlValue(text), SqlValue(text), SqlValue(escape(text) + "%"), SqlValue(std::int64_t{std::max(1, limit)})}) {
        values.push_back(std::move(v));
    }
    std::vector<PatientSummary> out;
    db.query(
        "SELECT p.mrn, p.name, p.birth_date, p.allergies, "
        "(SELECT max(v.date_of_service) FROM visits v WHERE v.patient_id = p.id) "
        "FROM patients p WHERE " +
            where + " ORDER BY (p.mrn = ?) DESC, (lower(p.mrn) = lower(?)) DESC, (p.mrn " + like +
            " ? ESCAPE '\\') DESC, p.name" + db.byte_order() + " LIMIT ?",
        values, [&](const SqlRow& s) {
            PatientSummary p;
            p.patient_id = s.text(0);
            p.name = s.text(1);
            if (auto d = s.opt_text(2)) p.birth_date = core::parse_date(*d);
            p.allergies = s.text(3);
            if (auto d = s.opt_text(4)) p.last_visit = core::parse_date(*d);
            out.push_back(std::move(p));
        });
    return out;
}

}  // namespace infusion::storage::detail
