// Sections: 1. helpers  2. supervisors  3. nurses and supervisors
#include "app/review_service.hpp"

#include "app/account_rules.hpp"
#include "core/wall_time.hpp"

namespace infusion::app {
namespace {

using core::Error;

std::string visit_text(storage::VisitId id) { return "visit " + std::to_string(id); }

// True when `user` is the clinician of any revision or signed one: the people whose work is reviewed.
bool documented_by(const storage::StoredVisit& visit, const std::string& user) {
    for (const auto& r : visit.revisions) {
        if (r.signed_by == user || r.content.clinician == user) return true;
    }
    return false;
}

}  // namespace

// ---- 1. helpers --------------------------------------------------------------------------------
ReviewService::ReviewService(storage::Database& db, Accounts& accounts, const settings::Config& config, Clock clock,
                             ReviewOptions options)
    : m_db(db), m_accounts(accounts), m_config(config), m_clock(std::move(clock)), m_options(options) {}

std::chrono::year_month_day ReviewService::today() const {
    const auto now =
        parse_utc(m_clock()).value_or(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    const auto local = core::wall_time_at(now, m_config.clinic.time_zone);
    const auto days =
        std::chrono::floor<std::chrono::days>(local ? local->local.time_since_epoch() : now.time_since_epoch());
    return std::chrono::year_month_day{std::chrono::sys_days{days}};
}

// ---- 2. supervisors ----------------------------------------------------------------------------
core::Result<storage::ReviewQueuePage> ReviewService::queue(const Session& who, storage::ReviewQueueFilter filter) {
    if (auto ok = m_accounts.require(who, Role::supervisor, "read the review queue"); !ok) return ok.error();
    filter.today = today();
    return m_db.reviews().review_queue(filter);
}

core::Result<ReviewVisit> ReviewService::open(const Session& who, storage::VisitId id) {
    if (auto ok = m_accounts.require(who, Role::supervisor, "review " + visit_text(id)); !ok) return ok.error();
    auto stored = m_db.visits().load(id);
    if (!stored) return stored.error();
    ReviewVisit out;
    out.visit = std::move(stored.value());
    auto notes = m_db.reviews().site_care_notes(id);
    if (!notes) return notes.error();
    out.site_care = std::move(notes.value());
    auto countersigned = m_db.reviews().countersignature(id);
    if (!countersigned) return countersigned.error();
    out.countersignature = countersigned.value();
    auto corrections = m_db.reviews().corrections(id);
    if (!corrections) return corrections.error();
    out.corrections = std::move(corrections.value());
    // Who read which record is part of the record; a read-only database cannot take the row, and the
    // reading is not refused for that (as VisitService::open).
    (void)m_db.audit().record("view", id, "opened for review", actor(who.username));
    return out;
}

core::Result<storage::Countersignature> ReviewService::countersign(const Session& who, storage::VisitId id,
                                                                   const std::string& comment) {
    if (auto ok = m_accounts.require(who, Role::supervisor, "countersign " + visit_text(id)); !ok) return ok.error();
    auto stored = m_db.visits().load(id);
    if (!stored) return stored.error();
    if (documented_by(stored.value(), who.username)) {
        return Error{"cannot countersign " + visit_text(id) + ": " + who.username +
                         " documented it; another supervisor countersigns",
                     "",
                     {}};
    }
    return m_db.reviews().countersign(id, comment, actor(who.username));
}

core::Result<std::int64_t> ReviewService::request_correction(const Session& who, storage::VisitId id,
                                                             const std::string& reason) {
    if (auto ok = m_accounts.require(who, Role::supervisor, "request a correction of " + visit_text(id)); !ok) {
        return ok.error();
    }
    return m_db.reviews().request_correction(id, reason, actor(who.username));
}

core::Result<storage::SiteHistory> ReviewService::site_history(const Session& who, const std::string& patient_id,
                                                               int visits) {
    if (auto ok = m_accounts.require(who, Role::supervisor, "read the site history of patient " + patient_id); !ok) {
        return ok.error();
    }
    return m_db.reviews().site_history(patient_id, visits);
}

core::Result<storage::ClinicOverview> ReviewService::overview(const Session& who, std::chrono::year_month_day from,
                                                              std::chrono::year_month_day to) {
    if (auto ok = m_accounts.require(who, Role::supervisor, "read the clinic overview"); !ok) return ok.error();
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

core::Result<storage::AuditReportPage> ReviewService::audit_report(const Session& who, const AuditQuery& query) {
    if (auto ok = m_accounts.require(who, Role::supervisor, "read the audit log"); !ok) return ok.error();
    auto page = m_db.reviews().audit_report(audit_report_query(query, m_config.clinic.time_zone));
    if (page && query.offset == 0) {
        const auto day = [](const std::optional<std::chrono::year_month_day>& d) {
            return d ? core::format_date(*d) : std::string("-");
        };
        (void)m_db.audit().record("audit-report", query.visit,
                                  "audit report " + day(query.from) + " to " + day(query.to), actor(who.username));
    }
    return page;
}

core::Result<storage::CheckReport> ReviewService::audit_verify(const Session& who) {
    if (auto ok = m_accounts.require(who, Role::supervisor, "verify the audit log"); !ok) return ok.error();
    return m_db.audit().verify();
}

// ---- 3. nurses and supervisors -----------------------------------------------------------------
core::Result<std::int64_t> ReviewService::add_site_care_note(const Session& who, storage::VisitId id,
                                                             const storage::NewSiteCareNote& note) {
    const std::string what = "add a site-care note to " + visit_text(id);
    // A supervisor is checked as a supervisor, anyone else as a nurse (so the refusal names the nurse role).
    const Role role = who.has(Role::supervisor) ? Role::supervisor : Role::nurse;
    if (auto ok = m_accounts.require(who, role, what); !ok) return ok.error();
    if (!note.location.empty() && m_config.sites.find(note.location) == nullptr) {
        return Error{"cannot " + what + ": '" + note.location + "' is not a site of config/sites.toml", "", {}};
    }
    return m_db.reviews().add_site_care_note(id, note, actor(who.username));
}

core::Result<storage::VisitPage> ReviewService::open_corrections(const Session& who, const std::string& nurse,
                                                                 const storage::VisitFilter& filter) {
    const std::string what = "list the visits " + nurse + " is asked to correct";
    const Role role = nurse == who.username ? Role::nurse : Role::supervisor;
    if (auto ok = m_accounts.require(who, role, what); !ok) return ok.error();
    return m_db.reviews().open_corrections_for(nurse, filter);
}

core::Status ReviewService::on_amended(storage::VisitId id, int revision, const std::string& user) {
    auto resolved = m_db.reviews().resolve_corrections(id, revision, actor(user));
    if (!resolved) return resolved.error();
    return on_signed(id);
}

core::Status ReviewService::on_signed(storage::VisitId id) {
    // The signing trigger stored the flags with the default threshold already.
    if (m_options.long_infusion_minutes == storage::default_long_infusion_minutes) return core::Done{};
    return m_db.reviews().refresh_review_state(id, m_options.long_infusion_minutes);
}

}  // namespace infusion::app
