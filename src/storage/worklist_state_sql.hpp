#pragma once
// Internal to storage/: where a signed visit `v` (a row of visits) stands with billing (WorklistState), as
// SQL both backends run: pending reversals first (amended after export), then exported, held, ready. The
// worklist, the visit lists (Today), the totals and the export say the same.
#include <string>

namespace infusion::storage::detail {

// Whether the lines of patient `patient` (visits.patient_id) for date of service `day` wait: a visit of the
// patient on that date has an open correction request (a supervisor's, or the program's after another
// visit's amendment changed what it would bill). The MUE per date of service makes one patient's visits of
// a date one claim: holding one visit's lines alone sent the other visit's 96370 without the 96369 it
// counted (found from outside), so nothing of that patient and date goes out (charges or reversals) until
// the amendment answers the request. The first EXISTS does not depend on the row: with no open request
// anywhere (the usual case) the per-row search is never made.
[[nodiscard]] inline std::string date_waits_sql(const std::string& patient, const std::string& day) {
    return "(EXISTS (SELECT 1 FROM correction_requests WHERE resolved_revision IS NULL) AND EXISTS (SELECT 1 FROM "
           "visits w WHERE w.patient_id = " +
           patient + " AND w.date_of_service = " + day +
           " AND EXISTS (SELECT 1 FROM correction_requests cr WHERE cr.visit_id = w.id AND "
           "cr.resolved_revision IS NULL)))";
}

// Whether visit `v`'s own patient and date wait (the worklist's totals leave such visits and lines out).
inline const std::string waits_here = date_waits_sql("v.patient_id", "v.date_of_service");

// Whether exported charge `e` (a row of export_items) has not been reversed.
[[nodiscard]] inline std::string unreversed_sql(const std::string& e) {
    return "NOT EXISTS (SELECT 1 FROM export_items x WHERE x.visit_id = " + e + ".visit_id AND x.revision = " + e +
           ".revision AND x.kind = 'reversal' AND x.line_ord = " + e + ".line_ord)";
}

// Whether exported charge `e` of an earlier revision still stands for revision `current` of its visit
// (billable when `billable` is 1): the line at its place in `current` would go out exactly as it was sent,
// its own columns and its revision's (patient, date, setting, clinician, zone, diagnoses, infusion span: every
// column of the CSV and of FT1). Such a charge is not reversed and sent again: "a charge that changes after it
// was sent is reversed" (billing-formats.md section 2); an amendment of a note reversed every line (found from
// outside). Text compared as it is stored; a NULL is compared as ''.
[[nodiscard]] inline std::string charge_stands_sql(const std::string& e, const std::string& current,
                                                   const std::string& billable) {
    const auto same_text = [](const std::string& column) {
        return " AND COALESCE(ra." + column + ", '') = COALESCE(rb." + column + ", '')";
    };
    const auto same_span = [&](const char* what) {
        return std::string(" AND COALESCE((SELECT ") + what +
               " FROM intervals i WHERE i.visit_id = a.visit_id AND i.revision = a.revision), '') = COALESCE((SELECT " +
               what + " FROM intervals i WHERE i.visit_id = b.visit_id AND i.revision = b.revision), '')";
    };
    return "(" + billable +
           " = 1 AND EXISTS (SELECT 1 FROM billing_lines a JOIN billing_lines b ON b.visit_id = a.visit_id AND "
           "b.revision = " +
           current +
           " AND b.ord = a.ord JOIN revisions ra ON ra.visit_id = a.visit_id AND ra.number = a.revision "
           "JOIN revisions rb ON rb.visit_id = b.visit_id AND rb.number = b.revision WHERE a.visit_id = " +
           e + ".visit_id AND a.revision = " + e + ".revision AND a.ord = " + e +
           ".line_ord AND a.kind = b.kind AND a.code = b.code AND a.units = b.units AND a.modifiers = b.modifiers "
           "AND a.description = b.description AND a.revenue_code = b.revenue_code AND a.ndc = b.ndc AND "
           "a.ndc_unit = b.ndc_unit AND COALESCE(a.ndc_quantity, -1) = COALESCE(b.ndc_quantity, -1) AND "
           "a.service_date = b.service_date" +
           same_text("patient_mrn") + same_text("patient_name") + same_text("patient_birth_date") +
           same_text("date_of_service") + same_text("setting") + same_text("clinician") + same_text("time_zone") +
           " AND (SELECT count(*) FROM diagnoses d WHERE d.visit_id = a.visit_id AND d.revision = a.revision) = "
           "(SELECT count(*) FROM diagnoses d WHERE d.visit_id = b.visit_id AND d.revision = b.revision) AND NOT "
           "EXISTS (SELECT 1 FROM diagnoses d WHERE d.visit_id = a.visit_id AND d.revision = a.revision AND NOT "
           "EXISTS (SELECT 1 FROM diagnoses f WHERE f.visit_id = b.visit_id AND f.revision = b.revision AND f.ord = "
           "d.ord AND f.code = d.code))" +
           same_span("min(i.start_utc)") + same_span("max(i.stop_utc)") + "))";
}

// Whether line `bl` (a row of billing_lines) of visit `visit`'s revision `current` is covered by a charge of
// an earlier revision that stands for it (charge_stands_sql): it was sent already and is not sent again.
[[nodiscard]] inline std::string line_covered_sql(const std::string& visit, const std::string& current,
                                                  const std::string& billable) {
    return "EXISTS (SELECT 1 FROM export_items k WHERE k.visit_id = " + visit +
           " AND k.kind = 'charge' AND k.revision < " + current + " AND k.line_ord = bl.ord AND " +
           unreversed_sql("k") + " AND " + charge_stands_sql("k", current, billable) + ")";
}

// An amended visit `v` with charges of an earlier revision still standing (sent, not reversed).
inline const std::string live_earlier_charges_sql =
    "(v.current_revision > 0 AND EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND e.kind = 'charge' "
    "AND e.revision < v.current_revision AND " +
    unreversed_sql("e") + "))";

// An amended visit `v` whose export has corrections to send: a sent charge its current revision changed
// (a reversal pending), or, nothing of the current revision being charged yet, a line of it that no sent
// charge covers (a new line).
inline const std::string corrections_pending_sql =
    "(" + live_earlier_charges_sql +
    " AND (EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND e.kind = 'charge' AND e.revision < "
    "v.current_revision AND " +
    unreversed_sql("e") + " AND NOT " + charge_stands_sql("e", "v.current_revision", "v.billable") +
    ") OR (v.billable = 1 AND NOT EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND e.revision = "
    "v.current_revision AND e.kind = 'charge') AND EXISTS (SELECT 1 FROM billing_lines bl WHERE bl.visit_id = v.id "
    "AND bl.revision = v.current_revision AND NOT " +
    line_covered_sql("v.id", "v.current_revision", "v.billable") + "))))";

// Whether a sent charge of amended visit `v`, still standing (not reversed), is of a date whose lines wait: its
// reversal waits, and the visit's new charges wait with it (new_charges_wait_sql).
inline const std::string earlier_date_waits_sql =
    "(v.current_revision > 0 AND EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND e.kind = 'charge' "
    "AND e.revision < v.current_revision AND " +
    unreversed_sql("e") + " AND " +
    date_waits_sql(
        "v.patient_id",
        "(SELECT r.date_of_service FROM revisions r WHERE r.visit_id = e.visit_id AND r.number = e.revision)") +
    "))";

// The state: 3 amended after export (corrections pending), 2 exported (the current revision's lines charged,
// or covered by charges that stand for them), 1 held, 0 ready. Corrections that wait are held too: they go
// with the date's corrected lines.
inline const std::string worklist_state_sql =
    "(CASE WHEN " + corrections_pending_sql + " THEN (CASE WHEN " +
    date_waits_sql("v.patient_id", "v.date_of_service") + " OR " + earlier_date_waits_sql +
    " THEN 1 ELSE 3 END) WHEN EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND "
    "e.revision = v.current_revision AND e.kind = 'charge') OR " +
    live_earlier_charges_sql + " THEN 2 WHEN v.billable = 0 OR " + date_waits_sql("v.patient_id", "v.date_of_service") +
    " THEN 1 ELSE 0 END)";

// The batch a visit's billing went out in, as the worklist and the visit screen name it: the newest batch
// holding a charge of its current revision or a charge still standing (an amendment that changed no line
// keeps the batch its lines went out in).
inline const std::string visit_batch_sql =
    "(SELECT max(e.batch_id) FROM export_items e WHERE e.visit_id = v.id AND e.kind = 'charge' AND "
    "(e.revision = v.current_revision OR " +
    unreversed_sql("e") + "))";

// A signed visit `v` that a date range's export leaves out, counted beside the export: held by its
// documentation, or waiting with lines not yet sent (one already exported and waiting has nothing left out).
// Not worklist_state_sql = 1, which would look up every visit's export items: a year's export counts tens
// of thousands of visits.
// A visit an amendment moved, whose new charges wait with its old date's reversals (earlier_date_waits_sql), is
// counted too: the export said nothing of it and exited 0 (found from outside).
inline const std::string held_from_export_sql =
    "(v.billable IS NULL OR v.billable <> 1 OR ((" + date_waits_sql("v.patient_id", "v.date_of_service") + " OR " +
    earlier_date_waits_sql +
    ") AND NOT EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND e.revision = v.current_revision "
    "AND e.kind = 'charge')))";

// The format ("csv" or "hl7") of the newest batch holding a line of visit `visit`, a charge or a reversal; NULL when
// none has gone out. A visit's corrections go out as its lines went: a reversal of an HL7 charge written into a CSV
// never reached a billing system that reads only the HL7 feed, and the payer kept the charge; a visit whose CSV
// charges were all taken back (its billing held), then released, sent its new charges as HL7 to a system that had
// never seen it (both found from outside). The newest batch decides, so a visit sent both ways before this rule
// still has one format to go out in.
[[nodiscard]] inline std::string sent_format_sql(const std::string& visit) {
    return "(SELECT b.format FROM export_items e JOIN export_batches b ON b.id = e.batch_id WHERE e.visit_id = " +
           visit + " ORDER BY e.batch_id DESC LIMIT 1)";
}

// Whether the lines of chosen visit `c` (reversals and new charges alike: a visit's corrections travel together)
// wait for an export in the format its lines went out in, not `format` (a bound parameter). A visit never amended
// (revision 0) is not looked up, so a year's export of first signatures reads nothing more.
[[nodiscard]] inline std::string waits_for_other_format_sql(const std::string& format) {
    return "(c.current > 0 AND COALESCE(" + sent_format_sql("c.visit_id") + ", " + format + ") <> " + format + ")";
}

// Whether amended visit `v`, its billable revision's lines not yet charged, has a line that no standing charge
// covers: new charges to send (after an amendment that changed a line, or released its held billing).
inline const std::string new_lines_pending_sql =
    "(v.billable = 1 AND NOT EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = v.id AND e.revision = "
    "v.current_revision AND e.kind = 'charge') AND EXISTS (SELECT 1 FROM billing_lines bl WHERE bl.visit_id = v.id "
    "AND bl.revision = v.current_revision AND NOT " +
    line_covered_sql("v.id", "v.current_revision", "v.billable") + "))";

// The amended visits `v` whose lines an export in `format` (a bound parameter) leaves for the other format
// (waits_for_other_format_sql), listed beside the export so the biller is told which. Those held by a correction
// request are counted as held, not here.
[[nodiscard]] inline std::string corrections_in_other_format_sql(const std::string& format) {
    return "(v.status = 'amended' AND v.current_revision > 0 AND COALESCE(" + sent_format_sql("v.id") + ", " + format +
           ") <> " + format + " AND (" + corrections_pending_sql + " OR " + new_lines_pending_sql + ") AND NOT " +
           date_waits_sql("v.patient_id", "v.date_of_service") + " AND NOT " + earlier_date_waits_sql + ")";
}

// Whether a chosen visit `c` of an export (columns patient_id, day) waits, for its charges.
inline const std::string charges_wait_sql = date_waits_sql("c.patient_id", "c.day");

// The same for a pending reversal `e` of chosen visit `c`: the date of the revision it reverses (an
// amendment may have moved the visit to another date).
inline const std::string reversal_waits_sql = date_waits_sql(
    "c.patient_id",
    "(SELECT r.date_of_service FROM revisions r WHERE r.visit_id = e.visit_id AND r.number = e.revision)");

// Whether the new charges of chosen visit `c` wait because a reversal of its sent charges waits: an amendment
// that moved the visit to another date sent its new charges while the old date's reversal waited for a correction
// request on another visit of that date, and the payer held the same infusion charged on both dates (found from
// outside). The charge that stands is of the visit's current date, so including it changes nothing.
inline const std::string new_charges_wait_sql =
    "(c.current > 0 AND EXISTS (SELECT 1 FROM export_items e WHERE e.visit_id = c.visit_id AND e.kind = 'charge' AND "
    "e.revision < c.current AND " +
    unreversed_sql("e") + " AND " + reversal_waits_sql + "))";

}  // namespace infusion::storage::detail
