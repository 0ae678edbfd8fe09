// Sections: 1. helpers  2. supervisors  3. nurses and supervisors
#include "app/review_service.hpp"

#include "app/audit_rows.hpp"
#include "app/draft_changes.hpp"
#include "app/record_intact.hpp"
#include "app/review_record.hpp"
#include "app/visit_service.hpp"
#include "core/wall_time.hpp"

namespace infusion::app {
namespace {

using core::Error;

std::string visit_text(storage::VisitId id) { return "visit " + std::to_string(id); }

// True when `user` is the clinician of any revision or signed one: the people whose work is reviewed.
// Whoever created the visit, saved or signed one of its revisions, or is named its clinician: a
// supervisor who wrote the draft (an import naming another nurse, who then signed it) documented it too
// (found from outside).
bool documented_by(const storage::StoredVisit& visit, const std::string& user) {
    if (visit.created_by == user) return true;
    for (const auto& r : visit.revisions) {
        if (r.signed_by == user || r.author == user || r.content.clinician == user) return true;
    }
    return false;
}

}  // namespace

// ---- 1. helpers --------------------------------------------------------------------------------
// ---- 2. supervisors ----------------------------------------------------------------------------
core::Result<storage::ReviewQueuePage> ReviewService::queue(const Acting& who, storage::ReviewQueueFilter filter) {
    if (auto ok = who.require(Role::supervisor, "read the review queue"); !ok) return ok.error();
    filter.today = who.today();
    // The clinic may have changed its long-infusion threshold (clinic.toml [review]) since the queue was
    // last built: its flags follow the setting before it is read. A read-only database shows the queue as
    // last built.
    if (!m_db.read_only()) {
        if (auto applied = m_db.reviews().apply_review_settings(m_config.review, who.actor()); !applied) {
            return applied.error();
        }
    }
    return m_db.reviews().review_queue(filter);
}

core::Result<ReviewVisit> ReviewService::open(const Acting& who, storage::VisitId id) {
    if (auto ok = who.require(Role::supervisor, "review " + visit_text(id)); !ok) return ok.error();
    auto stored = m_db.visits().load(id);
    if (!stored) return stored.error();
    ReviewVisit out;
    out.visit = std::move(stored.value());
    const auto& revisions = out.visit.revisions;
    out.amendment_changes.assign(revisions.size(), std::string{});
    for (std::size_t i = 1; i < revisions.size(); ++i) {
        const storage::Revision& was = revisions[i - 1];
        const storage::Revision& is = revisions[i];
        out.amendment_changes[i] = changed_parts(was.content, is.content);
        if (out.amendment_changes[i].empty()) {
            const bool same_lines = was.coding && is.coding && was.coding->lines == is.coding->lines &&
                                    was.coding->billable == is.coding->billable;
            out.amendment_changes[i] = same_lines ? nothing_changed : "billing lines only (coded again)";
        }
    }
    auto review = read_review_record(m_db.reviews(), id);
    if (!review) return review.error();
    out.site_care = std::move(review.value().site_care);
    out.countersignatures = std::move(review.value().countersignatures);
    out.corrections = std::move(review.value().corrections);
    // Who read which record is part of the record (as VisitService::open): no row, no review.
    if (auto logged = record_reading(m_db.audit(), "view", id, "opened for review", who.actor()); !logged) {
        core::Error e = logged.error();
        e.message = "the visit is not shown: " + e.message;
        return e;
    }
    return out;
}

core::Result<storage::Countersignature> ReviewService::countersign(const Acting& who, storage::VisitId id,
                                                                   const std::string& comment) {
    if (auto ok = who.require(Role::supervisor, "countersign " + visit_text(id)); !ok) return ok.error();
    auto stored = m_db.visits().load(id);
    if (!stored) return stored.error();
    if (documented_by(stored.value(), who.username())) {
        return who.refuse("countersign " + visit_text(id),
                          who.username() + " documented it; another supervisor countersigns", id);
    }
    if (auto intact = signed_record_intact(m_db.visits(), id, "countersigned"); !intact) return intact.error();
    return m_db.reviews().countersign(id, comment, who.actor());
}

core::Result<std::int64_t> ReviewService::request_correction(const Acting& who, storage::VisitId id,
                                                             const std::string& reason) {
    if (auto ok = who.require(Role::supervisor, "request a correction of " + visit_text(id)); !ok) {
        return ok.error();
    }
    return m_db.reviews().request_correction(id, reason, who.actor());
}

core::Result<storage::SiteHistory> ReviewService::site_history(const Acting& who, const std::string& patient_id,
                                                               int visits) {
    if (auto ok = who.require(Role::supervisor, "read the site history of patient " + patient_id); !ok) {
        return ok.error();
    }
    return m_db.reviews().site_history(patient_id, visits);
}

core::Result<storage::ClinicOverview> ReviewService::overview(const Acting& who, std::chrono::year_month_day from,
                                                              std::chrono::year_month_day to) {
    if (auto ok = who.require(Role::supervisor, "read the clinic overview"); !ok) return ok.error();
    if (!from.ok() || !to.ok() || std::chrono::sys_days{to} < std::chrono::sys_days{from}) {
        return Error{"the overview needs a first day on or before the last", "", {}};
    }
    // Bounded so the screen never waits long: a year reads in about 0.12 s on 1,000,000 visits, eleven
    // years in 1.4 s (docs/review.md).
    if (std::chrono::sys_days{to} - std::chrono::sys_days{from} >= std::chrono::days{max_overview_days}) {
        return Error{"the overview covers at most three years; choose a shorter range", "", {}};
    }
    return m_db.reviews().clinic_overview(from, to);
}

// ---- 3. nurses and supervisors -----------------------------------------------------------------
core::Result<std::int64_t> ReviewService::add_site_care_note(const Acting& who, storage::VisitId id,
                                                             const storage::NewSiteCareNote& note) {
    const std::string what = "add a site-care note to " + visit_text(id);
    // A supervisor is checked as a supervisor, anyone else as a nurse (so the refusal names the nurse role).
    const Role role = who.holds(Role::supervisor) ? Role::supervisor : Role::nurse;
    if (auto ok = who.require(role, what); !ok) return ok.error();
    if (!note.location.empty() && m_config.sites.find(note.location) == nullptr) {
        return Error{"cannot " + what + ": '" + note.location + "' is not a site of config/sites.toml", "", {}};
    }
    return m_db.reviews().add_site_care_note(id, note, who.actor());
}

core::Result<storage::VisitPage> ReviewService::open_corrections(const Acting& who, const std::string& nurse,
                                                                 const storage::VisitFilter& filter) {
    const std::string what = "list the visits " + nurse + " is asked to correct";
    const Role role = nurse == who.username() ? Role::nurse : Role::supervisor;
    if (auto ok = who.require(role, what); !ok) return ok.error();
    return m_db.reviews().open_corrections_for(nurse, filter);
}

}  // namespace infusion::app
