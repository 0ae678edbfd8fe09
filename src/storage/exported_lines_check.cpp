#include "storage/exported_lines_check.hpp"

#include "storage/seal.hpp"

#include <algorithm>

namespace infusion::storage::detail {

namespace {}  // namespace

// The refusals name `db check --full`: the default check starts at its checkpoint, and a row older than that, edited
// through a connection with its triggers off, is seen only by the full one; the default said ok after the export's
// refusal (found from outside).
core::Error changed_outside(const std::string& what, const std::string& where) {
    return core::Error{what +
                           ": the database was changed outside InfusionDoc; nothing was exported. Run "
                           "'infusiondoc db check --full'",
                       where,
                       {},
                       core::ErrorKind::corrupt};
}

namespace {

// The check's first finding, and how many more there are: what a refusal names.
std::string first_finding(const CheckReport& report, const std::string& fallback) {
    std::string what = report.findings.empty() ? fallback : report.findings.front();
    if (report.findings.size() > 1) what += " (and " + std::to_string(report.findings.size() - 1) + " more findings)";
    return what;
}

std::int64_t as_integer(const std::optional<SqlValue>& v) {
    if (!v) return 0;
    if (const auto* i = std::get_if<std::int64_t>(&*v)) return *i;
    return 0;
}

}  // namespace

std::optional<core::Error> exported_lines_changed(SqlSession& db, BatchId next_batch, const std::string& where) {
    // The program writes a batch's lines and its row in one transaction, so lines of a batch never
    // recorded were added outside it: they would pass for sent, and join this batch. One index search.
    if (const auto orphan =
            db.value("SELECT batch_id FROM export_items WHERE batch_id >= ? LIMIT 1", {SqlValue{next_batch}})) {
        return changed_outside(
            "export lines are recorded for batch " + std::to_string(as_integer(orphan)) + ", which was never recorded",
            where);
    }
    // Every batch the program recorded has its audit row ("export-batch N", in the hash chain): fewer batch rows
    // than those means batches were deleted, their lines with them, and the count below compares nothing with
    // nothing. With the whole export history deleted, the next export billed every line a second time (found
    // from outside). One count over the subject index's few export rows.
    // Byte order on both backends (PostgreSQL's locale may sort ':' anywhere; there the count reads the table).
    const std::string subject = std::string("subject") + db.byte_order();
    const std::int64_t audited =
        as_integer(db.value("SELECT count(*) FROM audit WHERE " + subject + " > 'export-batch ' AND " + subject +
                                " < 'export-batch :' AND " + subject_indexed_sql,
                            {}));
    const std::int64_t batches = as_integer(db.value("SELECT count(*) FROM export_batches", {}));
    if (batches < audited) {
        return changed_outside("the audit log records " + std::to_string(audited) + " export batches, but the record " +
                                   "holds " + std::to_string(batches) +
                                   " (batches were deleted: their lines would be billed again)",
                               where);
    }
    // Every batch records how many lines it sent (and its seal covers that count): fewer lines listed
    // means some were deleted, and their visits would be billed again.
    const std::int64_t listed = as_integer(db.value("SELECT count(*) FROM export_items", {}));
    const std::int64_t recorded =
        as_integer(db.value("SELECT CAST(coalesce(sum(line_count), 0) AS BIGINT) FROM export_batches", {}));
    if (listed != recorded) {
        return changed_outside("the earlier export batches sent " + std::to_string(recorded) +
                                   " lines, but the record lists " + std::to_string(listed) +
                                   (listed < recorded ? " (lines were deleted: their visits would be billed again)"
                                                      : " (lines were added: their visits would never be billed)"),
                               where);
    }
    return std::nullopt;
}

std::optional<core::Error> exported_visits_changed(SqlSession& db, std::vector<VisitId> visits,
                                                   const std::string& where, const std::optional<DateRange>& dates) {
    std::sort(visits.begin(), visits.end());
    visits.erase(std::unique(visits.begin(), visits.end()), visits.end());
    CheckReport report;
    verify_export_seals(db, visits, report, dates);
    if (report.ok) return std::nullopt;
    return changed_outside(first_finding(report, "a visit to export"), where);
}

std::optional<core::Error> replayed_batch_changed(SqlSession& db, BatchId batch, const std::string& where) {
    CheckReport report;
    verify_batch_seal(db, batch, report);
    std::vector<VisitId> visits;
    db.query("SELECT DISTINCT visit_id FROM export_items WHERE batch_id = ? ORDER BY visit_id", {SqlValue{batch}},
             [&](const SqlRow& r) { visits.push_back(r.integer(0)); });
    verify_export_seals(db, visits, report);
    if (report.ok) return std::nullopt;
    return core::Error{first_finding(report, "export batch") +
                           ": the database was changed outside InfusionDoc; batch " + std::to_string(batch) +
                           " was not written again. Run 'infusiondoc db check --full'",
                       where,
                       {},
                       core::ErrorKind::corrupt};
}

std::vector<std::string> deliveries_altered(SqlSession& db) {
    std::vector<std::string> out;
    db.query(
        "SELECT b.id, (SELECT a.at FROM audit a WHERE a.at >= b.created_at AND a.action = 'export-delivered' AND "
        "a.detail LIKE 'batch ' || b.id || ' in place at %' ORDER BY a.at LIMIT 1) FROM export_batches b WHERE NOT "
        "EXISTS (SELECT 1 FROM export_deliveries d WHERE d.batch_id = b.id) ORDER BY b.id",
        {}, [&](const SqlRow& r) {
            if (r.is_null(1)) return;
            out.push_back("export batch " + std::to_string(r.integer(0)) + " was delivered at " + r.text(1) +
                          " (its audit row says so) but its delivery record is gone (removed outside the program): "
                          "the next export would write it again");
        });
    // The audit row schema 19's trigger asks of every delivery row, looked for again: with triggers off a row could
    // be written without it.
    db.query(
        "SELECT d.batch_id FROM export_deliveries d LEFT JOIN export_batches b ON b.id = d.batch_id WHERE b.id IS "
        "NULL OR d.sha256 <> b.sha256 OR NOT EXISTS (SELECT 1 FROM audit a WHERE a.at = d.at AND a.action = "
        "'export-delivered' AND a.actor = d.delivered_by AND a.detail = 'batch ' || d.batch_id || ' in place at ' "
        "|| d.path) ORDER BY d.batch_id",
        {}, [&](const SqlRow& r) {
            out.push_back("export batch " + std::to_string(r.integer(0)) +
                          " has a delivery record the audit log does not hold (written or changed outside the "
                          "program): the batch reads as delivered, and its file may never have reached billing");
        });
    return out;
}

std::optional<core::Error> deliveries_changed(SqlSession& db, const std::string& where) {
    const auto altered = deliveries_altered(db);
    if (altered.empty()) return std::nullopt;
    return changed_outside(altered.front(), where);
}

}  // namespace infusion::storage::detail
