// The review record on either backend (review_writes.hpp): site-care notes, countersignatures,
// correction requests and the review state. Sections: 1. helpers  2. reading the record  3. the review
// state  4. writes
// Every write runs inside the backend's one write transaction with its audit row and the visit's
// refreshed review state, so the queue never shows a visit in a state its record does not support.
#include "storage/review_writes.hpp"

#include "storage/review_flag_rows.hpp"
#include "storage/seal.hpp"

#include <algorithm>

namespace infusion::storage {

const char* to_string(ReviewState state) {
    switch (state) {
        case ReviewState::pending: return "pending";
        case ReviewState::countersigned: return "countersigned";
        case ReviewState::correction: return "correction";
    }
    return "pending";
}

std::optional<ReviewState> review_state_from_string(std::string_view text) {
    for (ReviewState s : {ReviewState::pending, ReviewState::countersigned, ReviewState::correction}) {
        if (text == to_string(s)) return s;
    }
    return std::nullopt;
}

}  // namespace infusion::storage

namespace infusion::storage::detail {
namespace {

// ---- 1. helpers ---------------------------------------------------------------------------------
struct VisitHead {
    std::string status;
    int revision = 0;
};

std::optional<VisitHead> head(SqlSession& db, VisitId id) {
    std::optional<VisitHead> out;
    db.query("SELECT status, current_revision FROM visits WHERE id = ?", {id}, [&](const SqlRow& r) {
        out = VisitHead{r.text(0), static_cast<int>(r.integer(1))};
    });
    return out;
}

std::string visit_text(VisitId id) { return "visit " + std::to_string(id); }

core::Error refusal(const std::string& message, core::ErrorKind kind = core::ErrorKind::invalid) {
    return core::Error{message, "", {}, kind};
}

core::Error not_found(const ReviewWriteScope& w, const std::string& message) {
    return core::Error{message, w.where(), {}, core::ErrorKind::not_found};
}

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

// The next id of a review table: chosen here, not by the database, so a seal covering it goes in with
// the row, and both backends number alike. The write's lock makes it the writer's alone.
std::int64_t next_id(SqlSession& db, const char* table) {
    const auto value = db.value(std::string("SELECT coalesce(max(id), 0) + 1 FROM ") + table, {});
    return value && std::holds_alternative<std::int64_t>(*value) ? std::get<std::int64_t>(*value) : 1;
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

// ---- 2. reading the record ----------------------------------------------------------------------
std::vector<SiteCareNote> site_care_notes(SqlSession& db, VisitId id) {
    std::vector<SiteCareNote> out;
    db.query(
        "SELECT id, author, at, location, conditions, grade, text FROM site_care_notes WHERE visit_id = ? ORDER BY id",
        {id}, [&](const SqlRow& r) {
            out.push_back(SiteCareNote{r.integer(0), id, r.text(1), r.text(2), r.text(3), split_conditions(r.text(4)),
                                       static_cast<int>(r.integer(5)), r.text(6)});
        });
    return out;
}

std::vector<Countersignature> countersignatures(SqlSession& db, VisitId id) {
    std::vector<Countersignature> out;
    db.query("SELECT revision, supervisor, at, comment FROM countersignatures WHERE visit_id = ? ORDER BY revision",
             {id}, [&](const SqlRow& r) {
                 out.push_back(Countersignature{id, static_cast<int>(r.integer(0)), r.text(1), r.text(2), r.text(3)});
             });
    return out;
}

namespace {

// The countersignature that vouches for what the visit says now, if any: one of an earlier revision vouches
// for what an amendment has since replaced.
const Countersignature* of_current_revision(const std::vector<Countersignature>& all, int current) {
    return !all.empty() && all.back().revision == current ? &all.back() : nullptr;
}

}  // namespace

std::vector<CorrectionRequest> corrections(SqlSession& db, VisitId id) {
    std::vector<CorrectionRequest> out;
    db.query(
        "SELECT id, revision, requested_by, at, reason, resolved_revision, resolved_at FROM correction_requests "
        "WHERE visit_id = ? ORDER BY id",
        {id}, [&](const SqlRow& r) {
            out.push_back(CorrectionRequest{r.integer(0), id, static_cast<int>(r.integer(1)), r.text(2), r.text(3),
                                            r.text(4), r.opt_int(5), r.opt_text(6).value_or("")});
        });
    return out;
}

// ---- 3. the review state ------------------------------------------------------------------------
// Countersigning and correction requests change a visit's state; its queue row is rebuilt whole from the
// stored revision flags (review_flag_rows.cpp, rebuild_review_row): one way of writing it.
std::string threshold_what(const core::ReviewSettings& settings) {
    return "cannot re-flag the review queue for a long-infusion threshold of " +
           std::to_string(settings.long_infusion_minutes) + " minutes";
}

core::Result<std::int64_t> apply_review_settings(ReviewWriteScope& w, const core::ReviewSettings& settings) {
    const int before = queue_review_settings(w.db()).long_infusion_minutes;
    if (before == settings.long_infusion_minutes) {
        w.no_audit_row("another workstation re-flagged the queue meanwhile: nothing changed");
        return std::int64_t{0};
    }
    const std::int64_t changed = apply_queue_review_settings(w.db(), settings);
    w.audit("review-threshold", std::nullopt,
            "long-infusion threshold " + std::to_string(before) + " -> " +
                std::to_string(settings.long_infusion_minutes) + " minutes: " + std::to_string(changed) +
                " visit(s) re-flagged");
    return changed;
}

// ---- 4. writes ----------------------------------------------------------------------------------
std::optional<core::Error> site_care_note_refused(const NewSiteCareNote& note) {
    const std::string what = site_care_note_what;
    if (note.grade < 0 || note.grade > 3) return refusal(what + ": the grade is 0 (none) to 3 (severe)");
    if (!conditions_text(note.conditions)) {
        return refusal(what + ": conditions are redness, swelling, induration, itching, pain or leaking");
    }
    return std::nullopt;
}

core::Result<std::int64_t> add_site_care_note(ReviewWriteScope& w, VisitId id, const NewSiteCareNote& note,
                                              const Actor& actor) {
    const std::string what = site_care_note_what;
    if (auto refused = site_care_note_refused(note)) return *refused;
    const std::string conditions = conditions_text(note.conditions).value_or("");
    const auto h = head(w.db(), id);
    if (!h) return not_found(w, what + ": there is no " + visit_text(id));
    if (h->status == "draft") {
        return refusal(what + ": " + visit_text(id) + " is a draft; follow-up notes go on signed visits",
                       core::ErrorKind::conflict);
    }
    const std::int64_t note_id = next_id(w.db(), "site_care_notes");
    const std::string seal =
        site_care_note_seal({note_id, id, actor.user, actor.at, note.location, conditions, note.grade, note.text});
    // The note's text stays out of the audit log, which can never be edited; where and how bad is enough.
    // The audit row first: schema 18 accepts a note only when the chain records its seal.
    w.audit("site-care-note", id,
            "site-care note " + std::to_string(note_id) + ": " +
                (note.location.empty() ? std::string("whole visit") : note.location) + ", grade " +
                std::to_string(note.grade) + (conditions.empty() ? "" : " (" + conditions + ")"),
            site_care_note_subject(note_id), seal);
    w.db().exec(
        "INSERT INTO site_care_notes(id, visit_id, author, at, location, conditions, grade, text, seal) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {note_id, id, actor.user, actor.at, note.location, conditions, std::int64_t{note.grade}, note.text, seal});
    return note_id;
}

std::string countersign_what(VisitId id) { return "cannot countersign " + visit_text(id); }

core::Result<Countersignature> countersign(ReviewWriteScope& w, VisitId id, const std::string& comment,
                                           const Actor& actor) {
    const std::string what = countersign_what(id);
    const auto h = head(w.db(), id);
    if (!h) return not_found(w, what + ": there is no such visit");
    if (h->status == "draft") return refusal(what + ": it is a draft, not signed yet", core::ErrorKind::conflict);
    const auto earlier = countersignatures(w.db(), id);
    if (const auto* current = of_current_revision(earlier, h->revision)) {
        const auto& done = *current;
        return refusal(what + ": it was countersigned by " + done.supervisor + " at " + done.at +
                           " (once per revision; an amendment brings it back for review)",
                       core::ErrorKind::conflict);
    }
    for (const auto& request : corrections(w.db(), id)) {
        if (request.open()) {
            return refusal(what + ": a correction requested by " + request.requested_by +
                               " is still open; it is countersigned after the nurse's amendment",
                           core::ErrorKind::conflict);
        }
    }
    Countersignature out{id, h->revision, actor.user, actor.at, trimmed(comment)};
    const std::string seal = countersignature_seal({id, out.revision, out.supervisor, out.at, out.comment});
    // The audit row first: schema 18 accepts a countersignature only when the chain records its seal.
    w.audit("countersign", id, "countersigned revision " + std::to_string(out.revision),
            countersignature_subject(id, out.revision, earlier.empty()), seal);
    w.db().exec(
        "INSERT INTO countersignatures(visit_id, revision, supervisor, at, comment, seal) VALUES (?, ?, ?, ?, ?, ?)",
        {id, std::int64_t{out.revision}, out.supervisor, out.at, out.comment, seal});
    rebuild_review_row(w.db(), id);
    return out;
}

std::string correction_what(VisitId id) { return "cannot request a correction of " + visit_text(id); }

std::optional<core::Error> correction_refused(VisitId id, const std::string& reason) {
    if (!trimmed(reason).empty()) return std::nullopt;
    return refusal(correction_what(id) + ": say what needs correcting (the reason is required)");
}

namespace {

bool has_open_correction(SqlSession& db, VisitId id) {
    bool open = false;
    db.query("SELECT 1 FROM correction_requests WHERE visit_id = ? AND resolved_revision IS NULL", {id},
             [&](const SqlRow&) { open = true; });
    return open;
}

}  // namespace

core::Result<std::int64_t> request_correction(ReviewWriteScope& w, VisitId id, const std::string& reason,
                                              const Actor& actor, CorrectionAsker asker) {
    const std::string what = correction_what(id);
    if (auto refused = correction_refused(id, reason)) return *refused;
    const std::string why = trimmed(reason);
    const auto h = head(w.db(), id);
    if (!h) return not_found(w, what + ": there is no such visit");
    if (h->status == "draft")
        return refusal(what + ": it is a draft; its nurse is still editing it", core::ErrorKind::conflict);
    if (asker == CorrectionAsker::program) {
        // The amendment that answers the open request codes the visit again too: one is enough.
        if (has_open_correction(w.db(), id)) {
            w.no_audit_row("a correction request is open already: its amendment codes the visit again");
            return std::int64_t{0};
        }
    } else if (of_current_revision(countersignatures(w.db(), id), h->revision) != nullptr) {
        // A countersignature vouches for the record; a later correction is the nurse's own amendment.
        return refusal(what + ": its revision " + std::to_string(h->revision) + " is countersigned already",
                       core::ErrorKind::conflict);
    }
    const std::int64_t request_id = next_id(w.db(), "correction_requests");
    // The audit row first: schema 19 records a request only with it.
    w.audit("correction-request", id,
            "correction request " + std::to_string(request_id) + " on revision " + std::to_string(h->revision) + ": " +
                why);
    w.db().exec(
        "INSERT INTO correction_requests(id, visit_id, revision, requested_by, at, reason) VALUES (?, ?, ?, ?, ?, ?)",
        {request_id, id, std::int64_t{h->revision}, actor.user, actor.at, why});
    rebuild_review_row(w.db(), id);
    return request_id;
}

std::string resolve_what(VisitId id) { return "cannot resolve the correction requests of " + visit_text(id); }

core::Result<int> resolve_corrections(ReviewWriteScope& w, VisitId id, int revision, const Actor& actor) {
    const std::string what = resolve_what(id);
    const auto h = head(w.db(), id);
    if (!h) return not_found(w, what + ": there is no such visit");
    if (h->status == "draft" || revision > h->revision) {
        return refusal(what + ": it has no signed revision " + std::to_string(revision), core::ErrorKind::conflict);
    }
    std::int64_t open = 0;
    w.db().query(
        "SELECT count(*) FROM correction_requests WHERE visit_id = ? AND resolved_revision IS NULL "
        "AND revision < ?",
        {id, std::int64_t{revision}}, [&](const SqlRow& r) { open = r.integer(0); });
    if (open == 0) {
        w.no_audit_row("no open request was answered: nothing changed");
        return 0;
    }
    // The audit row first: schema 21 resolves a request only with it, and only by a signed revision.
    w.audit("correction-resolved", id,
            std::to_string(open) + " correction request(s) answered by revision " + std::to_string(revision));
    const auto resolved =
        static_cast<int>(w.db().exec("UPDATE correction_requests SET resolved_revision = ?, resolved_at = ? "
                                     "WHERE visit_id = ? AND resolved_revision IS NULL AND revision < ?",
                                     {std::int64_t{revision}, actor.at, id, std::int64_t{revision}}));
    rebuild_review_row(w.db(), id);
    return resolved;
}

}  // namespace infusion::storage::detail
