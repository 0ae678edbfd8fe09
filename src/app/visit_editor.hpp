#pragma once
// Use case: one visit open for documenting at the chair. Owns the draft the screen edits, saves it on
// every change, keeps the derived coding current, and signs or amends it. No ImGui here: the nurse's
// screen draws from this and calls these methods; tests drive it directly too.
#include "app/acting.hpp"
#include "app/visit_service.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace infusion::app {

class VisitEditor {
public:
    explicit VisitEditor(VisitService& service) : m_service(service) {}

    // Who is at the keyboard (the clinician of new visits and the signer); nullptr: nobody, and every
    // action is refused. What they may do is decided by VisitService, once, for every front end.
    void set_acting(const Acting* who);
    [[nodiscard]] const Acting* acting() const { return m_who; }

    // Opens a stored visit (audited as a view). Signed visits open read-only.
    [[nodiscard]] core::Status open(storage::VisitId id);
    // Creates a draft for a patient, pre-filled from their last visit (substance, pump, needle,
    // diagnoses) so the usual entry is the quick one, and opens it.
    [[nodiscard]] core::Status start_new(const core::Patient& patient, const core::ClinicSettings& clinic,
                                         storage::PatientNaming naming = storage::PatientNaming::keep_record);

    [[nodiscard]] bool is_open() const { return m_id != 0; }
    [[nodiscard]] storage::VisitId id() const { return m_id; }
    [[nodiscard]] storage::VisitStatus status() const { return m_status; }
    [[nodiscard]] const std::vector<storage::Revision>& revisions() const { return m_revisions; }
    // A draft last saved by someone other than the reader, as opened: who and when (UTC), until the
    // reader's own next save. A colleague's change to one's draft gave no sign of itself (found from
    // outside; any nurse may document a draft, docs/users.md).
    struct OtherSaver {
        std::string user;
        std::string at;
    };
    [[nodiscard]] const std::optional<OtherSaver>& last_saved_by_other() const { return m_saved_by_other; }
    // The earlier visit a new visit's substance, dose, NDC, diagnoses and pump were copied from, while the
    // visit is a draft: the screen says so, so last time's dose is not signed unread. Remembered for the
    // program's run, so a draft left for Today (or the lock screen) and opened again still says it (found
    // from outside: the line was gone on reopening).
    struct CopiedFrom {
        storage::VisitId visit = 0;
        std::optional<std::chrono::year_month_day> date;
    };
    [[nodiscard]] const std::optional<CopiedFrom>& copied_from() const { return m_copied_from; }

    // The content the screen edits. Call changed() after every edit.
    [[nodiscard]] core::Visit& visit() { return m_visit; }
    [[nodiscard]] const core::Visit& visit() const { return m_visit; }
    // True when the screen may edit: a draft its reader may document, or a signed visit with an
    // amendment in progress.
    [[nodiscard]] bool editable() const {
        return (m_status == storage::VisitStatus::draft && !m_draft_read_only) || m_amending;
    }
    // Why a draft opens read-only for who is signed in (documenting_refusal: a supervisor who is not a
    // nurse reads a nurse's draft); nullopt for a draft she may edit, and for a signed visit.
    [[nodiscard]] const std::optional<std::string>& draft_read_only() const { return m_draft_read_only; }
    // Why who is signed in cannot amend this signed visit (amending_refusal: not a nurse, or not its
    // clinician; a supervisor requests a correction instead); nullopt when she can, and for a draft.
    [[nodiscard]] const std::optional<std::string>& amendment_refused() const { return m_amendment_refused; }
    // A signed visit's place on the billing worklist (exported in batch N, amended after export), read
    // when it opens; empty for a draft, or when it could not be read (the screen then says what coding
    // says, as before).
    [[nodiscard]] const std::optional<storage::WorklistRow>& billing_state() const { return m_billing_state; }
    // For a draft or an amendment on screen: the open correction requests that will hold its lines once signed
    // (on the patient's visits of its date; for an amendment that moves an exported visit, of its old date too,
    // whose reversals its new charges wait for), but not one on this visit, which the amendment answers. Read
    // when the patient or the date changes, not per frame. The sign dialogs said "Billing ready" over them.
    [[nodiscard]] const std::vector<storage::RequestHold>& holds_once_signed() const { return m_holds_once_signed; }

    // Why the Clinician (who performed the visit) cannot be changed here (nullopt: it can): a colleague's
    // draft, or an amendment (VisitService::clinician_fixed). Known from the stored visit, not per frame.
    [[nodiscard]] const std::optional<std::string>& clinician_fixed() const { return m_clinician_fixed; }
    // The nurses the Clinician can name (read when the visit opens); empty in a database without users.
    [[nodiscard]] const std::vector<Colleague>& nurses() const { return m_nurses; }

    // Recomputes the coding and, for a draft, saves it (one transaction). On failure the edit stays
    // on screen, save_error() says why, and the next change tries again.
    void changed();
    [[nodiscard]] const core::Coding& coding() const { return m_coding; }
    [[nodiscard]] const std::string& save_error() const { return m_save_error; }
    [[nodiscard]] bool saved() const { return m_save_error.empty(); }

    // Someone else wrote the visit (another window or workstation) after it was opened here: saves and
    // signing are refused, with save_error() naming who and when; the nurse's unsaved input stays on
    // screen (never silently dropped) until she reloads. The version this copy was read at.
    [[nodiscard]] bool conflict() const { return m_conflict; }
    [[nodiscard]] std::int64_t version() const { return m_version; }
    // Opens the visit again as it is stored now: the other writer's version replaces what is on screen.
    [[nodiscard]] core::Status reload() { return open(m_id); }
    // Asked when another connection has changed the database (the window's live lists): whether this visit
    // was written elsewhere since it was opened here. Then written_elsewhere() says who and when, and the
    // screen offers Reload at once. Before, an open draft showed the old content, and a draft signed
    // elsewhere still read "saved as you type", until the nurse's next edit was refused (found from outside).
    // True when that is new.
    bool look_for_changes_elsewhere();
    [[nodiscard]] const std::optional<std::string>& written_elsewhere() const { return m_written_elsewhere; }

    // Problems that keep the nurse from signing (core/signing_policy.hpp), in visit order.
    [[nodiscard]] std::vector<core::Problem> sign_blockers() const;
    // When they change with no input: a stop later than now has come (the window wakes for it).
    [[nodiscard]] std::optional<double> seconds_until_sign_blockers_change() const {
        return m_service.seconds_until_sign_blockers_change(m_visit);
    }
    [[nodiscard]] core::Status sign();
    // Codes the visit again as it would be signed now, without an edit: another workstation may have
    // signed a visit of the same patient and date since (its MUE per date of service counts it). The sign
    // dialog asks it when it opens, so it shows the lines the signature will store (found in the window).
    void refresh_coding() {
        m_holds_read_for.clear();  // a request filed since (another workstation's) is read again too
        recode();
    }

    [[nodiscard]] bool amending() const { return m_amending; }
    // An amendment under way that changed the documentation from the version it amends.
    [[nodiscard]] bool amendment_changed() const {
        return m_amending && !m_revisions.empty() && !(m_visit == m_revisions.back().content);
    }
    [[nodiscard]] core::Status begin_amendment();
    void cancel_amendment();
    // Returns what the nurse should know besides (recoding_notice: other visits of the patient it holds).
    [[nodiscard]] core::Result<std::string> sign_amendment(const std::string& reason);

private:
    void recode();
    void read_holds_once_signed();
    // The stored visit's clinician is now `clinician`: who may change it, asked again.
    void clinician_stored(const std::string& clinician);
    [[nodiscard]] core::Status nobody() const;

    VisitService& m_service;
    const Acting* m_who = nullptr;
    storage::VisitId m_id = 0;
    storage::VisitStatus m_status = storage::VisitStatus::draft;
    std::vector<storage::Revision> m_revisions;
    core::Visit m_visit;
    core::Coding m_coding;
    std::string m_save_error;
    std::string m_stored_clinician;
    std::optional<std::string> m_clinician_fixed;
    std::optional<std::string> m_draft_read_only;
    std::optional<std::string> m_amendment_refused;
    std::optional<storage::WorklistRow> m_billing_state;
    std::vector<storage::RequestHold> m_holds_once_signed;
    std::string m_holds_read_for;  // the patient and date (and amending) they were read for
    std::optional<OtherSaver> m_saved_by_other;
    std::optional<std::string> m_written_elsewhere;
    std::optional<CopiedFrom> m_copied_from;
    std::map<storage::VisitId, CopiedFrom> m_copies;  // every draft start_new filled from an earlier visit
    std::vector<Colleague> m_nurses;
    std::int64_t m_version = 0;
    bool m_conflict = false;
    bool m_amending = false;
};

}  // namespace infusion::app
