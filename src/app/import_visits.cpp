#include "app/import_visits.hpp"

#include "app/patient_names.hpp"
#include "app/signing_check.hpp"
#include "app/visit_service.hpp"
#include "core/codes.hpp"
#include "core/coding_context.hpp"
#include "core/infusion_time.hpp"
#include "core/signing_policy.hpp"
#include "core/terminal_text.hpp"
#include "core/wall_time.hpp"
#include "settings/visit_file.hpp"

#include <algorithm>

namespace infusion::app {

namespace {

// When a visit's infusion ran, for comparing two visits: each set-up's start and stop on the UTC line when
// its zone places them, else the start as written (an ambiguous or unknown time compares as text).
struct SetupTimes {
    std::optional<core::PreciseInstant> start;
    std::optional<core::PreciseInstant> stop;  // placed and after the start
    core::WallTime written;
};

std::vector<SetupTimes> setup_times(const core::Visit& visit, const settings::Config& config) {
    const auto zone = core::Zone::find(core::effective_time_zone(visit, config.clinic));
    const auto placed = [&](const core::WallTime& t) -> std::optional<core::PreciseInstant> {
        if (const auto r = core::resolve(t, zone); r.status == core::TimeResolution::ok) {
            return core::precise(r.instant, t);
        }
        return std::nullopt;
    };
    std::vector<SetupTimes> out;
    for (const auto& setup : visit.pump_setups) {
        if (!setup.start) continue;
        SetupTimes t{placed(*setup.start), std::nullopt, *setup.start};
        if (setup.stop && t.start) {
            if (auto stop = placed(*setup.stop); stop && *stop > *t.start) t.stop = stop;
        }
        out.push_back(t);
    }
    return out;
}

// One patient has one infusion at a time: set-ups of two visits that start within a quarter of an hour of
// each other, or whose times overlap, are the same infusion. A start alone (no stop) overlaps a set-up
// whose time holds it.
bool same_infusion(const SetupTimes& a, const SetupTimes& b) {
    if (!a.start || !b.start) return a.written == b.written;
    // Starts this close are one start written twice: a draft with no stop yet and its completed copy whose
    // start was corrected by a minute (found from outside). Nobody starts a second visit's infusion so soon.
    constexpr std::chrono::minutes same_start{15};
    if (*a.start - *b.start < same_start && *b.start - *a.start < same_start) return true;
    const auto holds = [](const SetupTimes& span, core::PreciseInstant at) {
        return span.stop && *span.start <= at && at < *span.stop;
    };
    return holds(a, *b.start) || holds(b, *a.start);
}

// A visit already stored for the same patient whose infusion ran at the same time: one patient cannot have
// two infusions at once, so it is this visit again: the same file imported twice, exported and imported
// back, or a copy whose times were corrected by a second or a minute (found from outside: each was
// imported and billed again; a correction is an amendment). Compared as instants, so "09:10" in the
// clinic's zone, "09:10-05:00" and "14:10Z" are one start. Searched by patient, three days either side of
// the date of service: dates are local, and two zones (Kiritimati, Pago Pago) and an infusion of up to a
// day put one instant on dates two days apart (found from outside). A few visits at most.
std::optional<storage::VisitId> already_stored(storage::VisitStore& store, const core::Visit& visit,
                                               const settings::Config& config,
                                               std::optional<std::chrono::year_month_day> date) {
    if (!date) return std::nullopt;
    using std::chrono::days;
    using std::chrono::sys_days;
    storage::VisitFilter filter;
    filter.from = std::chrono::year_month_day{sys_days{*date} - days{3}};
    filter.to = std::chrono::year_month_day{sys_days{*date} + days{3}};
    filter.patient_id = visit.patient.id;
    filter.limit = 20;
    auto page = store.list(filter);
    if (!page) return std::nullopt;  // nothing to compare with: the import itself reports a storage failure
    const auto ours = setup_times(visit, config);
    if (ours.empty()) return std::nullopt;
    for (const auto& row : page.value().rows) {
        auto stored = store.load(row.id);
        if (!stored) continue;
        for (const auto& theirs : setup_times(stored.value().current().content, config)) {
            for (const auto& mine : ours) {
                if (same_infusion(mine, theirs)) return row.id;
            }
        }
    }
    return std::nullopt;
}

}  // namespace

core::Result<std::vector<ImportedFile>> import_files(const Acting& who, Clinic& clinic,
                                                     const std::vector<std::filesystem::path>& files, bool sign,
                                                     const std::function<void(const ImportedFile&)>& done,
                                                     storage::PatientNaming naming) {
    if (auto ok = who.require(Role::nurse, sign ? "import and sign visits" : "import visits"); !ok) return ok.error();
    if (sign && who.open()) return who.refuse("import and sign visits", signing_needs_users);
    // Signed here, the files' lines follow this workstation's configuration: it must be the database's.
    if (sign) {
        if (auto ok = clinic.billing_configuration().require_accepted(who, "import and sign visits"); !ok) {
            return ok.error();
        }
    }
    storage::VisitStore& store = clinic.database().visits();
    const settings::Config& config = clinic.config();
    std::vector<ImportedFile> out;
    for (const auto& file : files) {
        ImportedFile result;
        result.file = file.string();
        auto read = settings::read_visit_file(file, config.sites);
        if (!read) {
            result.error = read.error();
        } else {
            core::Visit& visit = read.value().visit;
            // The patient on record: a file naming it otherwise is refused (patient_names.hpp), one naming
            // no allergies or birth date takes the record's.
            auto on_record = patient_on_record(store, visit.patient);
            if (on_record && on_record.value() && on_record.value()->patient_id != visit.patient.id &&
                on_record.value()->patient_id != core::trim_blanks(visit.patient.id)) {
                result.patient_note = "the file's patient id '" + visit.patient.id + "' is " +
                                      on_record.value()->patient_id + " on record: imported under " +
                                      on_record.value()->patient_id;
                visit.patient.id = on_record.value()->patient_id;
            }
            // A new id with the name of a patient on record under another: most often a mistyped id. Imported as
            // written (two people may share a name), and said (it made a second patient silently, found from
            // outside).
            const auto note = [&](const std::string& text) {
                result.patient_note = result.patient_note ? *result.patient_note + "; " + text : text;
            };
            if (on_record && !on_record.value()) {
                if (auto same = namesakes_on_record(store, visit.patient); same && !same.value().empty()) {
                    note(namesakes_note(visit.patient, same.value()));
                    result.namesake = true;
                }
            }
            // A rename (--rename-patients) is said on the patient line too, and a new name that is another
            // patient's: a script saw neither (found from outside).
            if (on_record && on_record.value() && naming == storage::PatientNaming::rename) {
                const storage::PatientSummary& record = *on_record.value();
                if (const auto before = other_name(on_record.value(), visit.patient)) {
                    note(record.patient_id + " renamed on record: " + *before + " -> " + visit.patient.name);
                    if (auto same = namesakes_on_record(store, visit.patient); same && !same.value().empty()) {
                        note(namesakes_note(visit.patient, same.value(), true));
                        result.namesake = true;
                    }
                }
                if (record.birth_date && visit.patient.birth_date && *record.birth_date != *visit.patient.birth_date) {
                    note(record.patient_id + "'s birth date changed on record: " +
                         core::format_date(*record.birth_date) + " -> " + core::format_date(*visit.patient.birth_date));
                }
            }
            // The record's name in other letters' case, spacing, punctuation or word order ("ADA  okonkwo" for
            // Okonkwo, Ada) is the patient on record: imported under the record's spelling, and said. It was refused
            // as another name, though the namesake check takes such names for one (found from outside).
            if (on_record && on_record.value() && naming == storage::PatientNaming::keep_record) {
                const std::string& recorded = on_record.value()->name;
                if (other_name(on_record.value(), visit.patient) && !name_key(recorded).empty() &&
                    name_key(recorded) == name_key(visit.patient.name)) {
                    note("the file's name '" + visit.patient.name + "' is " + recorded +
                         " on record: imported under the record's spelling");
                    visit.patient.name = recorded;
                }
            }
            std::optional<std::string> patient_refused;
            if (on_record && naming == storage::PatientNaming::keep_record) {
                patient_refused = imported_patient_refused(on_record.value(), visit.patient);
            } else if (on_record && other_name(on_record.value(), visit.patient) &&
                       core::has_control_character(visit.patient.name)) {
                // A rename to a name with a line break or an escape reached every list and the audit row
                // (found from outside); such a visit is held anyway (patient.name-invalid).
                patient_refused = "patient.name: '" + core::terminal_safe(visit.patient.name) +
                                  "' has control characters: the patient is not renamed to it; nothing was saved";
            }
            if (on_record) complete_from_record(on_record.value(), visit.patient);
            storage::VisitStore::NewVisit item{visit, std::nullopt, naming};
            // One clock reading per file is "now" for the date checks, the signature and the audit row.
            const storage::Actor actor = who.actor();
            const auto now = instant_of(actor.at);
            // Files are stored one by one: a second file for the same patient and date counts the first.
            const auto today = now ? clinic_today(config, *now) : std::nullopt;
            const auto code = [&] {
                auto coded =
                    signed_coding(visit, config, today, OtherVisits{&clinic.database().reviews(), std::nullopt});
                result.billable = coded.billable;
                result.checks.clear();
                result.held_by.clear();
                for (const auto& p : coded.problems) {
                    if (p.severity == core::Severity::warning && core::for_the_coder(p.code))
                        result.checks.push_back(p);
                    if (p.severity == core::Severity::error) result.held_by.push_back(p);
                }
                return coded;
            };
            const auto coding = code();
            if (sign) {
                // [ed. 2] the same checks as the window's signature, future times included.
                core::Coding derived;
                derived.problems = coding.problems;
                result.sign_blockers = signature_blockers(visit, derived, config, actor.at);
                const bool someone_else = !who.open() && visit.clinician != who.username();
                if (someone_else) {
                    result.sign_blockers.push_back(core::Problem{
                        core::Severity::error, "sign.not-the-clinician", "visit.clinician",
                        // A file naming no clinician read "only , who performed ..." (found from outside).
                        visit.clinician.empty()
                            ? "the file names no clinician: only the nurse who performed the "
                              "infusion can sign it"
                            : "only " + visit.clinician + ", who performed the infusion, can sign it"});
                }
                if (result.sign_blockers.empty()) item.sign = coding;
            }
            if (visit.patient.id.empty()) {
                result.error =
                    core::Error{"patient.id: missing: a visit cannot be stored without a patient", result.file, {}};
            } else if (!on_record) {
                result.error = on_record.error();
                result.error->file = result.file;
            } else if (patient_refused) {
                // A file naming a known id otherwise: a mistyped id, or a change the clinic confirms.
                result.error = core::Error{*patient_refused, result.file, {}};
            } else if (!who.open() && !visit.clinician.empty() && !clinic.visits().signs_visits(visit.clinician)) {
                // Only the visit's clinician signs it: a draft naming an account that cannot (none, disabled,
                // or not a nurse: a biller, the administrator) could never be signed (found from outside).
                const auto at = read.value().positions.find("visit.clinician");
                result.error =
                    core::Error{"visit.clinician: '" + core::terminal_safe(visit.clinician) +
                                    "' is not a nurse of this clinic who signs visits (no such account, "
                                    "disabled, or without the nurse role): nobody could sign this "
                                    "visit; nothing was saved",
                                result.file, at != read.value().positions.end() ? at->second : core::SourcePos{}};
            } else if (auto section = clinic.database().lock_imports(); !section) {
                result.error = section.error();
                result.error->file = result.file;
            } else if (auto earlier = already_stored(store, visit, config, coding.date_of_service)) {
                // The same file (or the same infusion) imported twice would be billed twice. The lock is
                // held from this look to the write below, so a second import running at once waits and
                // then finds this one's visit.
                result.error = core::Error{"already imported as visit " + std::to_string(*earlier) +
                                               " (the same patient, and infusion times that start together or "
                                               "overlap: one patient has one infusion at a time): not "
                                               "imported again, nothing was saved; a correction is an amendment",
                                           result.file,
                                           {}};
            } else {
                // Coded again when a visit of the patient and date was signed since the coding read them
                // (the store refuses the count as outdated): both would bill 96369.
                bool first = true;
                auto ids = retried_while_outdated([&] {
                    if (!first && item.sign) item.sign = code();
                    first = false;
                    return store.create_many({item}, actor);
                });
                if (!ids) {
                    result.error = ids.error();
                    result.error->file = result.file;
                    // FILE:LINE:COL as for every other field of the file.
                    const auto at = read.value().positions.find("patient.id");
                    if (result.error->message.rfind("patient.id: ", 0) == 0 && at != read.value().positions.end()) {
                        result.error->pos = at->second;
                    }
                } else {
                    result.id = ids.value().front();
                    result.signed_visit = item.sign.has_value();
                    if (sign && !who.open() && visit.clinician != who.username()) {
                        // The file is imported, its signing refused: on the record once, like any refusal.
                        (void)who.refuse(
                            "sign visit " + std::to_string(*result.id) + " from " + result.file,
                            "performed by " + visit.clinician + ", and only the visit's clinician signs it", result.id);
                    }
                }
            }
        }
        if (done) done(result);
        out.push_back(std::move(result));
    }
    return out;
}

}  // namespace infusion::app
