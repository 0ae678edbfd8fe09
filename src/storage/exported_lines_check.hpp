#pragma once
// Internal to storage/: what an export checks of the record of earlier exports before it picks its lines.
// An exported line is pending until a row of export_items says it was sent, so a row deleted behind the
// program's back (triggers dropped in the sqlite3 shell, or the owner role on PostgreSQL) bills its line
// again, and a row added for a batch that was never recorded stops one being billed. `db check` reports
// both; the export refuses to run over them rather than send a claim twice.
#include "core/result.hpp"
#include "storage/billing_store.hpp"
#include "storage/sql_session.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace infusion::storage::detail {

// The export's refusal when the record was changed behind the program's back: `what`, then "the database was
// changed outside InfusionDoc; nothing was exported. Run 'infusiondoc db check --full'" (kind corrupt).
[[nodiscard]] core::Error changed_outside(const std::string& what, const std::string& where);

// Inside the export's transaction, before the first line is read: an error (kind corrupt) naming what
// was changed, or nothing. `next_batch` is the number the export is about to take; `where` names the
// database in the message. One count of the batches the audit log recorded against the batch rows (batches deleted
// whole), and one count of the exported lines (an index walk, about 60 ms per 3,000,000
// lines when cached) against the batches' own line counts.
[[nodiscard]] std::optional<core::Error> exported_lines_changed(SqlSession& db, BatchId next_batch,
                                                                const std::string& where);

// Inside the export's transaction, before its batch is recorded: an error (kind corrupt) naming the first visit
// among `visits` whose signed content, billing lines or summary row no longer match their seals and audit rows,
// or nothing. A dose and its units made ten times larger with the sqlite3 shell (triggers dropped and made again)
// went out in the billing file as if signed so (found from outside). db check's seal check for those visits alone,
// a page of 500 visit ids per query.
// `dates` (from, to as YYYY-MM-DD): the export's range, whose visits' summary rows are checked too, sent or not
// (a visit made unbillable on its summary row alone was left out as "held").
using DateRange = std::pair<std::string, std::string>;
[[nodiscard]] std::optional<core::Error> exported_visits_changed(SqlSession& db, std::vector<VisitId> visits,
                                                                 const std::string& where,
                                                                 const std::optional<DateRange>& dates = std::nullopt);

// Before a recorded batch is written again (export --batch N, export batches): the batch's seal over its lines
// and the seals of its visits. With its lines' visits changed and its recorded SHA-256 replaced to match, a batch
// was written again "identical" with the changed units (found from outside).
[[nodiscard]] std::optional<core::Error> replayed_batch_changed(SqlSession& db, BatchId batch,
                                                                const std::string& where);

// The delivery records that disagree with the audit log, each as a sentence naming its batch ("export batch 3
// ..."): a batch without a delivery row whose delivery the audit log records ("export-delivered", "batch N in
// place at ..."): its row was removed outside the program (triggers off in the sqlite3 shell), and the next export
// wrote the batch again into the folder the billing system had taken it from; and a delivery row without its
// audit row, or whose SHA-256 is not its batch's: written or changed outside the program, it made a batch whose
// file never landed read as delivered, so its lines never reached billing (both found from outside). One look at
// the audit log by time per delivery and per batch without one: a few hundred a year.
[[nodiscard]] std::vector<std::string> deliveries_altered(SqlSession& db);
// deliveries_altered() as the export's refusal (kind corrupt), or nothing.
[[nodiscard]] std::optional<core::Error> deliveries_changed(SqlSession& db, const std::string& where);

}  // namespace infusion::storage::detail
