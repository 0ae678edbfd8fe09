#include "app/visit_editor.hpp"

#include "app/patient_names.hpp"

#include "core/signing_policy.hpp"

namespace infusion::app {

void VisitEditor::set_acting(const Acting* who) { m_who = who; }

core::Status VisitEditor::nobody() const { return core::Error::of(core::ErrorKind::refused, "nobody is signed in"); }

core::Status VisitEditor::open(storage::VisitId id) {
    if (m_who == nullptr) return nobody();
    auto stored = m_service.open(*m_who, id);
    if (!stored) return stored.error();
    m_id = id;
    m_status = stored.value().status;
    m_revisions = stored.value().revisions;
    m_visit = stored.value().current().content;
    m_version = stored.value().version;
    m_conflict = false;
    m_amending = false;
    m_save_error.clear();
    m_written_elsewhere.reset();
    const bool draft = m_status == storage::VisitStatus::draft;
    m_saved_by_other.reset();
    m_copied_from.reset();
    if (const auto copy = m_copies.find(id); draft && copy != m_copies.end()) m_copied_from = copy->second;
    if (draft && !m_revisions.empty() && !m_who->open() && m_revisions.back().author != m_who->username()) {
        m_saved_by_other = OtherSaver{m_revisions.back().author, m_revisions.back().created_at};
    }
    m_draft_read_only = draft ? documenting_refusal(*m_who) : std::nullopt;
    m_amendment_refused = draft ? std::nullopt : amending_refusal(*m_who, m_visit.clinician);
    m_billing_state.reset();
    m_holds_read_for.clear();
    if (!draft) {
        if (auto state = m_service.billing_state(*m_who, stored.value()); state)
            m_billing_state = std::move(state.value());
    }
    m_nurses.clear();
    if (!m_who->open() && m_who->holds(Role::nurse)) {
        if (auto nurses = m_service.nurses(*m_who)) m_nurses = std::move(nurses.value());
    }
    clinician_stored(m_visit.clinician);
    recode();
    // A draft follows the patient's record: renamed (or her birth date corrected) since the draft was
    // begun, it is saved at once with the record's name, so the banner and the signature carry it.
    if (draft && !m_draft_read_only) {
        if (auto found = m_service.find_patients(*m_who, m_visit.patient.id, 1); found && !found.value().empty()) {
            std::optional<storage::PatientSummary> on_record;
            if (found.value().front().patient_id == m_visit.patient.id) on_record = found.value().front();
            if (follow_record(on_record, m_visit.patient)) changed();
        }
    }
    return core::Done{};
}

void VisitEditor::clinician_stored(const std::string& clinician) {
    m_stored_clinician = clinician;
    m_clinician_fixed = std::nullopt;
    if (m_status != storage::VisitStatus::draft) {
        m_clinician_fixed = performer_not_amended;
    } else if (m_who != nullptr) {
        m_clinician_fixed = m_service.clinician_fixed(*m_who, clinician);
    }
}

core::Status VisitEditor::start_new(const core::Patient& patient, const core::ClinicSettings& clinic,
                                    storage::PatientNaming naming) {
    if (m_who == nullptr) return nobody();
    std::optional<CopiedFrom> copied;
    core::Visit visit;
    visit.patient = patient;
    visit.clinician = m_who->username();
    visit.setting = clinic.setting;
    visit.time_zone = clinic.time_zone;
    // The patient's last visit is the best guess for today's: same product, pump and needle.
    storage::VisitFilter last;
    last.patient_id = patient.id;
    last.limit = 1;
    if (auto page = m_service.list(*m_who, last); page && !page.value().rows.empty()) {
        if (auto previous = m_service.open(*m_who, page.value().rows.front().id)) {
            const core::Visit& p = previous.value().current().content;
            copied = CopiedFrom{page.value().rows.front().id, page.value().rows.front().date_of_service};
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
    auto id = m_service.create(*m_who, visit, naming);  // refused (and audited) unless a nurse
    if (!id) return id.error();
    if (copied) m_copies.emplace(id.value(), *copied);
    return open(id.value());
}

void VisitEditor::read_holds_once_signed() {
    const bool editing = m_status == storage::VisitStatus::draft || m_amending;
    const auto& date = m_coding.date_of_service;
    const std::string key = editing && date && m_who != nullptr
                                ? std::to_string(m_id) + "|" + m_visit.patient.id + "|" + core::format_date(*date) +
                                      (m_amending ? "|a" : "")
                                : std::string();
    if (key == m_holds_read_for) return;
    m_holds_read_for = key;
    m_holds_once_signed.clear();
    if (key.empty()) return;
    const auto add = [&](const std::string& patient, std::chrono::year_month_day day) {
        auto holds = m_service.request_holds_of_date(*m_who, patient, day);
        if (!holds) return;
        for (auto& hold : holds.value()) {
            if (m_amending && hold.visit == m_id) continue;  // answered by the amendment
            m_holds_once_signed.push_back(std::move(hold));
        }
    };
    add(m_visit.patient.id, *date);
    // An exported visit moved to another date: its new charges wait for its old date's reversals.
    if (m_amending && m_billing_state && m_billing_state->batch && m_billing_state->date_of_service &&
        *m_billing_state->date_of_service != *date) {
        add(m_billing_state->patient_id, *m_billing_state->date_of_service);
    }
}

void VisitEditor::recode() {
    m_coding = m_service.code(m_visit, m_id == 0 ? std::nullopt : std::optional{m_id});
    read_holds_once_signed();
    // A signed visit read (not being amended) shows the lines it was signed with, which are the ones billed:
    // coded again with today's rules and other visits, its screen said "Exported in batch 1" above a 96369
    // the batch never held (found from outside). Its times and setting stay derived from its content.
    if (m_status == storage::VisitStatus::draft || m_amending || m_revisions.empty() || !m_revisions.back().coding) {
        return;
    }
    const storage::SignedCoding& signed_coding = *m_revisions.back().coding;
    m_coding.billable = signed_coding.billable;
    m_coding.infusion_minutes = signed_coding.infusion_minutes;
    m_coding.date_of_service = signed_coding.date_of_service;
    m_coding.problems = signed_coding.problems;
    // Stored: the billed lines, or for a held visit what its documentation would support (signed_coding).
    (signed_coding.billable ? m_coding.lines : m_coding.held_lines) = signed_coding.lines;
    (signed_coding.billable ? m_coding.held_lines : m_coding.lines).clear();
}

void VisitEditor::changed() {
    recode();
    if (m_status != storage::VisitStatus::draft) return;  // an amendment is saved when it is signed
    if (m_who == nullptr) {
        m_save_error = nobody().error().message;
        return;
    }
    if (auto saved = m_service.save_draft(*m_who, m_id, m_version, m_visit); !saved) {
        const core::Error& e = saved.error();
        m_conflict = m_conflict || e.kind == core::ErrorKind::conflict;
        m_save_error =
            e.kind == core::ErrorKind::refused || e.kind == core::ErrorKind::conflict ? e.message : e.describe();
    } else {
        m_version = saved.value();
        m_save_error.clear();
        m_saved_by_other.reset();  // the reader's own save now
        if (m_visit.clinician != m_stored_clinician) clinician_stored(m_visit.clinician);
    }
}

bool VisitEditor::look_for_changes_elsewhere() {
    // An amendment being written is left alone: Reload would drop it, and its signature is refused with
    // the conflict's own words (what was typed stays on screen).
    if (m_id == 0 || m_who == nullptr || m_conflict || m_amending || m_written_elsewhere) return false;
    auto written = m_service.written_since(*m_who, m_id, m_version);
    if (!written || !written.value()) return false;  // unreadable now: the next save or signature says why
    m_written_elsewhere = std::move(written.value());
    return true;
}

std::vector<core::Problem> VisitEditor::sign_blockers() const {
    // What sign() would be refused for, asked of the service with its clock: a stop still later than now
    // (a draft documented elsewhere, an import) disables "Sign" and says why before the nurse presses it.
    auto out = m_service.sign_blockers(m_visit, m_coding);
    // Someone else's draft (a colleague's, open for a handover) is never signed by this nurse: said first,
    // beside a disabled Sign, rather than after Sign and its confirmation.
    if (m_who != nullptr) {
        if (auto why = signing_refusal(*m_who, m_visit.clinician)) {
            out.insert(out.begin(), core::Problem{core::Severity::error, "sign.not-the-performer", "clinician", *why});
        }
    }
    return out;
}

core::Status VisitEditor::sign() {
    if (m_status != storage::VisitStatus::draft) return core::Error{"this visit is already signed", "", {}};
    if (m_who == nullptr) return nobody();
    // Who may sign is checked (and a refusal audited) by VisitService::sign, before anything is saved.
    if (auto ok = may_sign(*m_who, "sign visit " + std::to_string(m_id), m_visit.clinician, m_id); !ok) return ok;
    if (!m_save_error.empty()) {
        // Never sign something other than what is on screen.
        changed();
        if (!m_save_error.empty()) return core::Error{"not saved: " + m_save_error, "", {}};
    }
    auto outcome = m_service.sign(*m_who, m_id, m_version);
    if (!outcome) {
        if (outcome.error().kind == core::ErrorKind::conflict) {
            // Written elsewhere since this copy was read. Every edit here was saved (above), so nothing on
            // screen is lost: it is an older version of the stored visit, as when the live lists see such a
            // change (Reload offered, Sign held). Taken for a failed save, it said "What you entered ... is
            // NOT saved" over input nobody had typed, and leaving asked about it (found from outside).
            auto written = m_service.written_since(*m_who, m_id, m_version);
            m_written_elsewhere = written && written.value() ? *written.value() : outcome.error().message;
            core::Error refused = outcome.error();
            refused.message = "not signed: " + *m_written_elsewhere + ". Reload the saved visit and read it, then sign";
            return refused;
        }
        return outcome.error();
    }
    if (!outcome.value().signed_visit) {
        const auto& first = outcome.value().blocking.front();
        return core::Error{"cannot sign: " + first.message, "", {}};
    }
    return open(m_id);
}

core::Status VisitEditor::begin_amendment() {
    if (m_status == storage::VisitStatus::draft) return core::Error{"a draft is edited, not amended", "", {}};
    if (m_who == nullptr) return nobody();
    // The nurse corrects her own record; a supervisor asks for a correction instead. Billers never
    // change visits. The same rule is checked again when the amendment is signed.
    if (auto ok = may_sign(*m_who, "amend visit " + std::to_string(m_id), m_visit.clinician, m_id); !ok) return ok;
    m_amending = true;
    read_holds_once_signed();
    return core::Done{};
}

void VisitEditor::cancel_amendment() {
    m_amending = false;
    m_visit = m_revisions.back().content;
    recode();
}

core::Result<std::string> VisitEditor::sign_amendment(const std::string& reason) {
    if (!m_amending) return core::Error{"no amendment in progress", "", {}};
    if (reason.empty()) return core::Error{"say why the visit is amended", "", {}};
    if (m_who == nullptr) return nobody().error();
    auto amended = m_service.amend(*m_who, m_id, m_visit, reason, m_version);
    if (!amended) return amended.error();
    if (auto opened = open(m_id); !opened) return opened.error();
    return recoding_notice(amended.value().others);
}

}  // namespace infusion::app
