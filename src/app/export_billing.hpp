#pragma once
// The file machinery of exporting billing lines of signed visits (CSV or HL7 v2.5.1 DFT^P03), once.
// The use case is BillingService::export_billing (app/billing_service.hpp), which checks who may
// export before it calls these; nothing else calls them.
//
// Order of events, so that no line is ever lost or sent twice, even if the process dies at any point:
//   1. one IMMEDIATE transaction numbers the batch and streams the pending lines into FILE.partial;
//   2. the file is fsynced and its SHA-256 taken; the batch and its lines are recorded; commit;
//   3. FILE.partial is renamed to FILE, and the delivery is recorded.
// A crash before 2 leaves no batch (the lines stay pending) and no FILE; a crash between 2 and 3
// leaves a recorded, undelivered batch: the next export (or start) writes its file again, byte for
// byte, where it was meant to go (export_delivery.hpp), or `export --batch N` does by hand.
#include "app/export_delivery.hpp"
#include "core/result.hpp"
#include "settings/config.hpp"
#include "storage/billing_store.hpp"
#include "storage/visit_store.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace infusion::app {

struct ExportRequest {
    std::string format = "csv";  // csv or hl7
    storage::ExportSelection selection;
    std::filesystem::path out;
    bool dry_run = false;
    // Test hook: runs after the batch is recorded and before its file is put in place (a crash test
    // kills the process here).
    std::function<void()> after_record;
    // Test hook: a file in the form every batch recorded before 2026-12-04 was written in (infusion
    // times in UTC, "+00:00"; no apostrophe added to a CSV value beginning with one); a re-export of such
    // a batch must give its bytes again.
    bool utc_times_as_before = false;
    // Test hook: HL7's DG1 from every line, reversals first, as batches recorded from 2026-12-04 to 2026-12-06
    // were written; a re-export of such a batch must give its bytes again.
    bool diagnoses_of_every_line = false;
};

struct ExportOutcome {
    std::optional<storage::BatchRecord> batch;  // empty: dry run, cancelled or nothing pending
    std::int64_t lines = 0;
    std::int64_t reversals = 0;  // of those lines, reversals of lines an earlier batch sent (amended visits)
    std::int64_t visits = 0;
    bool cancelled = false;
    // Signed visits of the date range held by their documentation or an open correction request (not exported).
    std::int64_t held_visits = 0;
    // Of the visits, those dated outside the range: signed (or released) after an earlier export took their date.
    std::int64_t late_visits = 0;
    // Amended visits whose corrections wait for an export in the other format, the one their charges went out in
    // (not exported by this one).
    std::int64_t other_format_visits = 0;
    std::vector<storage::VisitId> other_format_ids;  // those visits, in id order
    // The batch's file was put in place by another session first (the same bytes, checked): delivered.
    bool delivered_elsewhere = false;
    // Batches of earlier exports that had not reached their file, delivered (or not) before this one.
    std::vector<Delivery> deliveries;
};

// What the biller is told of the held visits an export counted (ExportOutcome::held_visits), the same words in the
// window and on the command line; "" when none is held.
[[nodiscard]] std::string held_visits_sentence(std::int64_t held);
// The same for the late visits an export takes (ExportOutcome::late_visits); "" when none.
[[nodiscard]] std::string late_visits_sentence(std::int64_t late);

// The same for the amended visits an export in `format` leaves for the other format (other_format_ids), naming up
// to five; "" when none. The command line and the window each add how to choose the other format.
[[nodiscard]] std::string other_format_sentence(const std::vector<storage::VisitId>& visits, const std::string& format);
// "HL7" for "hl7", "CSV" for "csv": a format as people read it.
[[nodiscard]] std::string format_name(const std::string& format);
// "the next HL7 export" for a visit whose lines went out as HL7 (storage::WorklistRow::sent_as), "the next CSV
// export", or "the next export" for one never sent: where an amended visit's corrections go.
[[nodiscard]] std::string next_export_for(const std::string& sent_as);
// The other format's name as the command line takes it ("hl7" for "csv", "csv" for "hl7").
[[nodiscard]] std::string other_export_format(const std::string& format);

// An export that failed (not a count, not cancelled) is on the record: who, the range, the file and why,
// as `export-failed`. Its lines stay pending. Found from outside: a failed export left no audit row.
void record_failed_export(storage::AuditLog& audit, const ExportRequest& request, const core::Error& error,
                          const storage::Actor& actor);

// `progress(lines)` is called every few hundred lines; returning false cancels (no batch, no file).
[[nodiscard]] core::Result<ExportOutcome> write_export(storage::BillingStore& store, const settings::Config& config,
                                                       const ExportRequest& request, const storage::Actor& actor,
                                                       const std::function<bool(std::int64_t)>& progress);

// Writes a recorded batch again; the file is byte-identical to the first (its SHA-256 is checked), or it
// is not kept and the error starts with `rewritten_differs`.
inline constexpr const char* rewritten_differs = "the rewritten file differs from batch ";
// With `delivered_by`, a batch whose file never arrived is recorded as delivered to `out`.
[[nodiscard]] core::Result<ExportOutcome> rewrite_batch(
    storage::BillingStore& store, const settings::Config& config, storage::BatchId batch,
    const std::filesystem::path& out, const std::optional<storage::Actor>& delivered_by = std::nullopt);

[[nodiscard]] bool is_export_format(const std::string& format);

}  // namespace infusion::app
