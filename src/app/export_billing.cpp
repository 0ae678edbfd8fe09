// Sections: 1. rows to charge lines  2. the file writer  3. export  4. re-export
#include "app/export_billing.hpp"

#include "app/atomic_file.hpp"
#include "export/csv_writer.hpp"
#include "export/export_error.hpp"
#include "export/hl7_writer.hpp"
#include "storage/sha256.hpp"

#include <sstream>

namespace infusion::app {
namespace {

// ---- 1. rows to charge lines -------------------------------------------------------------------
std::string with_offset(const std::string& utc) {
    // "2026-03-02T14:10:00Z" -> "2026-03-02T14:10:00+00:00": ISO 8601 either way; writers take offsets.
    if (!utc.empty() && utc.back() == 'Z') return utc.substr(0, utc.size() - 1) + "+00:00";
    return utc;
}

exporting::ChargeLine charge_of(const storage::ExportRow& row, storage::BatchId batch, const settings::Config& config) {
    exporting::ChargeLine c;
    c.batch_id = batch;
    c.visit_id = row.visit_id;
    c.revision = row.revision;
    c.line_number = row.line_ord + 1;
    const std::string id =
        "V" + std::to_string(row.visit_id) + "-R" + std::to_string(row.revision) + "-L" + std::to_string(c.line_number);
    c.kind = row.reversal ? exporting::ChargeKind::reversal : exporting::ChargeKind::charge;
    c.transaction_id = row.reversal ? id + "-CD" : id;
    if (row.reversal) c.reverses = id;
    c.patient_id = row.patient_id;
    c.patient_name = row.patient_name;
    c.birth_date = row.birth_date;
    c.date_of_service = row.line.service_date.value_or(row.date_of_service);
    c.visit_date_of_service = row.date_of_service;
    c.setting = row.setting.empty() ? core::to_string(config.clinic.setting) : row.setting;
    c.place_of_service =
        c.setting == "facility" ? config.clinic.place_of_service_facility : config.clinic.place_of_service_office;
    c.code = row.line.code;
    c.code_system = row.line.kind == core::LineKind::drug ? "HCPCS" : "C4";
    c.description = row.line.description;
    c.modifiers = row.line.modifiers;
    c.units = row.reversal ? -row.line.units : row.line.units;
    c.diagnoses = row.diagnoses;
    c.clinician = row.clinician;
    c.ndc = row.line.ndc;
    c.ndc_unit = row.line.ndc_unit;
    if (row.line.ndc_quantity) c.ndc_quantity = row.reversal ? -*row.line.ndc_quantity : *row.line.ndc_quantity;
    c.revenue_code = row.line.revenue_code;
    c.infusion_start = with_offset(row.infusion_start_utc);
    c.infusion_stop = with_offset(row.infusion_stop_utc);
    return c;
}

// ---- 2. the file writer ------------------------------------------------------------------------
// Formats rows a visit at a time into the file and its SHA-256; memory stays one visit deep.
class ChargeFileWriter {
public:
    ChargeFileWriter(std::string format, const settings::Config& config, AtomicFile* file)
        : m_format(std::move(format)), m_config(config), m_file(file) {}

    void begin(const storage::BatchRecord& header) {
        m_header.batch_id = header.id;
        m_header.created_at = header.created_at;
        m_header.created_by = header.created_by;
        m_header.sending_facility = m_config.clinic.npi.empty() ? m_config.clinic.name : m_config.clinic.npi;
        if (m_format == "csv") {
            std::ostringstream out;
            exporting::write_csv_header(out);
            emit(out.str());
        }
    }

    void add(const storage::ExportRow& row) {
        if (!m_pending.lines.empty() && m_pending.lines.back().visit_id != row.visit_id) flush_visit();
        m_pending.lines.push_back(charge_of(row, m_header.batch_id, m_config));
        ++m_lines;
    }

    [[nodiscard]] core::Result<std::string> finish() {
        flush_visit();
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
    void flush_visit() {
        if (m_pending.lines.empty()) return;
        std::ostringstream out;
        try {
            if (m_format == "csv") {
                exporting::write_csv_lines(out, m_pending.lines);
            } else {
                exporting::write_hl7_message(out, m_header, m_pending, static_cast<int>(++m_messages));
            }
        } catch (const exporting::ExportError& e) {
            // A line the writers refuse stops the whole batch: nothing is recorded, nothing is half-sent.
            m_error = "visit " + std::to_string(m_pending.lines.front().visit_id) + ": " + e.what();
        }
        emit(out.str());
        ++m_visits;
        m_pending.lines.clear();
    }

    void emit(const std::string& bytes) {
        m_sha.update(bytes);
        if (m_file && m_error.empty()) {
            if (auto written = m_file->write(bytes); !written) m_error = written.error().message;
        }
    }

    std::string m_format;
    const settings::Config& m_config;
    AtomicFile* m_file;
    exporting::BatchHeader m_header;
    exporting::VisitCharges m_pending;
    storage::Sha256 m_sha;
    std::int64_t m_lines = 0;
    std::int64_t m_visits = 0;
    std::int64_t m_messages = 0;
    std::string m_error;
};

}  // namespace

bool is_export_format(const std::string& format) { return format == "csv" || format == "hl7"; }

// ---- 3. export ---------------------------------------------------------------------------------
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
    ChargeFileWriter writer(request.format, config, file ? &*file : nullptr);
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
        if (writer.failed()) return false;
        if (progress && (writer.lines() == 1 || writer.lines() % 500 == 0) && !progress(writer.lines())) {
            outcome.cancelled = true;
            return false;
        }
        return true;
    };
    callbacks.finish = [&] { return writer.finish(); };
    storage::ExportSelection selection = request.selection;
    if (!request.dry_run) selection.destination = std::filesystem::absolute(request.out).string();
    auto recorded = store.export_pending(selection, request.format, actor, request.dry_run, callbacks);
    if (!recorded) return recorded.error();
    if (writer.failed()) return writer.finish().error();
    if (!recorded.value()) (void)writer.finish();  // a dry run: count the last visit too
    outcome.lines = writer.lines();
    outcome.visits = writer.visits();
    outcome.batch = recorded.value();
    if (outcome.batch && file) {
        if (request.after_record) request.after_record();
        if (auto published = file->publish(); !published) {
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
    auto record = store.batch(batch);
    if (!record) return record.error();
    auto created = AtomicFile::create(out);
    if (!created) return created.error();
    AtomicFile file = std::move(created.value());
    ChargeFileWriter writer(record.value().format, config, &file);
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
        return core::Error{"the rewritten file differs from batch " + std::to_string(batch) +
                               " as first exported (SHA-256 " + sha.value() + " instead of " + record.value().sha256 +
                               "); it was not kept",
                           out.string(),
                           {}};
    }
    if (auto published = file.publish(); !published) return published.error();
    if (delivered_by && !record.value().delivered_at) {
        if (auto delivered = store.record_delivery(batch, std::filesystem::absolute(out).string(), *delivered_by);
            !delivered) {
            return delivered.error();
        }
    }
    ExportOutcome outcome;
    outcome.batch = record.value();
    outcome.lines = writer.lines();
    outcome.visits = writer.visits();
    return outcome;
}

}  // namespace infusion::app
