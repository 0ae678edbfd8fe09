// The review record: site-care notes, countersignatures, correction requests and the review state.
// Sections: 1. helpers  2. the review state  3. writes (reading the record: sqlite_review_record.cpp)
// Every write is one IMMEDIATE transaction with its audit row and the visit's refreshed review state,
// so the queue never shows a visit in a state its record does not support.
#include "storage/sqlite_review_store.hpp"

#include "storage/audit_chain.hpp"
#include "storage/review_flag_rows.hpp"
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

}  // namespace

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

// ---- 2. the review state ------------------------------------------------------------------------
// Countersigning and correction requests change a visit's state; its queue row is rebuilt whole from the
// stored revision flags (review_flag_rows.cpp, rebuild_review_row): one way of writing it.
core::Result<std::int64_t> SqliteReviewStore::apply_review_settings(const core::ReviewSettings& settings,
                                                                    const Actor& actor) {
    const std::string what = "cannot re-flag the review queue for a long-infusion threshold of " +
                             std::to_string(settings.long_infusion_minutes) + " minutes";
    try {
        // The usual case, read-only databases included: the queue follows the clinic's threshold already.
        if (queue_review_settings(m_db).long_infusion_minutes == settings.long_infusion_minutes) return 0;
    } catch (const std::exception& e) {
        return sqlite_error(what, e, m_file);
    }
    return write(what, actor, [&](WriteScope& w) -> core::Result<std::int64_t> {
        const int before = queue_review_settings(m_db).long_infusion_minutes;
        if (before == settings.long_infusion_minutes) {
            w.no_audit_row("another workstation re-flagged the queue meanwhile: nothing changed");
            return 0;
        }
        const std::int64_t changed = apply_queue_review_settings(m_db, settings);
        w.audit("review-threshold", std::nullopt,
                "long-infusion threshold " + std::to_string(before) + " -> " +
                    std::to_string(settings.long_infusion_minutes) + " minutes: " + std::to_string(changed) +
                    " visit(s) re-flagged");
        return changed;
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
        rebuild_review_row(m_db, id);
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
        rebuild_review_row(m_db, id);
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
            rebuild_review_row(m_db, id);
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
