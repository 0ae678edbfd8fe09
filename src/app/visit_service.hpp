#pragma once
// Use cases on stored visits: create, save a draft, sign, amend, open (audited), list, find patients.
// Each takes the acting context, checks its own permission (docs/users.md, "Who may do what") and
// writes its own audit row, so the window and the command line cannot differ:
//   documenting (create, save a draft)   nurse
//   signing and amending                 nurse, and only the visit's clinician
//   naming who performed a draft         its clinician, or any nurse when it names nobody who signs
//   reading visits                       nurse, supervisor; a biller signed and amended visits only
#include "app/acting.hpp"
#include "app/billing_configuration.hpp"
#include "app/other_visits.hpp"
#include "app/recoding_after_amendment.hpp"
#include "app/review_record.hpp"
#include "core/derive.hpp"
#include "settings/config.hpp"
#include "storage/database.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace infusion::app {

// A site used at one of a patient's earlier visits, for the body map's rotation view.
struct SiteUse {
    std::string location;
    std::chrono::year_month_day date{};
    storage::VisitId visit = 0;
    bool usable = true;     // false: the needle returned blood and was removed
    bool reaction = false;  // the visit documented a reaction or a site-condition note
};

// A nurse who can sign visits, as the visit screen's Clinician list offers her.
struct Colleague {
    std::string username;
    std::string display_name;
};

struct SignOutcome {
    bool signed_visit = false;
    core::Coding coding;                  // what was derived
    std::vector<core::Problem> blocking;  // why it could not be signed, when it was not
};

// The coding fixed at signing: derived lines and problems, the UTC intervals and the rules version.
// With `today` (the clinic's date at the signature), an implausible date of service is an error.
// With `others` naming a store, an MUE per date of service counts what the patient's other signed visits
// bill that date (app/other_visits.hpp).
[[nodiscard]] storage::SignedCoding signed_coding(const core::Visit& visit, const settings::Config& config,
                                                  std::optional<std::chrono::year_month_day> today = std::nullopt,
                                                  const OtherVisits& others = {});
// The same from a coding already derived with that context (derive_with_other_visits): a signature
// shows and checks the very coding it stores, derived and counted once.
[[nodiscard]] storage::SignedCoding signed_coding(const core::Visit& visit, const settings::Config& config,
                                                  CodedWithOtherVisits coded);

// Why nobody signs in a database without users (nobody signed in: the login name is no signature).
inline constexpr const char* signing_needs_users =
    "this database has no users yet, and a signature is a signed-in nurse's: create the first administrator "
    "(`infusiondoc users add NAME --roles admin`), then the nurses";
// The rule for signing and amending, shared by the window, `import --sign` and amendments: done when
// `who` signed in, holds the nurse role now and is the visit's clinician; otherwise refused and audited.
[[nodiscard]] core::Status may_sign(const Acting& who, const std::string& what, const std::string& clinician,
                                    std::optional<storage::VisitId> visit);
// The same rule as the screen asks it before anyone presses Sign: why `who` would be refused (nullopt:
// they would not), from the session as signed in, without re-reading the account or auditing anything.
// may_sign still decides, when it is pressed.
[[nodiscard]] std::optional<std::string> signing_refusal(const Acting& who, const std::string& clinician);
// The same rule for an amendment of a signed visit, said as amending ("amending needs the nurse role ...").
[[nodiscard]] std::optional<std::string> amending_refusal(const Acting& who, const std::string& clinician);
// Why `who` may not document (start a visit, change a draft), asked by the screen before anyone types:
// nullopt when she holds the nurse role, as create and save_draft require (they still decide, audited).
[[nodiscard]] std::optional<std::string> documenting_refusal(const Acting& who);
// What an amendment that changes neither the documentation nor its lines records (it answers a correction
// request with its reason only): in its audit row, on the supervisor's screen and in "Sign this amendment?".
inline constexpr const char* nothing_changed = "nothing (it answers the correction request with its reason)";

// Why an amendment keeps its clinician: said by amend() when refused, and by the screen beforehand.
inline constexpr const char* performer_not_amended = "who performed a signed visit is not amended";

// An amendment recorded: its revision, and the other visits it asked to be amended.
struct Amended {
    int revision = 0;
    std::vector<RecodingAsked> others;
};

class VisitService {
public:
    // Signing and amending need this workstation's billing configuration to be the database's
    // (app/billing_configuration.hpp).
    VisitService(storage::Database& db, const settings::Config& config, const ClinicClock& clock,
                 BillingConfiguration& billing_configuration);

    // The coding as it would be signed now (the clinic's clock and today), counting what the patient's
    // other signed visits bill that date; `id`: the stored visit this is (none before it is stored).
    [[nodiscard]] core::Coding code(const core::Visit& visit, std::optional<storage::VisitId> id = std::nullopt) const;
    // What would refuse signing `visit` (coded as `coding`) now: the coding's blocking problems and any
    // documented time later than now, the same list sign() checks (signing_check.hpp).
    [[nodiscard]] std::vector<core::Problem> sign_blockers(const core::Visit& visit, const core::Coding& coding) const;
    // Seconds until a documented time now later than the service's clock has come, when sign_blockers
    // changes by itself; empty when none is.
    [[nodiscard]] std::optional<double> seconds_until_sign_blockers_change(const core::Visit& visit) const;
    [[nodiscard]] storage::SignedCoding signed_coding(const core::Visit& visit,
                                                      std::optional<storage::VisitId> id = std::nullopt) const {
        return app::signed_coding(visit, m_config, m_clock.today(), others(id));
    }

    // A visit under a patient id on record with another name is refused unless `naming` is rename
    // (confirmed by the nurse), which renames the patient and says so in the audit row (patient_names.hpp).
    [[nodiscard]] core::Result<storage::VisitId> create(
        const Acting& who, const core::Visit& visit,
        storage::PatientNaming naming = storage::PatientNaming::keep_record);
    // Why `who` may not change who performed a draft whose clinician is `clinician` (nullopt: she may).
    // Who performed a visit is the performer's word, as her signature is: only she names another nurse
    // (handing the visit over), and nobody takes a colleague's visit by naming herself. A draft naming
    // nobody who could sign it (blank, a typo, a disabled or non-nurse account) is any nurse's to name.
    // save_draft applies the same rule; this asks it without auditing, for the screen.
    [[nodiscard]] std::optional<std::string> clinician_fixed(const Acting& who, const std::string& clinician);
    // The nurses who can sign now (enabled, holding the nurse role), by username: whom a clinician
    // can hand a visit over to. Nurses only.
    [[nodiscard]] core::Result<std::vector<Colleague>> nurses(const Acting& who);
    // Saves a draft read at `read_version` (StoredVisit::version); returns its new version. A draft written
    // since by someone else is refused with ErrorKind::conflict naming who and when (edit_conflict.hpp),
    // and nothing is saved. A change of its clinician that clinician_fixed forbids is refused (audited).
    [[nodiscard]] core::Result<std::int64_t> save_draft(const Acting& who, storage::VisitId id,
                                                        std::int64_t read_version, const core::Visit& visit);
    // Signs when no problem blocks signing (core/signing_policy.hpp); otherwise says why and changes nothing.
    // With `read_version` (the window's copy), a draft written since is refused as save_draft refuses it;
    // without (the command line, which shows nothing first), the draft is signed as it is stored now.
    [[nodiscard]] core::Result<SignOutcome> sign(const Acting& who, storage::VisitId id,
                                                 std::optional<std::int64_t> read_version = std::nullopt);
    // A signed visit corrected by its clinician; resolves the supervisor's open correction requests.
    // Who performed it is not amended: a correction naming another clinician is refused (audited).
    // With `read_version` (the window's copy, opened before the nurse began correcting), an amendment
    // another workstation signed since is refused ("... since you opened it; nothing of yours was saved"),
    // never replaced unseen; without, the visit is amended as it is stored now.
    // The patient's other signed visits near its date whose lines the amendment changes are asked to be
    // amended in turn, and held from export until then (recoding_after_amendment.hpp).
    [[nodiscard]] core::Result<Amended> amend(const Acting& who, storage::VisitId id, const core::Visit& corrected,
                                              const std::string& reason,
                                              std::optional<std::int64_t> read_version = std::nullopt);
    // Reads a visit for a person and records the view in the audit log.
    [[nodiscard]] core::Result<storage::StoredVisit> open(const Acting& who, storage::VisitId id);
    // A biller's list holds signed and amended visits only, whatever the filter asks.
    [[nodiscard]] core::Result<storage::VisitPage> list(const Acting& who, storage::VisitFilter filter);
    [[nodiscard]] core::Result<std::vector<storage::PatientSummary>> find_patients(const Acting& who,
                                                                                   const std::string& text, int limit);
    // Patients on record under another id than `patient.id` with the same name (patient_names.hpp, namesakes):
    // what New visit asks about before a second patient of that name is made.
    [[nodiscard]] core::Result<std::vector<storage::PatientSummary>> namesakes(const Acting& who,
                                                                               const core::Patient& patient);
    // Sites of the patient's last `visits` visits (newest first), leaving out visit `except`; with
    // `before`, of the visits older than that one (its date, then its id): the context a past visit had.
    [[nodiscard]] core::Result<std::vector<SiteUse>> recent_sites(const Acting& who, const std::string& patient_id,
                                                                  int visits, std::optional<storage::VisitId> except,
                                                                  std::optional<storage::PageCursor> before = {});
    // What review added to a visit (its countersignature, site-care notes and correction requests), for
    // whoever may read the visit: `visits show` left out the countersignature (a reader could not tell a
    // countersigned visit from one never reviewed), then the notes and the requests (found from outside).
    [[nodiscard]] core::Result<ReviewRecord> review_record(const Acting& who, storage::VisitId id);
    // Where a signed visit stands with billing, as the billing worklist says it (ready, held, exported in
    // batch N, amended after export): its screen said "Billing ready" for a visit already exported
    // (found from outside). Empty for a draft or a visit without a date of service.
    [[nodiscard]] core::Result<std::optional<storage::WorklistRow>> billing_state(const Acting& who,
                                                                                  const storage::StoredVisit& visit);
    // The open correction requests that hold a patient's lines of a date (on any of her signed visits of that
    // date): what holds a draft of that patient and date once it is signed. The sign dialog said "Billing ready"
    // for such a draft, and the screen "held" right after (found from outside).
    [[nodiscard]] core::Result<std::vector<storage::RequestHold>> request_holds_of_date(
        const Acting& who, const std::string& patient_id, std::chrono::year_month_day date);
    // What others changed in draft `id` since `who` last saved it (since it was begun, if never): one entry
    // per person, with the parts their saves' audit rows name, in order. Said before signing: the screen's
    // "last saved by" did not say what a colleague had changed (found from outside).
    struct ChangeByOther {
        std::string user;
        std::string last_at;  // UTC, that person's last save
        std::vector<std::string> parts;
        // The reader never saved the draft (a colleague began it): the changes count from its beginning,
        // and "since you last saved it" would speak of a save that never was.
        bool since_begun = false;
    };
    [[nodiscard]] core::Result<std::vector<ChangeByOther>> changes_by_others(const Acting& who, storage::VisitId id);
    // Why each signed visit of `day` whose lines are held is held, in words (app/hold_reasons.hpp), for whoever
    // may read visits: Today said "held" with no reason (found from outside). One read of the day's held rows.
    [[nodiscard]] core::Result<std::map<storage::VisitId, std::vector<std::string>>> held_on(
        const Acting& who, std::chrono::year_month_day day);
    // Whether visit `id` was written since `version` was read (another window or workstation saved, signed
    // or amended it): who and when, in words (edit_conflict.hpp), or nothing. A version number read for
    // one already open: not audited as a view.
    [[nodiscard]] core::Result<std::optional<std::string>> written_since(const Acting& who, storage::VisitId id,
                                                                         std::int64_t version);
    // The open correction requests of a visit (shown beside "Add amendment").
    [[nodiscard]] core::Result<std::vector<storage::CorrectionRequest>> corrections(const Acting& who,
                                                                                    storage::VisitId id);

    // True unless the account named `username` is known not to sign: a failed read counts as one
    // who signs, so that nobody takes a visit over because the users could not be read. Import refuses a
    // file whose clinician does not sign: nobody could ever sign it.
    [[nodiscard]] bool signs_visits(const std::string& username);

private:
    [[nodiscard]] core::Status may_read(const Acting& who, const std::string& what) const;
    // A store's conflict said again in the clinic's time, from the visit as it is now.
    [[nodiscard]] core::Error said_in_clinic_time(storage::VisitId id, std::int64_t read_version,
                                                  core::Error stored) const;

    // Where an MUE per date of service reads the patient's other visits (app/other_visits.hpp).
    [[nodiscard]] OtherVisits others(std::optional<storage::VisitId> id) const { return {&m_db.reviews(), id}; }

    storage::Database& m_db;
    const settings::Config& m_config;
    const ClinicClock& m_clock;
    BillingConfiguration& m_billing_configuration;
};

}  // namespace infusion::app
