#pragma once
// Internal to storage/: the visits an export of a date range takes although their date is outside it, because
// an earlier export's range covered their date and could not take them then: a draft signed after its date was
// exported, a visit entered (imported) after, one held then (its documentation, an open correction request) and
// made exportable since. Found from outside: such a visit's charges went out only with another export of its own
// date, which nobody would run, and nothing said so; its charges were never billed. SQL both backends run.
//
// Every way a visit becomes exportable writes to the audit log (a signature, an amendment, an import) on it or,
// for a correction request answered by another visit's amendment, on a visit of the same patient and date. So the
// candidates are the visits named by an audit row after the last date-range export's own audit row, and the
// visits of the patient and date of each of their revisions (an amendment that answers a request may move its
// visit to another date: the visits it released are of the date it had; found from outside): the work since the
// last export, not the clinic's history. A candidate passed over then (still held) comes back with the write that
// releases it. Neither signing nor the schema pays for it.
#include "storage/seal.hpp"
#include "storage/worklist_state_sql.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace infusion::storage::detail {

// The audit row of the newest date-range export (its subject, as export_batch_subject writes it; through
// audit_by_subject, whose condition SQLite needs repeated). NULL before the first one: then nothing is late, and
// the export has no late branch. Read first, and written into the export's SQL as a number: as a subquery,
// PostgreSQL planned for a third of the audit log after it and read every visit (found by scripts/bench).
inline const std::string last_range_export_audit_sql =
    std::string("SELECT max(m.id) FROM audit m WHERE ") + subject_indexed_sql +
    " AND m.subject = 'export-batch ' || (SELECT max(lb.id) FROM export_batches lb WHERE lb.from_date IS NOT NULL)";

// A `chosen` branch of an export of `from`..`to` (placeholders of the backend): the late visits outside the
// range, as (visit_id, current, billable, patient_id, day). Never charged (a visit with a charge sent is an
// amendment's business: the amended branch), signed, dated within an earlier export's range. CROSS JOIN keeps
// SQLite's order, from the few audit rows to their revisions (without statistics it read every revision and
// probed the audit log; export_plan_test); PostgreSQL plans it as any join.
[[nodiscard]] inline std::string late_visits_sql(const std::string& from, const std::string& to,
                                                 std::int64_t after_audit) {
    const std::string mark = std::to_string(after_audit);
    return "SELECT v.id AS visit_id, v.current_revision AS current, v.billable AS billable, v.patient_id AS "
           "patient_id, v.date_of_service AS day FROM visits v WHERE v.id IN (SELECT a.visit_id FROM audit a WHERE "
           "a.id > " +
           mark +
           " UNION SELECT t.id FROM audit a CROSS JOIN revisions r CROSS JOIN patients p CROSS JOIN visits t WHERE "
           "a.id > " +
           mark +
           " AND r.visit_id = a.visit_id AND p.mrn = r.patient_mrn AND t.patient_id = p.id AND t.date_of_service = "
           "r.date_of_service) AND v.status <> 'draft' AND v.date_of_service NOT BETWEEN " +
           from + " AND " + to +
           " AND NOT EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND e.kind = 'charge') AND EXISTS "
           "(SELECT 1 FROM export_batches b WHERE b.from_date IS NOT NULL AND v.date_of_service BETWEEN b.from_date "
           "AND b.to_date)";
}

// How many late visits of such an export send charges (billable, their date not waiting for a correction).
[[nodiscard]] inline std::string late_visits_count_sql(const std::string& from, const std::string& to,
                                                       std::int64_t after_audit) {
    return "SELECT count(*) FROM (" + late_visits_sql(from, to, after_audit) + ") c WHERE c.billable = 1 AND NOT " +
           charges_wait_sql;
}

}  // namespace infusion::storage::detail
