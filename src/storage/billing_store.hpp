#pragma once
// Export bookkeeping: which billing lines of signed visits have gone to the billing system, in which
// batch, and which must be reversed after an amendment. Every line goes out exactly once:
//   - a charge: a line of the current revision of a signed, billable visit, not yet exported;
//   - a reversal: an exported charge of a revision that an amendment has since replaced.
// A visit's corrections (reversals and new charges) go out in the format its standing charges went out in.
// All lines of one revision travel together; reversals of a visit come before its new charges.
#include "core/billing_line.hpp"
#include "core/result.hpp"
#include "storage/records.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace infusion::storage {

using BatchId = std::int64_t;

struct ExportSelection {
    std::chrono::year_month_day from{};  // dates of service, inclusive
    std::chrono::year_month_day to{};
    std::vector<VisitId> visits;  // when not empty: only these visits (a selection in the worklist)
    std::string destination;      // the file the batch is written to, recorded with it ("" on a dry run)
};

// Everything a charge line needs, as stored with the signed revision.
struct ExportRow {
    VisitId visit_id = 0;
    int revision = 0;
    int line_ord = 0;  // 0-based within the revision
    bool reversal = false;
    std::string patient_id;
    std::string patient_name;
    std::optional<std::chrono::year_month_day> birth_date;
    std::chrono::year_month_day date_of_service{};
    std::string setting;
    std::string clinician;
    core::BillingLine line;
    std::vector<std::string> diagnoses;
    std::string infusion_start_utc;  // first interval start, "YYYY-MM-DDTHH:MM:SSZ", "" when none
    std::string infusion_stop_utc;
    std::string time_zone;  // the visit's IANA zone as documented; "" when it took the clinic's
};

struct BatchRecord {
    BatchId id = 0;
    std::string created_at;
    std::string created_by;
    std::string format;  // "csv" or "hl7"
    std::string from_date;
    std::string to_date;
    std::int64_t line_count = 0;
    std::string sha256;    // of the file as written
    std::string out_path;  // where it was to be written ("" for batches recorded before schema 5)
    // Set once the file is in place (renamed from FILE.partial) or written again with `export --batch`.
    std::optional<std::string> delivered_at;
    std::string delivered_path;
};

// How an export run ends: the sink saw every row; `finish` (after the file is complete and synced)
// returns the file's SHA-256, or an error, which rolls the whole batch back.
struct ExportCallbacks {
    std::function<void(BatchId)> begin;         // the batch's number, before the first row
    std::function<bool(const ExportRow&)> row;  // false: cancel (nothing is recorded)
    std::function<core::Result<std::string>()> finish;
    // With a date range: how many signed visits of the range are held by their documentation (not
    // exported), counted in the same transaction so the caller needs no totals query afterwards.
    std::function<void(std::int64_t)> held;
    // With a date range: how many visits outside it go out because they were signed (or released) after an earlier
    // export took their date (late charges, never sent before).
    std::function<void(std::int64_t)> late;
    // The amended visits (of the selection, or anywhere with a date range) whose corrections wait for an export in
    // the other format, in id order: a visit's corrections go out in the format its lines went out in.
    std::function<void(std::vector<VisitId>)> other_format;
};

// An open correction request that holds a visit's lines: on the visit itself, or on another visit of the
// same patient and date (that date's lines go out together). Said in words by app::hold_reasons, in the
// clinic's time zone (the worklist said "at 2026-03-02T19:10:00Z" where every other screen says local time).
struct RequestHold {
    VisitId visit = 0;  // the visit the request is on
    std::string requested_by;
    std::string at;  // UTC, as stored
    std::string reason;
    // That visit's date of service: the held visit's own date, or the date its exported lines were sent under
    // before an amendment moved it (their reversals wait for the request too).
    std::optional<std::chrono::year_month_day> date{};
};

struct WorklistRow {
    VisitId id = 0;
    std::optional<std::chrono::year_month_day> date_of_service;
    std::string patient_id;
    std::string patient_name;
    std::string clinician;
    int revision = 0;
    WorklistState state = WorklistState::ready;
    std::optional<BatchId> batch;            // exported in
    std::string sent_as;                     // "csv" or "hl7": the newest batch holding a line of it; "" when none
    std::vector<core::BillingLine> lines;    // of the current revision
    std::vector<std::string> hold_reasons;   // the documentation's error messages, when held
    std::vector<RequestHold> request_holds;  // when held: the open correction requests that hold it
    // Warning messages of the current revision while its lines are not all sent (ready, held, amended
    // after export): what a coder should look at before exporting ("SC hydration billed as 96369:
    // flagged for coder review", a missing NDC; core::for_the_coder). Not read for exported rows.
    std::vector<std::string> checks;
};

struct WorklistFilter {
    std::chrono::year_month_day from{};
    std::chrono::year_month_day to{};
    std::optional<WorklistState> state;
    std::optional<std::string> patient_id;
    int limit = 50;
    std::optional<PageCursor> after;
};

struct WorklistPage {
    std::vector<WorklistRow> rows;
    std::optional<PageCursor> next;
};

struct CodeTotal {
    std::string code;
    std::int64_t lines = 0;
    std::int64_t units = 0;
};

struct WorklistTotals {
    std::int64_t visits = 0;    // signed visits in the range
    std::int64_t billable = 0;  // of which billable
    std::int64_t lines = 0;
    std::vector<CodeTotal> by_code;
};

class BillingStore {
public:
    virtual ~BillingStore() = default;

    // One IMMEDIATE transaction: numbers the batch (callbacks.begin), streams the pending rows to
    // callbacks.row in visit order (a visit's reversals before its charges), then records the batch and its items with
    // the SHA-256 from `callbacks.finish`. A dry run streams the same rows and records nothing. Returns the batch
    // (empty on a dry run or when there was nothing to export).
    [[nodiscard]] virtual core::Result<std::optional<BatchRecord>> export_pending(const ExportSelection& selection,
                                                                                  const std::string& format,
                                                                                  const Actor& actor, bool dry_run,
                                                                                  const ExportCallbacks& callbacks) = 0;
    [[nodiscard]] virtual core::Result<BatchRecord> batch(BatchId id) = 0;
    // Streams a recorded batch's rows again, in the same order, for a byte-identical re-export.
    [[nodiscard]] virtual core::Status replay_batch(BatchId id, const std::function<bool(const ExportRow&)>& row) = 0;
    [[nodiscard]] virtual core::Result<std::vector<BatchRecord>> batches(int limit) = 0;
    // Records that the batch's file is in place at `path` (its SHA-256 checked by the caller); audited.
    [[nodiscard]] virtual core::Status record_delivery(BatchId id, const std::string& path, const Actor& actor) = 0;
    // Batches recorded whose file was never put in place (the program stopped between commit and rename).
    [[nodiscard]] virtual core::Result<std::vector<BatchRecord>> undelivered() = 0;

    [[nodiscard]] virtual core::Result<WorklistPage> worklist(const WorklistFilter& filter) = 0;
    [[nodiscard]] virtual core::Result<WorklistTotals> totals(std::chrono::year_month_day from,
                                                              std::chrono::year_month_day to) = 0;
};

}  // namespace infusion::storage
