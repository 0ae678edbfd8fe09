#include "app/visit_service.hpp"

#include "app/signing_check.hpp"
#include "core/codes.hpp"
#include "core/infusion_time.hpp"
#include "core/signing_policy.hpp"

namespace infusion::app {

VisitService::VisitService(storage::VisitStore& visits, storage::AuditLog& audit, const settings::Config& config,
                           Clock clock)
    : m_visits(visits), m_audit(audit), m_config(config), m_clock(std::move(clock)) {}

namespace {

// [ed. 2] ICD-10-CM written without its dot is stored dotted (coding-rules.md 5).
core::Visit with_dotted_diagnoses(core::Visit visit) {
    for (auto& code : visit.diagnoses) code = core::dotted_icd10cm(code);
    return visit;
}

}  // namespace

core::Coding VisitService::code(const core::Visit& visit) const { return code_at(visit, m_config, m_clock()); }

storage::SignedCoding signed_coding(const core::Visit& visit, const settings::Config& config,
                                    std::optional<std::chrono::year_month_day> today) {
    core::CodingContext context = config.context();
    context.today = today;
    const core::Coding coding = core::derive(visit, context);
    storage::SignedCoding out;
    out.rules_version = config.rules.version;
    out.billable = coding.billable;
    out.infusion_minutes = coding.infusion_minutes;
    out.date_of_service = coding.date_of_service;
    // A visit signed with billing held keeps the lines it would support: a coder sees them, and the
    // export only ever takes lines of billable revisions.
    out.lines = coding.billable ? coding.lines : coding.held_lines;
    out.problems = coding.problems;
    const auto time = core::compute_infusion_time(visit, core::effective_time_zone(visit, config.clinic), config.rules);
    out.intervals = time.intervals;
    return out;
}

core::Result<storage::VisitId> VisitService::create(const core::Visit& visit, const std::string& user) {
    return m_visits.create_draft(with_dotted_diagnoses(visit), actor(user));
}

core::Status VisitService::save_draft(storage::VisitId id, const core::Visit& visit, const std::string& user) {
    return m_visits.save_draft(id, with_dotted_diagnoses(visit), actor(user));
}

core::Result<SignOutcome> VisitService::sign(storage::VisitId id, const std::string& user) {
    auto stored = m_visits.load(id);
    if (!stored) return stored.error();
    SignOutcome out;
    const core::Visit& visit = stored.value().current().content;
    // One clock reading for the whole signature: the checks and the record agree on "now".
    const storage::Actor signer = actor(user);
    out.coding = code_at(visit, m_config, signer.at);
    // [ed. 2] A time later than the signature (beyond the clock skew) blocks it, like any blocking problem.
    out.blocking = signature_blockers(visit, out.coding, m_config, signer.at);
    if (!out.blocking.empty()) return out;
    const auto now = instant_of(signer.at);
    const auto today = now ? clinic_today(m_config, *now) : std::nullopt;
    if (auto done = m_visits.sign(id, app::signed_coding(visit, m_config, today), signer); !done) return done.error();
    out.signed_visit = true;
    return out;
}

core::Result<int> VisitService::amend(storage::VisitId id, const core::Visit& corrected, const std::string& reason,
                                      const std::string& user) {
    const core::Visit visit = with_dotted_diagnoses(corrected);
    const storage::Actor signer = actor(user);
    const auto coding = code_at(visit, m_config, signer.at);
    if (const auto blockers = signature_blockers(visit, coding, m_config, signer.at); !blockers.empty()) {
        const core::Problem& p = blockers.front();
        return core::Error{"the amendment cannot be signed: " + p.message + " [" + p.field + "]", "", {}};
    }
    // An amendment is coded with the rules of today (rules version recorded with it); the signed
    // revision before it keeps its own lines.
    const auto now = instant_of(signer.at);
    const auto today = now ? clinic_today(m_config, *now) : std::nullopt;
    return m_visits.amend(id, visit, reason, app::signed_coding(visit, m_config, today), signer);
}

void VisitService::record_refusal(storage::VisitId id, const std::string& user, const std::string& detail) {
    (void)m_audit.record("refused", id, detail, actor(user));
}

core::Result<storage::StoredVisit> VisitService::open(storage::VisitId id, const std::string& user) {
    auto stored = m_visits.load(id);
    if (!stored) return stored;
    // Who looked at which record is part of the record (HIPAA audit controls). A read-only database
    // cannot take the row; the view itself is not refused for that.
    (void)m_audit.record("view", id, "visit opened", actor(user));
    return stored;
}

core::Result<storage::VisitPage> VisitService::list(const storage::VisitFilter& filter) {
    return m_visits.list(filter);
}

}  // namespace infusion::app

namespace infusion::app {

core::Result<std::vector<storage::PatientSummary>> VisitService::find_patients(const std::string& text, int limit) {
    return m_visits.find_patients(text, limit);
}

core::Result<std::vector<SiteUse>> VisitService::recent_sites(const std::string& patient_id, int visits,
                                                              std::optional<storage::VisitId> except) {
    storage::VisitFilter filter;
    filter.patient_id = patient_id;
    filter.limit = visits + 1;
    auto page = m_visits.list(filter);
    if (!page) return page.error();
    std::vector<SiteUse> out;
    int taken = 0;
    for (const auto& row : page.value().rows) {
        if (except && row.id == *except) continue;
        if (taken++ == visits) break;
        auto stored = m_visits.load(row.id);
        if (!stored) return stored.error();
        const core::Visit& v = stored.value().current().content;
        bool reaction = false;
        for (const auto& note : v.notes) {
            reaction = reaction || note.kind == core::NoteKind::reaction || note.kind == core::NoteKind::site_condition;
        }
        for (const auto& setup : v.pump_setups) {
            for (const auto& site : setup.sites) {
                out.push_back(SiteUse{site.location, row.date_of_service.value_or(std::chrono::year_month_day{}),
                                      row.id, site.usable(), reaction});
            }
        }
    }
    return out;
}

}  // namespace infusion::app
