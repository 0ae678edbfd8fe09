// The review record: site-care notes, countersignatures, correction requests and the review state.
// Sections: 1. helpers  2. the review state  3. writes (reading the record: sqlite_review_record.cpp)
// Every write is one IMMEDIATE transaction with its audit row and the visit's refreshed review state,
// so the queue never shows a visit in a state its record does not support.
#include "storage/sqlite_review_store.hpp"

#include "storage/audit_chain.hpp"
#include "storage/seal.hpp"

#include <algorithm>

namespace infusion::storage::detail {
namespace {

// ---- 1. helpers ---------------------------------------------------------------------------------
struct VisitHead {
    std::string status;
    int revision = 0;
};

std::optional<VisitHead> head(Connection& db, VisitId id) {
    auto s_use = db.prepare("SELECT status, current_revision FROM visits WHERE id = ?");
    SQLite::Statement& s = *s_use;
    s.bind(1, id);
    if (!s.executeStep()) return std::nullopt;
    return VisitHead{s.getColumn(0).getString(), s.getColumn(1).getInt()};
}

std::string visit_text(VisitId id) { return "visit " + std::to_string(id); }

// The conditions in the order of site_conditions, so equal notes store equal text; nullopt when a
// word is unknown.
std::optional<std::string> conditions_text(const std::vector<std::string>& words) {
    std::string out;
    for (std::string_view known : site_conditions) {
        if (std::find(words.begin(), words.end(), known) == words.end()) continue;
        out += (out.empty() ? "" : ",") + std::string(known);
    }
    for (const auto& w : words) {
        if (std::find(site_conditions.begin(), site_conditions.end(), w) == site_conditions.end()) {
            return std::nullopt;
        }
    }
    return out;
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// ---- 2. the review state ------------------------------------------------------------------------
// The same flags as migration 4's trigger and backfill (schema.cpp), with the long-infusion threshold as
// a parameter; the priority is review_state's generated column. review_store_test checks the three agree.
constexpr const char* refresh_sql = R"SQL(
INSERT INTO review_state(visit_id, date_of_service, clinician, patient_id, flags, state)
SELECT id, date_of_service, clinician, patient_id, flags, state
FROM (SELECT v.id, v.date_of_service, v.clinician, v.patient_id,
  EXISTS (SELECT 1 FROM notes n WHERE n.visit_id = v.id AND n.revision = v.current_revision
          AND n.kind IN ('reaction', 'site-condition'))
  + coalesce((SELECT 2 * max(s.aspiration IS 'blood')
      + 4 * max(s.aspiration IS NOT 'blood' AND coalesce(s.aspiration, 'not-checked') = 'not-checked')
      + 8 * max(s.aspiration IS NOT 'blood' AND s.prepped IS NOT 1)
      + 16 * max(s.aspiration IS NOT 'blood' AND s.secured IS NOT 1)
      FROM sites s WHERE s.visit_id = v.id AND s.revision = v.current_revision), 0)
  + 32 * (coalesce(r.infusion_minutes, 0) > :long) + 64 * (r.billable IS 0) AS flags,
  CASE WHEN EXISTS (SELECT 1 FROM correction_requests c WHERE c.visit_id = v.id AND c.resolved_revision IS NULL)
       THEN 'correction'
       WHEN EXISTS (SELECT 1 FROM countersignatures cs WHERE cs.visit_id = v.id) THEN 'countersigned'
       ELSE 'pending' END AS state
  FROM visits v JOIN revisions r ON r.visit_id = v.id AND r.number = v.current_revision
  WHERE v.id = :id AND v.status <> 'draft')
WHERE 1
ON CONFLICT(visit_id) DO UPDATE SET date_of_service = excluded.date_of_service, clinician = excluded.clinician,
  patient_id = excluded.patient_id, flags = excluded.flags, state = excluded.state
)SQL";

// Countersigning and correction requests change the state only: the flags keep the threshold they
// were computed with.
void refresh_state(Connection& db, VisitId id) {
    auto s_use = db.prepare(
        "UPDATE review_state SET state = CASE WHEN EXISTS (SELECT 1 FROM correction_requests c WHERE "
        "c.visit_id = review_state.visit_id AND c.resolved_revision IS NULL) THEN 'correction' WHEN EXISTS "
        "(SELECT 1 FROM countersignatures cs WHERE cs.visit_id = review_state.visit_id) THEN 'countersigned' "
        "ELSE 'pending' END WHERE visit_id = ?");
    SQLite::Statement& s = *s_use;
    s.bind(1, id);
    if (s.exec() == 0) refresh_review_row(db, id, default_long_infusion_minutes);
}

}  // namespace

void refresh_review_row(Connection& db, VisitId id, int long_infusion_minutes) {
    auto s_use = db.prepare(refresh_sql);
    SQLite::Statement& s = *s_use;
    s.bind(":id", id);
    s.bind(":long", long_infusion_minutes);
    s.exec();
}

std::vector<std::string> split_conditions(const std::string& text) {
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

core::Status SqliteReviewStore::refresh_review_state(VisitId id, int long_infusion_minutes) {
    return write("cannot refresh the review state of " + visit_text(id), Actor{}, [&](WriteScope& w) -> core::Status {
        refresh_review_row(m_db, id, long_infusion_minutes);
        w.no_audit_row("review_state is a cache of the sealed record; its change is the signing's");
        return core::Done{};
    });
}

// ---- 3. writes ----------------------------------------------------------------------------------
core::Result<std::int64_t> SqliteReviewStore::add_site_care_note(VisitId id, const NewSiteCareNote& note,
                                                                 const Actor& actor) {
    const std::string what = "cannot add the site-care note";
    if (note.grade < 0 || note.grade > 3) return core::Error{what + ": the grade is 0 (none) to 3 (severe)", "", {}};
    const auto conditions = conditions_text(note.conditions);
    if (!conditions) {
        return core::Error{what + ": conditions are redness, swelling, induration, itching, pain or leaking", "", {}};
    }
    return write(what, actor, [&](WriteScope& w) -> core::Result<std::int64_t> {
        const auto h = head(m_db, id);
        if (!h) return not_found(what + ": there is no " + visit_text(id));
        if (h->status == "draft") {
            return core::Error{what + ": " + visit_text(id) + " is a draft; follow-up notes go on signed visits",
                               "",
                               {},
                               core::ErrorKind::conflict};
        }
        auto s_use = m_db.prepare(
            "INSERT INTO site_care_notes(id, visit_id, author, at, location, conditions, grade, text, seal) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        SQLite::Statement& s = *s_use;
        // The id is chosen here, not by SQLite, so the seal (which covers it) goes in with the row.
        const std::int64_t note_id =
            m_db.raw().execAndGet("SELECT coalesce(max(id), 0) + 1 FROM site_care_notes").getInt64();
        const std::string seal =
            site_care_note_seal({note_id, id, actor.user, actor.at, note.location, *conditions, note.grade, note.text});
        s.bind(1, note_id), s.bind(2, id), s.bind(3, actor.user), s.bind(4, actor.at), s.bind(5, note.location);
        s.bind(6, *conditions), s.bind(7, note.grade), s.bind(8, note.text), s.bind(9, seal);
        s.exec();
        // The note's text stays out of the audit log, which can never be edited; where and how bad is enough.
        w.sealed_audit("site-care-note", id,
                       "site-care note " + std::to_string(note_id) + ": " +
                           (note.location.empty() ? std::string("whole visit") : note.location) + ", grade " +
                           std::to_string(note.grade) + (conditions->empty() ? "" : " (" + *conditions + ")"),
                       site_care_note_subject(note_id), seal);
        return note_id;
    });
}

core::Result<Countersignature> SqliteReviewStore::countersign(VisitId id, const std::string& comment,
                                                              const Actor& actor) {
    const std::string what = "cannot countersign " + visit_text(id);
    return write(what, actor, [&](WriteScope& w) -> core::Result<Countersignature> {
        const auto h = head(m_db, id);
        if (!h) return not_found(what + ": there is no such visit");
        if (h->status == "draft")
            return core::Error{what + ": it is a draft, not signed yet", "", {}, core::ErrorKind::conflict};
        auto done = countersignature(id);
        if (!done) return done.error();
        if (done.value()) {
            return core::Error{what + ": it was countersigned by " + done.value()->supervisor + " at " +
                                   done.value()->at + " (once per visit)",
                               "",
                               {},
                               core::ErrorKind::conflict};
        }
        auto requests = corrections(id);
        if (!requests) return requests.error();
        for (const auto& request : requests.value()) {
            if (request.open()) {
                return core::Error{what + ": a correction requested by " + request.requested_by +
                                       " is still open; it is countersigned after the nurse's amendment",
                                   "",
                                   {},
                                   core::ErrorKind::conflict};
            }
        }
        Countersignature out{id, h->revision, actor.user, actor.at, trimmed(comment)};
        auto s_use = m_db.prepare(
            "INSERT INTO countersignatures(visit_id, revision, supervisor, at, comment, seal) "
            "VALUES (?, ?, ?, ?, ?, ?)");
        SQLite::Statement& s = *s_use;
        const std::string seal = countersignature_seal({id, out.revision, out.supervisor, out.at, out.comment});
        s.bind(1, id), s.bind(2, out.revision), s.bind(3, out.supervisor), s.bind(4, out.at), s.bind(5, out.comment);
        s.bind(6, seal);
        s.exec();
        refresh_state(m_db, id);
        w.sealed_audit("countersign", id, "countersigned revision " + std::to_string(out.revision),
                       countersignature_subject(id), seal);
        return out;
    });
}

core::Result<std::int64_t> SqliteReviewStore::request_correction(VisitId id, const std::string& reason,
                                                                 const Actor& actor) {
    const std::string what = "cannot request a correction of " + visit_text(id);
    const std::string why = trimmed(reason);
    if (why.empty()) return core::Error{what + ": say what needs correcting (the reason is required)", "", {}};
    return write(what, actor, [&](WriteScope& w) -> core::Result<std::int64_t> {
        const auto h = head(m_db, id);
        if (!h) return not_found(what + ": there is no such visit");
        if (h->status == "draft")
            return core::Error{
                what + ": it is a draft; its nurse is still editing it", "", {}, core::ErrorKind::conflict};
        // A countersignature vouches for the record; a later correction is the nurse's own amendment.
        auto done = countersignature(id);
        if (!done) return done.error();
        if (done.value()) return core::Error{what + ": it is countersigned already", "", {}, core::ErrorKind::conflict};
        auto s_use = m_db.prepare(
            "INSERT INTO correction_requests(visit_id, revision, requested_by, at, reason) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id");
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, h->revision), s.bind(3, actor.user), s.bind(4, actor.at), s.bind(5, why);
        s.executeStep();
        const std::int64_t request_id = s.getColumn(0).getInt64();
        s.reset();
        refresh_state(m_db, id);
        w.audit("correction-request", id,
                "correction request " + std::to_string(request_id) + " on revision " + std::to_string(h->revision) +
                    ": " + why);
        return request_id;
    });
}

core::Result<int> SqliteReviewStore::resolve_corrections(VisitId id, int revision, const Actor& actor) {
    const std::string what = "cannot resolve the correction requests of " + visit_text(id);
    return write(what, actor, [&](WriteScope& w) -> core::Result<int> {
        const auto h = head(m_db, id);
        if (!h) return not_found(what + ": there is no such visit");
        if (h->status == "draft" || revision > h->revision) {
            return core::Error{
                what + ": it has no signed revision " + std::to_string(revision), "", {}, core::ErrorKind::conflict};
        }
        auto s_use = m_db.prepare(
            "UPDATE correction_requests SET resolved_revision = :revision, resolved_at = :at "
            "WHERE visit_id = :id AND resolved_revision IS NULL AND revision < :revision");
        SQLite::Statement& s = *s_use;
        s.bind(":revision", revision), s.bind(":at", actor.at), s.bind(":id", id);
        const int resolved = s.exec();
        if (resolved > 0) {
            refresh_state(m_db, id);
            w.audit(
                "correction-resolved", id,
                std::to_string(resolved) + " correction request(s) answered by revision " + std::to_string(revision));
        } else {
            w.no_audit_row("no open request was answered: nothing changed");
        }
        return resolved;
    });
}

}  // namespace infusion::storage::detail
