#include "app/visit_editor.hpp"

#include "core/signing_policy.hpp"

namespace infusion::app {

VisitEditor::VisitEditor(VisitService& service, std::string user) : m_service(service), m_user(std::move(user)) {}

void VisitEditor::set_authority(const Authority* authority, std::string user) {
    m_authority = authority;
    m_user = std::move(user);
}

core::Status VisitEditor::allowed(std::initializer_list<Role> roles, const std::string& what) const {
    if (m_authority == nullptr) return core::Done{};
    return m_authority->require_any(roles, what);
}

core::Status VisitEditor::open(storage::VisitId id) {
    auto stored = m_service.open(id, m_user);
    if (!stored) return stored.error();
    m_id = id;
    m_status = stored.value().status;
    m_revisions = stored.value().revisions;
    m_visit = stored.value().current().content;
    m_amending = false;
    m_save_error.clear();
    recode();
    return core::Done{};
}

core::Status VisitEditor::start_new(const core::Patient& patient, const settings::Config& config) {
    if (auto ok = allowed({Role::nurse}, "document a visit for " + patient.id); !ok) return ok;
    core::Visit visit;
    visit.patient = patient;
    visit.clinician = m_user;
    visit.setting = config.clinic.setting;
    visit.time_zone = config.clinic.time_zone;
    // The patient's last visit is the best guess for today's: same product, pump and needle.
    storage::VisitFilter last;
    last.patient_id = patient.id;
    last.limit = 1;
    if (auto page = m_service.list(last); page && !page.value().rows.empty()) {
        if (auto previous = m_service.open(page.value().rows.front().id, m_user)) {
            const core::Visit& p = previous.value().current().content;
            if (visit.patient.name.empty()) visit.patient.name = p.patient.name;
            if (visit.patient.allergies.empty()) visit.patient.allergies = p.patient.allergies;
            visit.patient.birth_date = visit.patient.birth_date ? visit.patient.birth_date : p.patient.birth_date;
            visit.diagnoses = p.diagnoses;
            for (const auto& s : p.substances) {
                core::Substance copy;
                copy.name = s.name;
                copy.dose = s.dose;
                copy.unit = s.unit;
                copy.ndc = s.ndc;  // lot and discarded amount change with every vial: not copied
                visit.substances.push_back(copy);
            }
            if (!p.pump_setups.empty()) {
                core::PumpSetup setup;
                setup.pump = p.pump_setups.front().pump;
                visit.pump_setups.push_back(setup);
            }
        }
    }
    if (visit.substances.empty()) visit.substances.emplace_back();
    if (visit.pump_setups.empty()) visit.pump_setups.emplace_back();
    auto id = m_service.create(visit, m_user);
    if (!id) return id.error();
    return open(id.value());
}

void VisitEditor::recode() { m_coding = m_service.code(m_visit); }

void VisitEditor::changed() {
    recode();
    if (m_status != storage::VisitStatus::draft) return;  // an amendment is saved when it is signed
    if (auto ok = allowed({Role::nurse}, "change visit " + std::to_string(m_id)); !ok) {
        m_save_error = ok.error().message;
        return;
    }
    if (auto saved = m_service.save_draft(m_id, m_visit, m_user); !saved) {
        m_save_error = saved.error().describe();
    } else {
        m_save_error.clear();
    }
}

std::vector<core::Problem> VisitEditor::sign_blockers() const {
    std::vector<core::Problem> out;
    for (const auto& p : m_coding.problems) {
        if (core::blocks_signing(p)) out.push_back(p);
    }
    return out;
}

core::Status VisitEditor::sign() {
    if (m_status != storage::VisitStatus::draft) return core::Error{"this visit is already signed", "", {}};
    if (auto ok = allowed({Role::nurse}, "sign visit " + std::to_string(m_id)); !ok) return ok;
    // A signature is the performer's word: nobody signs for someone else.
    if (m_authority != nullptr && !m_authority->open() && m_visit.clinician != m_user) {
        m_service.record_refusal(m_id, m_user,
                                 "sign visit " + std::to_string(m_id) + ": performed by " + m_visit.clinician);
        return core::Error{"only " + m_visit.clinician + ", who performed the infusion, can sign this visit: " +
                               m_visit.clinician + " signs in to sign it",
                           "",
                           {}};
    }
    if (!m_save_error.empty()) {
        // Never sign something other than what is on screen.
        changed();
        if (!m_save_error.empty()) return core::Error{"not saved: " + m_save_error, "", {}};
    }
    auto outcome = m_service.sign(m_id, m_user);
    if (!outcome) return outcome.error();
    if (!outcome.value().signed_visit) {
        const auto& first = outcome.value().blocking.front();
        return core::Error{"cannot sign: " + first.message, "", {}};
    }
    return open(m_id);
}

core::Status VisitEditor::begin_amendment() {
    if (m_status == storage::VisitStatus::draft) return core::Error{"a draft is edited, not amended", "", {}};
    // The nurse corrects her own record; a supervisor may correct any. Billers never change visits.
    const bool own = m_visit.clinician == m_user;
    if (auto ok = own ? allowed({Role::nurse, Role::supervisor}, "amend visit " + std::to_string(m_id))
                      : allowed({Role::supervisor}, "amend visit " + std::to_string(m_id) + " of " + m_visit.clinician);
        !ok) {
        return ok;
    }
    m_amending = true;
    return core::Done{};
}

void VisitEditor::cancel_amendment() {
    m_amending = false;
    m_visit = m_revisions.back().content;
    recode();
}

core::Status VisitEditor::sign_amendment(const std::string& reason) {
    if (!m_amending) return core::Error{"no amendment in progress", "", {}};
    if (reason.empty()) return core::Error{"say why the visit is amended", "", {}};
    auto number = m_service.amend(m_id, m_visit, reason, m_user);
    if (!number) return number.error();
    return open(m_id);
}

}  // namespace infusion::app
