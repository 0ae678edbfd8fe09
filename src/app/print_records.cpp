// Sections: 1. the record from the store  2. who may print  3. printing  4. the system's print command
#include "app/print_records.hpp"

#include "app/atomic_file.hpp"
#include "app/audit_rows.hpp"
#include "app/review_record.hpp"
#include "core/time_entry.hpp"
#include "print/visit_record.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace infusion::app {
namespace {

const char* seal_source =
    "Seal: the SHA-256 of the audit-log row that recorded the signing or amendment, chained to every earlier "
    "row (infusiondoc audit verify recomputes it).";

bool may_print_drafts(const Acting& who) {
    if (who.open()) return true;
    const Session* s = who.session();
    return s != nullptr && (s->has(Role::nurse) || s->has(Role::supervisor));
}

// The PDF written whole or not at all: made in memory, written to a file without a name, flushed,
// then put in place of any earlier file of that name (printing a visit again saves over its last PDF).
// A print killed at any moment leaves the folder as it was.
core::Status write_pdf_file(const print::Document& doc, const std::filesystem::path& out) {
    auto pdf = print::render_pdf(doc);
    if (!pdf) return core::Error{pdf.error().message, out.string(), {}};
    auto file = AtomicFile::create_replacing(out, "%PDF-");  // only an earlier PDF is saved over
    if (!file) return file.error();
    if (auto written = file.value().write(pdf.value()); !written) return written;
    return file.value().publish();
}

}  // namespace

RecordPrinter::RecordPrinter(storage::Database& db, const settings::Config& config, Clock clock)
    : m_db(db), m_config(config), m_clock(std::move(clock)) {}

// ---- 1. the record from the store -------------------------------------------------------------------
core::Result<print::VisitRecord> RecordPrinter::record(storage::VisitId id) {
    auto stored = m_db.visits().load(id);
    if (!stored) return stored.error();
    const auto& visit = stored.value();
    print::VisitRecord r;
    r.id = visit.id;
    r.status = storage::to_string(visit.status);
    r.created_by = visit.created_by;
    r.created_at = visit.created_at;
    r.content = visit.current().content;
    r.seal_source = seal_source;
    // The seals: the audit rows of the signing and of each amendment, in order (revision 0, 1, ...).
    std::vector<std::string> seals;
    storage::AuditFilter filter;
    filter.visit_id = id;
    if (auto entries = m_db.audit().entries(filter)) {
        for (const auto& e : entries.value()) {
            if (e.action == "sign" || e.action == "amend") seals.push_back(e.hash);
        }
    }
    for (const auto& rev : visit.revisions) {
        print::RevisionRecord p;
        p.number = rev.number;
        p.author = rev.author;
        p.created_at = rev.created_at;
        p.reason = rev.reason;
        p.sealed = rev.sealed;
        p.signed_by = rev.signed_by;
        p.signed_at = rev.signed_at;
        if (rev.coding) {
            p.rules_version = rev.coding->rules_version;
            p.billable = rev.coding->billable;
            p.infusion_minutes = rev.coding->infusion_minutes;
            p.lines = rev.coding->lines;
            p.problems = rev.coding->problems;
            if (rev.coding->date_of_service) r.date_of_service = core::format_date(*rev.coding->date_of_service);
        }
        const auto index = static_cast<std::size_t>(rev.number);
        if (rev.sealed && index < seals.size()) p.seal = seals[index];
        r.revisions.push_back(std::move(p));
    }
    if (r.date_of_service.empty()) {
        if (auto d = core::first_start_date(r.content)) r.date_of_service = core::format_date(*d);
    }
    // The review's stamps in the clinic's zone, as every other stamp of the record (record_pdf.cpp).
    const std::string& zone = m_config.clinic.time_zone;
    if (auto all = m_db.reviews().countersignatures(id)) {
        const auto* current = countersignature_of(all.value(), visit.current().number);
        for (const auto& c : all.value()) {
            if (&c == current) {
                r.countersignature = print::Countersignature{c.supervisor, c.at, c.comment, c.revision};
            } else {
                // Said beside the record, not as its countersignature: an amendment came after it.
                r.review.push_back("Revision " + std::to_string(c.revision) + " countersigned by " + c.supervisor +
                                   ", " + core::format_stamp(c.at, zone) + "; amended since" +
                                   (c.comment.empty() ? "" : ". Comment: " + c.comment));
            }
        }
    }
    if (auto notes = m_db.reviews().site_care_notes(id)) {
        for (const auto& n : notes.value()) {
            std::string conditions;
            for (const auto& c : n.conditions) conditions += (conditions.empty() ? "" : ", ") + c;
            r.review.push_back("Site-care note by " + n.author + ", " + core::format_stamp(n.at, zone) +
                               (n.location.empty() ? "" : ", " + n.location) + ": grade " + std::to_string(n.grade) +
                               (conditions.empty() ? "" : " (" + conditions + ")") +
                               (n.text.empty() ? "" : ". " + n.text));
        }
    }
    if (auto requests = m_db.reviews().corrections(id)) {
        for (const auto& q : requests.value()) {
            r.review.push_back(
                "Correction requested by " + q.requested_by + ", " + core::format_stamp(q.at, zone) + " (revision " +
                std::to_string(q.revision) + "): " + q.reason +
                (q.resolved_revision ? ". Answered by amendment " + std::to_string(*q.resolved_revision) : ". Open."));
        }
    }
    return r;
}

// ---- 3. printing --------------------------------------------------------------------------------------
core::Status RecordPrinter::record_prints(const std::vector<storage::VisitId>& ids, const std::filesystem::path& out,
                                          const storage::Actor& actor) {
    for (auto id : ids) {
        auto logged = record_reading(m_db.audit(), "print", id, "visit record to " + out.string(), actor);
        if (!logged) {
            std::error_code ec;
            std::filesystem::remove(out, ec);
            core::Error e = logged.error();
            e.message = "the PDF was not kept: " + e.message;
            return e;
        }
    }
    return core::Done{};
}

core::Result<PrintOutcome> RecordPrinter::print_visits(const Acting& who, const std::string& user,
                                                       const std::vector<storage::VisitId>& ids,
                                                       const std::filesystem::path& out) {
    // ---- 2. who may print
    if (auto ok = who.require_any({Role::nurse, Role::supervisor, Role::biller}, "print visit records"); !ok) {
        return ok.error();
    }
    if (ids.empty()) return core::Error{"no visit to print", {}, {}};
    print::Document doc;
    doc.clinic = m_config.clinic;
    doc.sites = m_config.sites.sites;
    doc.paper = m_config.paper == "a4" ? print::Paper::a4 : print::Paper::letter;
    doc.printed_by = user;
    doc.printed_at = m_clock();
    const storage::Actor actor{user, doc.printed_at};
    for (auto id : ids) {
        auto r = record(id);
        if (!r) return core::Error{"visit " + std::to_string(id) + ": " + r.error().message, {}, {}};
        if (r.value().status == "draft" && !may_print_drafts(who)) {
            return with_refusal_row(m_db.audit(),
                                    core::Error::of(core::ErrorKind::refused,
                                                    "visit " + std::to_string(id) +
                                                        " is a draft: billers print signed visits only (nothing was "
                                                        "written)"),
                                    "refused", id, "print: a draft, to a biller", actor);
        }
        doc.visits.push_back(std::move(r.value()));
    }
    if (auto written = write_pdf_file(doc, out); !written) return written.error();
    if (auto logged = record_prints(ids, out, actor); !logged) return logged.error();
    return PrintOutcome{out, ids};
}

core::Result<PrintOutcome> RecordPrinter::print_patient(const Acting& who, const std::string& user,
                                                        const std::string& patient_id, std::chrono::year_month_day from,
                                                        std::chrono::year_month_day to,
                                                        const std::filesystem::path& out) {
    if (auto ok = who.require_any({Role::nurse, Role::supervisor, Role::biller}, "print visit records"); !ok) {
        return ok.error();
    }
    if (to < from) return core::Error{"--to is before --from", {}, {}};
    std::vector<storage::VisitId> ids;
    storage::VisitFilter filter;
    filter.patient_id = patient_id;
    filter.from = from;
    filter.to = to;
    filter.limit = 500;
    std::optional<storage::PatientSummary> patient;
    std::size_t drafts_left_out = 0;
    while (true) {
        auto page = m_db.visits().list(filter);
        if (!page) return page.error();
        for (const auto& row : page.value().rows) {
            if (row.status == storage::VisitStatus::draft && !may_print_drafts(who)) {
                ++drafts_left_out;
                continue;
            }
            ids.push_back(row.id);
        }
        if (!page.value().next) break;
        filter.after = page.value().next;
    }
    std::reverse(ids.begin(), ids.end());  // oldest first, as a chart reads
    if (auto found = m_db.visits().find_patients(patient_id, 10)) {
        for (const auto& p : found.value()) {
            if (p.patient_id == patient_id) patient = p;
        }
    }
    if (!patient) return core::Error{"no patient with id " + patient_id, {}, {}};
    // A cover page alone carries the patient's name, id and birth date, and every printed record is
    // audited per visit: with no visit to print there is nothing to send, so nothing is written.
    if (ids.empty()) {
        return core::Error{
            "no visit of patient " + patient_id + " to print from " + core::format_date(from) + " to " +
                core::format_date(to) +
                (drafts_left_out > 0 ? " (" + std::to_string(drafts_left_out) + " draft(s), which billers do not print)"
                                     : std::string()) +
                ": nothing was written",
            {},
            {},
            core::ErrorKind::not_found};
    }
    print::Document doc;
    doc.clinic = m_config.clinic;
    doc.sites = m_config.sites.sites;
    doc.paper = m_config.paper == "a4" ? print::Paper::a4 : print::Paper::letter;
    doc.printed_by = user;
    doc.printed_at = m_clock();
    doc.cover = print::Cover{patient->patient_id, patient->name,
                             patient->birth_date ? core::format_date(*patient->birth_date) : std::string(),
                             core::format_date(from), core::format_date(to)};
    for (auto id : ids) {
        auto r = record(id);
        if (!r) return core::Error{"visit " + std::to_string(id) + ": " + r.error().message, {}, {}};
        doc.visits.push_back(std::move(r.value()));
    }
    if (auto written = write_pdf_file(doc, out); !written) return written.error();
    if (auto logged = record_prints(ids, out, storage::Actor{user, doc.printed_at}); !logged) return logged.error();
    return PrintOutcome{out, ids};
}

// ---- 4. the system's print command -------------------------------------------------------------------
core::Status send_to_printer(const std::filesystem::path& pdf) {
    // No shell: the file name goes to lp as one argument, whatever characters it holds.
    const pid_t child = fork();
    if (child < 0) return core::Error{"cannot start the print command", {}, {}};
    if (child == 0) {
        const std::string path = pdf.string();
        execlp("lp", "lp", "--", path.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    if (waitpid(child, &status, 0) < 0) return core::Error{"the print command did not finish", {}, {}};
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        return core::Error{"no print command (lp) on this computer: the PDF is saved at " + pdf.string(), {}, {}};
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return core::Error{"the print command (lp) failed; the PDF is saved at " + pdf.string(), {}, {}};
    }
    return core::Done{};
}

}  // namespace infusion::app
