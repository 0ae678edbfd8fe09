// Sections: 1. rows to charge lines  2. the file writer  3. export  4. re-export
#include "app/export_billing.hpp"

#include "app/atomic_file.hpp"
#include "core/codes.hpp"
#include "core/wall_time.hpp"
#include "export/csv_writer.hpp"
#include "export/export_error.hpp"
#include "export/hl7_writer.hpp"
#include "storage/sha256.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <span>
#include <sstream>
#include <utility>
#include <vector>

namespace infusion::app {
namespace {

// ---- 1. rows to charge lines -------------------------------------------------------------------
// The bytes a file is written in. `current`: infusion times on the visit's own clock with its UTC
// offset ("2026-03-02T09:10:00-05:00", docs/export-csv.md), so HL7's FT1-4, the one date a DFT^P03
// carries, is the day the nurse documented; and a CSV free-text value that begins with an apostrophe gets
// one more, so an importer that strips one gets the text back. `as_before`: how every batch recorded
// before 2026-12-04 was written (times in UTC, "+00:00"; no apostrophe added to an apostrophe); a
// re-export of such a batch writes it so again, byte for byte. `diagnoses_as_before`: the current form but
// HL7's DG1 from every line, reversals first, as batches recorded from 2026-12-04 to 2026-12-06 were written.
enum class FileForm { current, diagnoses_as_before, as_before };

// "2026-03-02T14:10:00Z" -> "2026-03-02T14:10:00+00:00": ISO 8601 either way; writers take offsets.
void assign_with_offset(std::string& out, const std::string& utc) {
    if (!utc.empty() && utc.back() == 'Z') {
        out.assign(utc, 0, utc.size() - 1);
        out += "+00:00";
    } else {
        out.assign(utc);
    }
}

// "2026-03-02T09:10:00-05:00": core::format_iso's text for a whole-second reading with its offset, by
// hand (date::format goes through a stream, and a year's export formats two of these per visit).
void assign_local(std::string& out, const core::WallTime& time) {
    const auto day = std::chrono::floor<std::chrono::days>(time.local);
    const std::chrono::year_month_day date{day};
    const auto seconds = (time.local - day).count();
    const auto offset = time.utc_offset.value_or(std::chrono::minutes{0}).count();
    std::array<char, 32> text{};
    const auto put = [&text](std::size_t at, long long value, std::size_t width) {
        for (std::size_t i = width; i-- > 0; value /= 10) text[at + i] = static_cast<char>('0' + value % 10);
    };
    put(0, static_cast<int>(date.year()), 4);
    text[4] = '-';
    put(5, static_cast<unsigned>(date.month()), 2);
    text[7] = '-';
    put(8, static_cast<unsigned>(date.day()), 2);
    text[10] = 'T';
    put(11, seconds / 3600, 2);
    text[13] = ':';
    put(14, seconds / 60 % 60, 2);
    text[16] = ':';
    put(17, seconds % 60, 2);
    text[19] = offset < 0 ? '-' : '+';
    const long long magnitude = offset < 0 ? -offset : offset;
    put(20, magnitude / 60, 2);
    text[22] = ':';
    put(23, magnitude % 60, 2);
    out.assign(text.data(), 25);
}

// Stored UTC instants as the visit's local time. A clinic has one zone or a few, and a visit's lines
// share their start and stop: the zones are looked up once, and each side's last answer is kept.
class LocalTimes {
public:
    LocalTimes(const settings::Config& config, FileForm form) : m_clinic_zone(config.clinic.time_zone), m_form(form) {}

    // side 0: the start, 1: the stop.
    void assign(std::string& out, std::size_t side, const std::string& utc, const std::string& zone_name) {
        if (m_form == FileForm::as_before) return assign_with_offset(out, utc);
        Last& last = m_last[side];
        if (last.valid && last.utc == utc && last.zone == zone_name) {
            out.assign(last.text);
            return;
        }
        const auto reading = core::parse_iso(utc);
        const core::Zone zone = zone_for(zone_name.empty() ? m_clinic_zone : zone_name);
        std::optional<core::WallTime> local;
        if (reading && reading->utc_offset == std::chrono::minutes{0} && zone.known()) {
            local = core::wall_time_at(core::Instant{reading->local.time_since_epoch()}, zone);
        }
        if (local) {
            assign_local(out, *local);
        } else {
            assign_with_offset(out, utc);  // no instant, or a zone tzdata does not know: UTC, still exact
        }
        last = Last{true, utc, zone_name, out};
    }

private:
    struct Last {
        bool valid = false;
        std::string utc, zone, text;
    };

    core::Zone zone_for(const std::string& name) {
        for (const auto& [known, zone] : m_zones) {
            if (known == name) return zone;
        }
        m_zones.emplace_back(name, core::Zone::find(name));
        return m_zones.back().second;
    }

    std::string m_clinic_zone;
    FileForm m_form;
    std::vector<std::pair<std::string, core::Zone>> m_zones;
    std::array<Last, 2> m_last;
};

void append_number(std::string& out, std::int64_t value) {
    std::array<char, 24> buffer{};
    out.append(buffer.data(), std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr);
}

// Fills a reused ChargeLine: assignments keep the strings' capacity, so a warm line allocates nothing.
void fill_charge(exporting::ChargeLine& c, const storage::ExportRow& row, storage::BatchId batch,
                 const settings::Config& config, LocalTimes& times) {
    c.batch_id = batch;
    c.visit_id = row.visit_id;
    c.revision = row.revision;
    c.line_number = row.line_ord + 1;
    c.transaction_id.assign("V");
    append_number(c.transaction_id, row.visit_id);
    c.transaction_id += "-R";
    append_number(c.transaction_id, row.revision);
    c.transaction_id += "-L";
    append_number(c.transaction_id, c.line_number);
    c.kind = row.reversal ? exporting::ChargeKind::reversal : exporting::ChargeKind::charge;
    c.reverses.clear();
    if (row.reversal) {
        c.reverses.assign(c.transaction_id);
        c.transaction_id += "-CD";
    }
    c.patient_id.assign(row.patient_id);
    c.patient_name.assign(row.patient_name);
    c.birth_date = row.birth_date;
    c.date_of_service = row.line.service_date.value_or(row.date_of_service);
    c.visit_date_of_service = row.date_of_service;
    if (row.setting.empty()) {
        c.setting.assign(core::to_string(config.clinic.setting));
    } else {
        c.setting.assign(row.setting);
    }
    c.place_of_service.assign(c.setting == "facility" ? config.clinic.place_of_service_facility
                                                      : config.clinic.place_of_service_office);
    c.code.assign(row.line.code);
    c.code_system.assign(row.line.kind == core::LineKind::drug ? "HCPCS" : "C4");
    c.description.assign(row.line.description);
    c.modifiers = row.line.modifiers;
    c.units = row.reversal ? -row.line.units : row.line.units;
    // A blank entry is "left out" when the visit is coded (validate.cpp's visit.diagnosis-blank) and a
    // repeated code is only warned about: the claim carries neither. A blank failed the whole export of
    // the range, every other visit's lines with it (found from outside).
    c.diagnoses.clear();
    for (const auto& code : row.diagnoses) {
        if (core::is_blank(code) || std::find(c.diagnoses.begin(), c.diagnoses.end(), code) != c.diagnoses.end()) {
            continue;
        }
        c.diagnoses.push_back(code);
    }
    c.clinician.assign(row.clinician);
    c.ndc.assign(row.line.ndc);
    c.ndc_unit.assign(row.line.ndc_unit);
    c.ndc_quantity.reset();
    if (row.line.ndc_quantity) c.ndc_quantity = row.reversal ? -*row.line.ndc_quantity : *row.line.ndc_quantity;
    c.revenue_code.assign(row.line.revenue_code);
    times.assign(c.infusion_start, 0, row.infusion_start_utc, row.time_zone);
    times.assign(c.infusion_stop, 1, row.infusion_stop_utc, row.time_zone);
}

// ---- 2. the file writer ------------------------------------------------------------------------
// Formats rows a visit at a time into one reused buffer, and hands the buffer to the file and its
// SHA-256 in large chunks; memory stays one visit and one chunk deep.
class ChargeFileWriter {
public:
    ChargeFileWriter(std::string format, const settings::Config& config, AtomicFile* file,
                     FileForm times = FileForm::current)
        : m_format(std::move(format)),
          m_csv(m_format == "csv"),
          m_config(config),
          m_file(file),
          m_form(times),
          m_times(config, times) {
        m_out.reserve(chunk_bytes + 64 * 1024);
    }

    void begin(const storage::BatchRecord& header) {
        m_header.batch_id = header.id;
        m_header.created_at = header.created_at;
        m_header.created_by = header.created_by;
        m_header.sending_facility = m_config.clinic.npi.empty() ? m_config.clinic.name : m_config.clinic.npi;
        if (m_csv) exporting::append_csv_header(m_out);
    }

    void add(const storage::ExportRow& row) {
        if (m_count > 0 && m_lines_buffer[m_count - 1].visit_id != row.visit_id) flush_visit();
        if (m_count == m_lines_buffer.size()) m_lines_buffer.emplace_back();
        fill_charge(m_lines_buffer[m_count++], row, m_header.batch_id, m_config, m_times);
        ++m_lines;
    }

    [[nodiscard]] core::Result<std::string> finish() {
        flush_visit();
        emit();
        if (!m_error.empty()) return core::Error{m_error, m_file ? m_file->path().string() : "", {}};
        if (m_file) {
            if (auto synced = m_file->sync(); !synced) return synced.error();
        }
        return m_sha.hex();
    }

    [[nodiscard]] std::int64_t lines() const { return m_lines; }
    [[nodiscard]] std::int64_t visits() const { return m_visits; }
    [[nodiscard]] bool failed() const { return !m_error.empty(); }

private:
    static constexpr std::size_t chunk_bytes = std::size_t{1} << 20;  // write(2) a mebibyte at a time

    void flush_visit() {
        if (m_count == 0) return;
        const std::size_t before = m_out.size();
        try {
            const std::span<const exporting::ChargeLine> lines(m_lines_buffer.data(), m_count);
            if (m_csv) {
                exporting::append_csv_lines(m_out, lines, m_form != FileForm::as_before);
            } else {
                m_pending.lines.assign(lines.begin(), lines.end());
                m_pending.diagnoses_of_charges = m_form == FileForm::current;
                m_hl7.str({});
                exporting::write_hl7_message(m_hl7, m_header, m_pending, static_cast<int>(++m_messages));
                m_out += m_hl7.str();
            }
        } catch (const exporting::ExportError& e) {
            // A line the writers refuse stops the whole batch: nothing is recorded, nothing is half-sent.
            m_error = "visit " + std::to_string(m_lines_buffer.front().visit_id) + ": " + e.what();
            m_out.resize(before);
        }
        ++m_visits;
        m_count = 0;
        if (m_out.size() >= chunk_bytes) emit();
    }

    void emit() {
        if (m_out.empty()) return;
        m_sha.update(m_out);
        if (m_file && m_error.empty()) {
            if (auto written = m_file->write(m_out); !written) m_error = written.error().message;
        }
        m_out.clear();
    }

    std::string m_format;
    bool m_csv;
    const settings::Config& m_config;
    AtomicFile* m_file;
    FileForm m_form;  // set by the constructor: left unset, a release build wrote "'t" as the form before
    LocalTimes m_times;
    exporting::BatchHeader m_header;
    std::vector<exporting::ChargeLine> m_lines_buffer;  // reused: the first m_count are the visit's lines
    std::size_t m_count = 0;
    exporting::VisitCharges m_pending;  // HL7's message takes a visit's lines as one value
    std::ostringstream m_hl7;
    std::string m_out;
    storage::Sha256 m_sha;
    std::int64_t m_lines = 0;
    std::int64_t m_visits = 0;
    std::int64_t m_messages = 0;
    std::string m_error;
};

}  // namespace

bool is_export_format(const std::string& format) { return format == "csv" || format == "hl7"; }

// ---- 3. export ---------------------------------------------------------------------------------
std::string held_visits_sentence(std::int64_t held) {
    // Not "not exported": an amendment that held a visit's billing sends the reversals of what it had charged, and
    // those are in the batch (found from outside).
    if (held <= 0) return {};
    return std::to_string(held) +
           (held == 1 ? " signed visit in the range is held by its documentation or an open correction request: "
                        "none of its charges was exported"
                      : " signed visits in the range are held by their documentation or an open correction "
                        "request: none of their charges was exported");
}

std::string late_visits_sentence(std::int64_t late) {
    // A biller closing a period by dates would otherwise take these lines for a mistake of the range.
    if (late <= 0) return {};
    return std::to_string(late) +
           (late == 1 ? " of the visits is dated outside the range: it was signed after an earlier export took its "
                        "date, and its charges go out now, under that date"
                      : " of the visits are dated outside the range: they were signed after an earlier export took "
                        "their dates, and their charges go out now, under those dates");
}

std::string format_name(const std::string& format) { return format == "hl7" ? "HL7" : "CSV"; }

std::string next_export_for(const std::string& sent_as) {
    // The visit's screens said "the next export" while an export in the other format left its corrections (found from
    // outside).
    return is_export_format(sent_as) ? "the next " + format_name(sent_as) + " export" : "the next export";
}

std::string other_export_format(const std::string& format) { return format == "csv" ? "hl7" : "csv"; }

std::string other_format_sentence(const std::vector<storage::VisitId>& visits, const std::string& format) {
    // Two formats: the corrections wait for the one this export is not. The visits are named, so the biller can find
    // them on the worklist (found from outside: "1 amended visit waits" named none).
    if (visits.empty()) return {};
    const std::string other = format_name(other_export_format(format));
    std::string named;
    const std::size_t shown = std::min<std::size_t>(visits.size(), 5);
    for (std::size_t i = 0; i < shown; ++i) named += (i == 0 ? "" : ", ") + std::to_string(visits[i]);
    if (visits.size() > shown) named += " and " + std::to_string(visits.size() - shown) + " more";
    const bool one = visits.size() == 1;
    return std::to_string(visits.size()) + (one ? " amended visit (visit " : " amended visits (visits ") + named +
           (one ? ") waits" : ") wait") + " for an export as " + other + ": " + (one ? "its" : "their") +
           " lines went out as " + other + ", and " + (one ? "its" : "their") + " corrections go out the same way";
}

void record_failed_export(storage::AuditLog& audit, const ExportRequest& request, const core::Error& error,
                          const storage::Actor& actor) {
    if (request.dry_run) return;
    (void)audit.record("export-failed", std::nullopt,
                       request.format + " of " + core::format_date(request.selection.from) + " to " +
                           core::format_date(request.selection.to) + " to " + request.out.string() + ": " +
                           error.describe(),
                       actor);
}

core::Result<ExportOutcome> write_export(storage::BillingStore& store, const settings::Config& config,
                                         const ExportRequest& request, const storage::Actor& actor,
                                         const std::function<bool(std::int64_t)>& progress) {
    if (!is_export_format(request.format)) return core::Error{"unknown format '" + request.format + "'", "", {}};
    ExportOutcome outcome;
    if (!request.dry_run) {
        // First what earlier exports recorded but never put in place: those lines are not pending any more.
        auto delivered = deliver_pending_batches(store, config, actor);
        if (!delivered) return delivered.error();
        outcome.deliveries = std::move(delivered.value());
    }
    std::optional<AtomicFile> file;
    if (!request.dry_run) {
        auto created = AtomicFile::create(request.out);
        if (!created) return created.error();
        file.emplace(std::move(created.value()));
    }
    ChargeFileWriter writer(request.format, config, file ? &*file : nullptr,
                            request.utc_times_as_before       ? FileForm::as_before
                            : request.diagnoses_of_every_line ? FileForm::diagnoses_as_before
                                                              : FileForm::current);
    storage::ExportCallbacks callbacks;
    callbacks.begin = [&](storage::BatchId id) {
        storage::BatchRecord header;
        header.id = id;
        header.created_at = actor.at;
        header.created_by = actor.user;
        writer.begin(header);
    };
    callbacks.row = [&](const storage::ExportRow& row) {
        writer.add(row);
        if (row.reversal) ++outcome.reversals;
        if (writer.failed()) return false;
        if (progress && (writer.lines() == 1 || writer.lines() % 500 == 0) && !progress(writer.lines())) {
            outcome.cancelled = true;
            return false;
        }
        return true;
    };
    callbacks.finish = [&] { return writer.finish(); };
    callbacks.held = [&](std::int64_t held) { outcome.held_visits = held; };
    callbacks.late = [&](std::int64_t late) { outcome.late_visits = late; };
    callbacks.other_format = [&](std::vector<storage::VisitId> visits) {
        outcome.other_format_visits = static_cast<std::int64_t>(visits.size());
        outcome.other_format_ids = std::move(visits);
    };
    storage::ExportSelection selection = request.selection;
    if (!request.dry_run) selection.destination = std::filesystem::absolute(request.out).string();
    auto recorded = store.export_pending(selection, request.format, actor, request.dry_run, callbacks);
    if (!recorded) return recorded.error();
    if (writer.failed()) return writer.finish().error();
    if (!recorded.value()) {
        // A dry run: count the last visit too, and report a line the writers refuse in it as the real
        // export would (the last visit's lines are only formatted here).
        if (auto finished = writer.finish(); !finished) return finished.error();
    }
    outcome.lines = writer.lines();
    outcome.visits = writer.visits();
    outcome.batch = recorded.value();
    if (outcome.batch && file) {
        if (request.after_record) request.after_record();
        if (auto published = file->publish(); !published) {
            // Between the commit and this rename another session may have delivered this very batch (a
            // second export, `export batches` or the window starting: export_delivery.hpp), byte for
            // byte. That is this export done, not failed: telling the biller to write it again by hand
            // put a second copy of the same charges in the pickup folder (found from outside).
            const auto in_place = file_sha256(request.out);
            if (in_place && *in_place == outcome.batch->sha256) {
                if (auto delivered = store.record_delivery(outcome.batch->id, selection.destination, actor);
                    !delivered) {
                    return delivered.error();
                }
                outcome.delivered_elsewhere = true;
                return outcome;
            }
            return core::Error{"batch " + std::to_string(outcome.batch->id) +
                                   " was recorded but its file could not be put in place (" +
                                   published.error().message + "); write it with: infusiondoc export --batch " +
                                   std::to_string(outcome.batch->id) + " --out FILE",
                               request.out.string(),
                               {}};
        }
        if (auto delivered = store.record_delivery(outcome.batch->id, selection.destination, actor); !delivered) {
            return core::Error{"batch " + std::to_string(outcome.batch->id) +
                                   " is in place but its delivery was not "
                                   "recorded (" +
                                   delivered.error().message + "); the next export records it",
                               request.out.string(),
                               {}};
        }
    }
    return outcome;
}

// ---- 4. re-export ------------------------------------------------------------------------------
core::Result<ExportOutcome> rewrite_batch(storage::BillingStore& store, const settings::Config& config,
                                          storage::BatchId batch, const std::filesystem::path& out,
                                          const std::optional<storage::Actor>& delivered_by) {
    // Not over delivery records changed outside the program (storage's deliveries check): `export --batch N`
    // wrote a batch whose delivery row had been removed, while every other export refused (found from outside).
    if (auto pending = store.undelivered(); !pending) return pending.error();
    auto record = store.batch(batch);
    if (!record) return record.error();
    ExportOutcome outcome;
    // A batch recorded before 2026-12-04 was written in the form before (FileForm): the form whose bytes
    // give the recorded SHA-256 is the batch's. The current form is tried first; only an older batch is
    // written again, and a file that does not match is dropped unnamed, never put in place.
    std::optional<std::string> first_sha;
    bool written = false;
    for (const FileForm form : {FileForm::current, FileForm::diagnoses_as_before, FileForm::as_before}) {
        // DG1 is HL7's: a CSV batch's bytes are the same in the current form and this one, written once.
        if (form == FileForm::diagnoses_as_before && record.value().format == "csv") continue;
        auto created = AtomicFile::create(out);
        if (!created) return created.error();
        AtomicFile file = std::move(created.value());
        ChargeFileWriter writer(record.value().format, config, &file, form);
        writer.begin(record.value());
        if (auto replayed = store.replay_batch(batch,
                                               [&](const storage::ExportRow& row) {
                                                   writer.add(row);
                                                   return !writer.failed();
                                               });
            !replayed) {
            return replayed.error();
        }
        auto sha = writer.finish();
        if (!sha) return sha.error();
        if (sha.value() != record.value().sha256) {
            if (!first_sha) first_sha = sha.value();
            continue;
        }
        if (auto published = file.publish(); !published) return published.error();
        outcome.lines = writer.lines();
        outcome.visits = writer.visits();
        written = true;
        break;
    }
    if (!written) {
        return core::Error{rewritten_differs + std::to_string(batch) + " as first exported (SHA-256 " +
                               first_sha.value_or("") + " instead of " + record.value().sha256 + "); it was not kept",
                           out.string(),
                           {}};
    }
    if (delivered_by && !record.value().delivered_at) {
        if (auto delivered = store.record_delivery(batch, std::filesystem::absolute(out).string(), *delivered_by);
            !delivered) {
            return delivered.error();
        }
    }
    outcome.batch = record.value();
    return outcome;
}

}  // namespace infusion::app
