// Sections: 1. coding  2. the permission rules  3. writing  4. reading
#include "app/visit_service.hpp"

#include "app/draft_changes.hpp"

#include "app/patient_names.hpp"
#include "app/record_intact.hpp"

#include "app/audit_rows.hpp"
#include "app/edit_conflict.hpp"
#include "app/hold_reasons.hpp"
#include "app/signing_check.hpp"
#include "core/codes.hpp"
#include "core/infusion_time.hpp"
#include "core/review_flags.hpp"
#include "core/signing_policy.hpp"

#include <algorithm>

namespace infusion::app {
namespace {

std::string visit_text(storage::VisitId id) { return "visit " + std::to_string(id); }

}  // namespace

// ---- 1. coding ---------------------------------------------------------------------------------
VisitService::VisitService(storage::Database& db, const settings::Config& config, const ClinicClock& clock,
                           BillingConfiguration& billing_configuration)
    : m_db(db), m_config(config), m_clock(clock), m_billing_configuration(billing_configuration) {}

namespace {

// What is stored: [ed. 2] ICD-10-CM written without its dot is stored dotted (coding-rules.md 5), and the
// patient id without blanks around it (" MRN-7" was another patient, who billed 96369 again that date).
// The coding context of a signature on the clinic's date `today` (an implausible date of service is an error).
core::CodingContext coding_context_on(const settings::Config& config,
                                      std::optional<std::chrono::year_month_day> today) {
    core::CodingContext context = config.context();
    context.today = today;
    return context;
}

// Where an amendment's visit is coded: its patient and date of service as signed, and as corrected.
std::vector<PatientDate> where_coded(const storage::StoredVisit& stored, const core::Visit& corrected,
                                     const core::CodingContext& context) {
    std::vector<PatientDate> out;
    const storage::Revision& signed_revision = stored.current();
    if (signed_revision.coding && signed_revision.coding->date_of_service) {
        out.push_back({signed_revision.content.patient.id, *signed_revision.coding->date_of_service});
    }
    if (const auto date = core::derive(corrected, context).date_of_service)
        out.push_back({corrected.patient.id, *date});
    return out;
}

core::Visit in_stored_form(core::Visit visit) {
    // Blanks around a diagnosis or an NDC held the claim, where the patient id's were trimmed (found from
    // outside); a diagnosis typed in lower case was held as invalid.
    for (auto& code : visit.diagnoses) code = core::stored_icd10cm(code);
    for (auto& substance : visit.substances) substance.ndc = std::string(core::trim_blanks(substance.ndc));
    visit.patient.id = std::string(core::trim_blanks(visit.patient.id));
    return visit;
}

}  // namespace

core::Coding VisitService::code(const core::Visit& visit, std::optional<storage::VisitId> id) const {
    return code_at(visit, m_config, m_clock.now(), others(id));
}

std::vector<core::Problem> VisitService::sign_blockers(const core::Visit& visit, const core::Coding& coding) const {
    return signature_blockers(visit, coding, m_config, m_clock.now());
}

std::optional<double> VisitService::seconds_until_sign_blockers_change(const core::Visit& visit) const {
    return seconds_until_a_future_time_passes(visit, m_config, m_clock.now());
}

storage::SignedCoding signed_coding(const core::Visit& visit, const settings::Config& config,
                                    std::optional<std::chrono::year_month_day> today, const OtherVisits& others) {
    return signed_coding(visit, config, derive_with_other_visits(visit, coding_context_on(config, today), others));
}

storage::SignedCoding signed_coding(const core::Visit& visit, const settings::Config& config,
                                    CodedWithOtherVisits coded) {
    const core::Coding& coding = coded.coding;
    storage::SignedCoding out;
    out.counted = std::move(coded.counted);
    out.rules_version = config.rules.version;
    out.billable = coding.billable;
    out.infusion_minutes = coding.infusion_minutes;
    out.date_of_service = coding.date_of_service;
    // A visit signed with billing held keeps the lines it would support: a coder sees them, and the
    // export only ever takes lines of billable revisions.
    out.lines = coding.billable ? coding.lines : coding.held_lines;
    out.problems = coding.problems;
    const auto time = core::compute_infusion_time(visit, core::effective_time_zone(visit, config.clinic), config.rules);
    out.intervals.assign(time.intervals.begin(), time.intervals.end());
    // What the supervisor's review will look at, fixed with the signature (core/review_flags.hpp).
    out.review = core::SignedReview{
        core::review_flags(visit, core::SignedFacts{coding.billable, coding.infusion_minutes}, config.review),
        config.review};
    return out;
}

// ---- 2. the permission rules -------------------------------------------------------------------
namespace {

// A signature is the performer's word: nobody signs for someone else (a database without users has
// nobody signed in to compare with).
// `verb`: what only the clinician does ("signs", "amends").
std::optional<std::string> not_the_performer(const Acting& who, const std::string& clinician,
                                             const char* verb = "signs") {
    if (who.open() || clinician == who.username()) return std::nullopt;
    return "performed by " + (clinician.empty() ? std::string("nobody named") : clinician) +
           ", and only the visit's clinician " + verb + " it";
}

// Documenting and signing are a nurse's: what the screen says to anyone else before they try.
std::optional<std::string> needs_a_nurse(const Acting& who, const char* doing) {
    if (who.holds(Role::nurse)) return std::nullopt;
    return std::string(doing) + " needs the nurse role and " + who.username() + " is not signed in as a nurse";
}

}  // namespace

core::Status may_sign(const Acting& who, const std::string& what, const std::string& clinician,
                      std::optional<storage::VisitId> visit) {
    // Signing is the nurse's clinical word: an administrator or a biller alone never signs.
    if (auto ok = who.require(Role::nurse, what); !ok) return ok;
    if (auto why = not_the_performer(who, clinician)) return who.refuse(what, *why, visit);
    return core::Done{};
}

std::optional<std::string> documenting_refusal(const Acting& who) { return needs_a_nurse(who, "documenting"); }

std::optional<std::string> signing_refusal(const Acting& who, const std::string& clinician) {
    if (auto why = needs_a_nurse(who, "signing")) return why;
    return not_the_performer(who, clinician);
}

std::optional<std::string> amending_refusal(const Acting& who, const std::string& clinician) {
    // The same rule as signing (an amendment is signed by the clinician, may_sign), in the words of amending.
    if (auto why = needs_a_nurse(who, "amending")) return why;
    return not_the_performer(who, clinician, "amends");
}

bool VisitService::signs_visits(const std::string& username) {
    if (username.find_first_not_of(" \t") == std::string::npos) return false;
    auto found = m_db.users().find(username);
    if (!found) return true;
    if (!found.value()) return false;
    const storage::UserRecord& user = *found.value();
    const bool nurse = std::find(user.roles.begin(), user.roles.end(), to_string(Role::nurse)) != user.roles.end();
    return nurse && !user.disabled && user.matches_audit;
}

std::optional<std::string> VisitService::clinician_fixed(const Acting& who, const std::string& clinician) {
    if (who.open() || clinician == who.username() || !signs_visits(clinician)) return std::nullopt;
    return "performed by " + clinician + ": only " + clinician + " can hand this visit over to another clinician";
}

core::Result<std::vector<Colleague>> VisitService::nurses(const Acting& who) {
    if (auto ok = who.require(Role::nurse, "list the nurses"); !ok) return ok.error();
    auto users = m_db.users().list();
    if (!users) return users.error();
    std::vector<Colleague> out;
    for (const auto& user : users.value()) {
        if (signs_visits(user.username)) out.push_back(Colleague{user.username, user.display_name});
    }
    std::sort(out.begin(), out.end(), [](const Colleague& a, const Colleague& b) { return a.username < b.username; });
    return out;
}

core::Status VisitService::may_read(const Acting& who, const std::string& what) const {
    if (who.holds(Role::nurse) || who.holds(Role::supervisor))
        return who.require_any({Role::nurse, Role::supervisor}, what);
    if (who.holds(Role::biller)) return who.require(Role::biller, what);
    return who.require_any({Role::nurse, Role::supervisor, Role::biller}, what);  // refused, audited
}

// ---- 3. writing --------------------------------------------------------------------------------
core::Result<storage::VisitId> VisitService::create(const Acting& who, const core::Visit& typed,
                                                    storage::PatientNaming naming) {
    const core::Visit visit = in_stored_form(typed);  // the patient is looked up by the id as stored
    const std::string what = "document a visit for " + (visit.patient.id.empty() ? "a patient" : visit.patient.id);
    if (auto ok = who.require(Role::nurse, what); !ok) return ok.error();
    if (naming == storage::PatientNaming::keep_record) {
        auto other = other_name_on_record(m_db.visits(), visit.patient);
        if (!other) return other.error();
        if (other.value()) {
            return core::Error{rename_refused(visit.patient, *other.value(),
                                              "A change of the patient's name is confirmed as a rename")};
        }
    }
    return m_db.visits().create_draft(visit, who.actor(), naming);
}

core::Error VisitService::said_in_clinic_time(storage::VisitId id, std::int64_t read_version,
                                              core::Error stored) const {
    if (stored.kind != core::ErrorKind::conflict) return stored;
    auto now = m_db.visits().load(id);
    // The store's own message stands when the visit cannot be read back, or was not written since (a
    // conflict of another kind: already signed when read).
    if (!now || now.value().version == read_version || now.value().changed_at.empty()) return stored;
    return edit_conflict(now.value(), m_clock);
}

core::Result<std::int64_t> VisitService::save_draft(const Acting& who, storage::VisitId id, std::int64_t read_version,
                                                    const core::Visit& visit) {
    if (auto ok = who.require(Role::nurse, "change " + visit_text(id)); !ok) return ok.error();
    // Who may name the clinician is decided from the stored draft: one that cannot be read is not saved,
    // rather than saved unchecked.
    auto stored = m_db.visits().load(id);
    if (!stored) return stored.error();
    if (const std::string& before = stored.value().current().content.clinician; before != visit.clinician) {
        if (auto why = clinician_fixed(who, before)) {
            return who.refuse("name " + (visit.clinician.empty() ? std::string("nobody") : visit.clinician) +
                                  " as the clinician of " + visit_text(id),
                              *why, id);
        }
    }
    // The coding it would be signed with today is kept with it, so signing it writes less (issue 15).
    const core::Visit stored_form = in_stored_form(visit);
    const storage::SignedCoding coding = signed_coding(stored_form, id);
    auto saved = m_db.visits().save_draft(id, read_version, stored_form, who.actor(), &coding,
                                          changed_parts(stored.value().current().content, stored_form));
    if (!saved && saved.error().kind == core::ErrorKind::conflict) {
        // Signed since it was read, or saved by someone else: both are "since you opened it".
        return said_in_clinic_time(id, read_version, saved.error());
    }
    return saved;
}

core::Result<SignOutcome> VisitService::sign(const Acting& who, storage::VisitId id,
                                             std::optional<std::int64_t> read_version) {
    auto stored = m_db.visits().load(id);
    if (!stored) return stored.error();
    const core::Visit& visit = stored.value().current().content;
    if (auto ok = may_sign(who, "sign " + visit_text(id), visit.clinician, id); !ok) return ok.error();
    // The window's copy is older than the stored draft: signing would seal what the nurse has not seen.
    if (read_version && *read_version != stored.value().version) return edit_conflict(stored.value(), m_clock);
    if (stored.value().status != storage::VisitStatus::draft) {
        return core::Error::of(core::ErrorKind::conflict, visit_text(id) + " is already signed");
    }
    if (auto ok = m_billing_configuration.require_accepted(who, "sign " + visit_text(id)); !ok) return ok.error();
    // One clock reading for the whole signature: the checks and the record agree on "now".
    const storage::Actor signer = who.actor();
    const auto now = instant_of(signer.at);
    const auto today = now ? clinic_today(m_config, *now) : std::nullopt;
    SignOutcome out;
    // Coded again when another visit of the patient and date was signed between the coding and the write
    // (the store refuses the coding as outdated): it may bill what this one would bill again (96369).
    auto done = retried_while_outdated([&]() -> core::Status {
        // One derivation, and one read of the other visits, for what is checked, shown and stored.
        CodedWithOtherVisits coded = derive_with_other_visits(visit, coding_context_on(m_config, today), others(id));
        out.coding = coded.coding;
        // [ed. 2] A time later than the signature (beyond the clock skew) blocks it, like any blocking problem.
        out.blocking = signature_blockers(visit, out.coding, m_config, signer.at);
        if (!out.blocking.empty()) return core::Done{};
        // The version read above: a save landing between that read and this write is refused, not signed unseen.
        return m_db.visits().sign(id, stored.value().version, app::signed_coding(visit, m_config, std::move(coded)),
                                  signer);
    });
    if (!done) return said_in_clinic_time(id, stored.value().version, done.error());
    if (!out.blocking.empty()) return out;
    out.signed_visit = true;
    return out;
}

core::Result<Amended> VisitService::amend(const Acting& who, storage::VisitId id, const core::Visit& corrected,
                                          const std::string& reason, std::optional<std::int64_t> read_version) {
    auto stored = m_db.visits().load(id);
    if (!stored) return stored.error();
    // The clinician of the signed record corrects it; a supervisor asks for a correction instead.
    if (auto ok = may_sign(who, "amend " + visit_text(id), stored.value().current().content.clinician, id); !ok) {
        return ok.error();
    }
    if (const std::string& performer = stored.value().current().content.clinician; corrected.clinician != performer) {
        return who.refuse("amend " + visit_text(id), std::string(performer_not_amended) + ": it stays " + performer,
                          id);
    }
    if (reason.empty()) return core::Error::of(core::ErrorKind::invalid, "say why the visit is amended");
    if (auto intact = signed_record_intact(m_db.visits(), id, "amended"); !intact) return intact.error();
    if (auto ok = m_billing_configuration.require_accepted(who, "amend " + visit_text(id)); !ok) return ok.error();
    const core::Visit visit = in_stored_form(corrected);
    const storage::Actor signer = who.actor();
    // An amendment is coded with the rules of today (rules version recorded with it); the signed
    // revision before it keeps its own lines.
    const auto now = instant_of(signer.at);
    const auto today = now ? clinic_today(m_config, *now) : std::nullopt;
    const std::int64_t version = read_version.value_or(stored.value().version);
    const core::CodingContext context = coding_context_on(m_config, today);
    // The other visits whose coding counted this one, coded before it changes (recoding_after_amendment.hpp).
    const auto neighbours = neighbours_before_amendment(m_db, where_coded(stored.value(), visit, context), id, context);
    if (!neighbours) {
        return core::Error::of(neighbours.error().kind,
                               "the amendment is not signed: the patient's other visits of the date, which may "
                               "count this one, could not be read: " +
                                   neighbours.error().message);
    }
    const storage::Revision& before = stored.value().current();
    // A correction request open on the visit: an amendment that changes nothing may answer it ("checked: the
    // lot number is right"), said as such; otherwise it records nothing and is refused.
    auto review = read_review_record(m_db.reviews(), id);
    if (!review) return review.error();
    const bool request_open = std::any_of(review.value().corrections.begin(), review.value().corrections.end(),
                                          [](const storage::CorrectionRequest& r) { return r.open(); });
    auto revision = retried_while_outdated([&]() -> core::Result<int> {
        // One derivation, and one read of the other visits, for what is checked and stored.
        CodedWithOtherVisits coded = derive_with_other_visits(visit, context, others(id));
        if (const auto blockers = signature_blockers(visit, coded.coding, m_config, signer.at); !blockers.empty()) {
            const core::Problem& p = blockers.front();
            return core::Error::of(core::ErrorKind::invalid,
                                   "the amendment cannot be signed: " + p.message + " [" + p.field + "]");
        }
        storage::SignedCoding signing = app::signed_coding(visit, m_config, std::move(coded));
        // What the amendment changes is named in its audit row and on the supervisor's screen: one that
        // changed nothing closed a correction request and lifted its billing hold, and both said only
        // "corrected" (found from outside). A visit coded again after a neighbour's amendment changes its lines.
        const bool unchanged = before.content == visit && before.coding && before.coding->lines == signing.lines &&
                               before.coding->billable == signing.billable;
        if (unchanged && !request_open) {
            return core::Error::of(core::ErrorKind::invalid,
                                   "nothing to amend: the documentation and its billing lines are as signed; correct "
                                   "what is wrong first, then sign the amendment");
        }
        signing.changed = unchanged ? std::string(nothing_changed) : changed_parts(before.content, visit);
        if (signing.changed.empty()) signing.changed = "billing lines only (coded again)";
        return m_db.visits().amend(id, version, visit, reason, std::move(signing), signer);
    });
    if (!revision) return said_in_clinic_time(id, version, revision.error());
    // The amendment answers the supervisor's open correction requests: they leave the nurse's list.
    if (auto resolved = m_db.reviews().resolve_corrections(id, revision.value(), signer); !resolved) {
        return core::Error{"the amendment is signed, but the correction request stays open: " +
                           resolved.error().message};
    }
    auto asked = ask_changed_neighbours_to_recode(m_db, neighbours.value(), id, revision.value(), context, signer);
    if (!asked) return asked.error();
    return Amended{revision.value(), std::move(asked).value()};
}

// ---- 4. reading --------------------------------------------------------------------------------
core::Result<storage::StoredVisit> VisitService::open(const Acting& who, storage::VisitId id) {
    const std::string what = "read " + visit_text(id);
    if (auto ok = may_read(who, what); !ok) return ok.error();
    auto stored = m_db.visits().load(id);
    if (!stored) return stored;
    // A draft is not yet a record: whoever reads only as a biller sees signed and amended visits.
    if (stored.value().status == storage::VisitStatus::draft && !who.open() && !who.holds(Role::nurse) &&
        !who.holds(Role::supervisor)) {
        return who.refuse(what, "it is a draft, and billers read signed visits only", id);
    }
    // Who looked at which record is part of the record (HIPAA audit controls): no row, no view.
    if (auto logged = record_reading(m_db.audit(), "view", id, "visit opened", who.actor()); !logged) {
        core::Error e = logged.error();
        e.message = "the visit is not shown: " + e.message;
        return e;
    }
    return stored;
}

core::Result<storage::VisitPage> VisitService::list(const Acting& who, storage::VisitFilter filter) {
    if (auto ok = may_read(who, "list visits"); !ok) return ok.error();
    if (!who.open() && !who.holds(Role::nurse) && !who.holds(Role::supervisor)) {
        // Asked for drafts by name, a biller is told why there are none, on the record like any refusal: an
        // empty list (the window's "no visit to show") read as if the clinic had no drafts (found from outside).
        if (filter.status == storage::VisitStatus::draft) {
            return who.refuse("list draft visits", "a draft is not yet a record, and billers read signed visits only");
        }
        filter.signed_only = true;
    }
    return m_db.visits().list(filter);
}

core::Result<std::optional<std::string>> VisitService::written_since(const Acting& who, storage::VisitId id,
                                                                     std::int64_t version) {
    if (auto ok = may_read(who, "read " + visit_text(id)); !ok) return ok.error();
    auto now = m_db.visits().load(id);
    if (!now) return now.error();
    if (now.value().version == version) return std::optional<std::string>{};
    return std::optional<std::string>{written_elsewhere(now.value(), m_clock)};
}

core::Result<std::vector<storage::PatientSummary>> VisitService::find_patients(const Acting& who,
                                                                               const std::string& text, int limit) {
    if (auto ok = who.require_any({Role::nurse, Role::supervisor}, "search patients"); !ok) return ok.error();
    return m_db.visits().find_patients(text, limit);
}

core::Result<std::vector<storage::PatientSummary>> VisitService::namesakes(const Acting& who,
                                                                           const core::Patient& patient) {
    if (auto ok = who.require_any({Role::nurse, Role::supervisor}, "search patients"); !ok) return ok.error();
    return namesakes_on_record(m_db.visits(), patient);
}

core::Result<std::vector<SiteUse>> VisitService::recent_sites(const Acting& who, const std::string& patient_id,
                                                              int visits, std::optional<storage::VisitId> except,
                                                              std::optional<storage::PageCursor> before) {
    const std::string what = "read the sites used for patient " + patient_id;
    if (auto ok = who.require_any({Role::nurse, Role::supervisor}, what); !ok) return ok.error();
    storage::VisitFilter filter;
    filter.patient_id = patient_id;
    filter.limit = visits + 1;
    filter.after = std::move(before);  // newest first: "after" in the list is older
    auto page = m_db.visits().list(filter);
    if (!page) return page.error();
    std::vector<SiteUse> out;
    int taken = 0;
    for (const auto& row : page.value().rows) {
        if (except && row.id == *except) continue;
        if (taken++ == visits) break;
        auto stored = m_db.visits().load(row.id);
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

core::Result<ReviewRecord> VisitService::review_record(const Acting& who, storage::VisitId id) {
    if (auto ok = may_read(who, "read the review record of " + visit_text(id)); !ok) return ok.error();
    return read_review_record(m_db.reviews(), id);
}

core::Result<std::optional<storage::WorklistRow>> VisitService::billing_state(const Acting& who,
                                                                              const storage::StoredVisit& visit) {
    if (auto ok = may_read(who, "read the billing state of " + visit_text(visit.id)); !ok) return ok.error();
    if (visit.status == storage::VisitStatus::draft) return std::optional<storage::WorklistRow>{};
    const auto date = visit.current().coding ? visit.current().coding->date_of_service : std::nullopt;
    if (!date) return std::optional<storage::WorklistRow>{};
    // The worklist's own reading of the visit: one date and one patient, a few rows at most.
    storage::WorklistFilter filter;
    filter.from = *date;
    filter.to = *date;
    filter.patient_id = visit.current().content.patient.id;
    filter.limit = 50;
    auto page = m_db.billing().worklist(filter);
    if (!page) return page.error();
    for (auto& row : page.value().rows) {
        if (row.id == visit.id) return std::optional<storage::WorklistRow>{std::move(row)};
    }
    return std::optional<storage::WorklistRow>{};
}

core::Result<std::vector<storage::RequestHold>> VisitService::request_holds_of_date(const Acting& who,
                                                                                    const std::string& patient_id,
                                                                                    std::chrono::year_month_day date) {
    if (auto ok = may_read(who, "read the billing state of patient " + patient_id); !ok) return ok.error();
    // The requests themselves, not the worklist's held rows: a request on a visit whose lines were all sent
    // holds nothing of its own, but the next line of that patient and date (found from outside).
    return m_db.reviews().open_requests_of_date(patient_id, date);
}

core::Result<std::vector<VisitService::ChangeByOther>> VisitService::changes_by_others(const Acting& who,
                                                                                       storage::VisitId id) {
    if (auto ok = may_read(who, "read who changed " + visit_text(id)); !ok) return ok.error();
    // The visit's own audit rows (an indexed read by visit), oldest first, a page at a time: a draft saved
    // as it is typed has a row per save.
    std::vector<ChangeByOther> out;
    bool reader_saved = false;
    storage::AuditFilter filter;
    filter.visit_id = id;
    for (int pages = 0; pages < 1000; ++pages) {
        auto rows = m_db.audit().entries(filter);
        if (!rows) return rows.error();
        for (const auto& row : rows.value()) {
            if (row.action != "create" && row.action != "change") continue;
            if (row.actor == who.username()) {
                out.clear();  // what came before the reader's own save, she saw
                reader_saved = true;
                continue;
            }
            const auto same =
                std::find_if(out.begin(), out.end(), [&](const ChangeByOther& c) { return c.user == row.actor; });
            ChangeByOther& change = same != out.end() ? *same : out.emplace_back(ChangeByOther{row.actor, {}, {}});
            change.last_at = row.at;
            add_parts(change.parts,
                      row.action == "create" ? std::vector<std::string>{"begun"} : parts_named(row.detail));
        }
        if (rows.value().size() < static_cast<std::size_t>(filter.limit)) break;
        filter.after_id = rows.value().back().id;
    }
    for (auto& change : out) change.since_begun = !reader_saved;
    return out;
}

core::Result<std::map<storage::VisitId, std::vector<std::string>>> VisitService::held_on(
    const Acting& who, std::chrono::year_month_day day) {
    if (auto ok = may_read(who, "read why visits are held"); !ok) return ok.error();
    std::map<storage::VisitId, std::vector<std::string>> out;
    storage::WorklistFilter filter;
    filter.from = day;
    filter.to = day;
    filter.state = storage::WorklistState::held;
    filter.limit = 200;
    // A day's held visits are a handful; the pages are followed all the same, so none reads as unexplained.
    for (int pages = 0; pages < 50; ++pages) {
        auto page = m_db.billing().worklist(filter);
        if (!page) return page.error();
        for (const auto& row : page.value().rows) out[row.id] = hold_reasons(row, who.clock().time_zone());
        if (!page.value().next) break;
        filter.after = page.value().next;
    }
    return out;
}

core::Result<std::vector<storage::CorrectionRequest>> VisitService::corrections(const Acting& who,
                                                                                storage::VisitId id) {
    if (auto ok = who.require_any({Role::nurse, Role::supervisor}, "read the correction requests of " + visit_text(id));
        !ok) {
        return ok.error();
    }
    return m_db.reviews().corrections(id);
}

}  // namespace infusion::app
