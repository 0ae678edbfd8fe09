// The seal check's review rows (seal_check_parts.hpp): the review flags beside each sealed revision and the
// review queue's rows against the review record.
#include "storage/review_flag_rows.hpp"
#include "storage/seal_check_parts.hpp"

#include <charconv>

namespace infusion::storage::detail {
namespace {

// The long-infusion threshold the audit log's last "review-threshold" row set ("long-infusion threshold
// 240 -> 180 minutes: ..."), or nullopt when the program never changed it (the schema's 240 stands).
std::optional<int> audited_review_threshold(SqlSession& db) {
    std::optional<int> out;
    db.query("SELECT detail FROM audit WHERE visit_id IS NULL AND action = 'review-threshold' ORDER BY id DESC LIMIT 1",
             {}, [&](const SqlRow& s) {
                 const std::string detail = s.text(0);
                 const auto arrow = detail.find(" -> ");
                 if (arrow == std::string::npos) return;
                 int minutes = 0;
                 const char* begin = detail.data() + arrow + 4;
                 const auto [end, ec] = std::from_chars(begin, detail.data() + detail.size(), minutes);
                 if (ec == std::errc{} && end != begin) out = minutes;
             });
    return out;
}

// Every signed revision has its review flags (revision_flags, stored at signing), and the queue's flags
// and priority are those of the current revision under the queue's threshold, weighed by core.
void check_review_flags(SqlSession& db, Findings& findings, const Scope& scope) {
    db.query(
        "SELECT r.visit_id, r.number FROM revisions r WHERE r.sealed = 1 AND NOT EXISTS (SELECT 1 FROM "
        "revision_flags f WHERE f.visit_id = r.visit_id AND f.revision = r.number)" +
            scope.visits("r.visit_id"),
        {}, [&](const SqlRow& s) {
            findings.add("review flags missing", "revision " + s.text(1) + " of visit " + s.text(0) +
                                                     " is signed but has no review flags (removed behind the "
                                                     "program's back: the review queue cannot be rebuilt)");
        });
    // Every signed visit has its queue row (the trigger refuses a delete, but it can be dropped and made
    // again): without it the visit leaves the supervisors' queue unreviewed (found from outside). A scan
    // of every visit, so --full only: quick checks look at the visits written since the checkpoint.
    db.query(
        "SELECT v.id FROM visits v WHERE v.status <> 'draft' AND NOT EXISTS (SELECT 1 FROM review_state rs "
        "WHERE rs.visit_id = v.id)" +
            scope.visits("v.id"),
        {}, [&](const SqlRow& s) {
            findings.add("review state", "visit " + s.text(0) +
                                             " is signed but not in the review queue (its row was deleted "
                                             "behind the program's back: no supervisor would review it)");
        });
    // The threshold itself first: changed with the shell, it made every visit between the two thresholds
    // read as "edited behind the program's back" (~150 of them, found from outside) and said nothing of
    // itself. It is named once, and the visits are weighed against the threshold the program set.
    core::ReviewSettings settings = queue_review_settings(db);
    const int audited = audited_review_threshold(db).value_or(core::ReviewSettings{}.long_infusion_minutes);
    if (audited != settings.long_infusion_minutes) {
        findings.add("review threshold", "the review queue's long-infusion threshold is " +
                                             std::to_string(settings.long_infusion_minutes) +
                                             " minutes, but the program last set it to " + std::to_string(audited) +
                                             " (audit log): changed behind the program's back");
        settings.long_infusion_minutes = audited;
    }
    db.query(
        "SELECT rs.visit_id, rs.flags, rs.priority, f.flags, r.infusion_minutes, "
        "CASE WHEN rs.date_of_service IS DISTINCT FROM v.date_of_service OR rs.clinician IS DISTINCT FROM "
        "v.clinician OR rs.patient_id IS DISTINCT FROM v.patient_id THEN 1 ELSE 0 END, rs.date_of_service, "
        "rs.clinician FROM review_state rs "
        "JOIN visits v ON v.id = rs.visit_id JOIN revisions r ON r.visit_id = v.id AND r.number = v.current_revision "
        "JOIN revision_flags f ON f.visit_id = v.id AND f.revision = v.current_revision WHERE TRUE" +
            scope.visits("rs.visit_id"),
        {}, [&](const SqlRow& s) {
            const auto listed = static_cast<std::uint32_t>(s.integer(1));
            const auto expected =
                core::with_long_infusion_threshold(static_cast<std::uint32_t>(s.integer(3)), s.opt_int(4), settings);
            if (listed != expected || s.integer(2) != core::review_priority(expected)) {
                findings.add("review flags", "visit " + s.text(0) + " is listed for review with flags " +
                                                 std::to_string(listed) + " and priority " + s.text(2) +
                                                 " but its signed revision says " + std::to_string(expected) + " and " +
                                                 std::to_string(core::review_priority(expected)) +
                                                 " (edited behind the program's back)");
            }
            // The queue's copy of the visit's date, nurse and patient, which its rows show and its filters read:
            // a visit listed as "2020-01-01 ... nobody" passed both checks (found from outside).
            if (s.integer(5) != 0) {
                findings.add("review state", "visit " + s.text(0) + " is listed for review as of " + s.text(6) +
                                                 " by " + s.text(7) +
                                                 ", which is not its date, nurse or patient on record (edited "
                                                 "behind the program's back)");
            }
        });
}

}  // namespace

void check_review(SqlSession& db, Findings& findings, const Scope& scope) {
    const std::string in_scope = scope.visits("visit_id");
    for_each_visit_page(db, "countersignatures", in_scope, [&](VisitId first, VisitId last) {
        std::vector<std::pair<CountersignatureRow, std::optional<std::string>>> rows;
        db.query(
            "SELECT visit_id, revision, supervisor, at, comment, seal FROM countersignatures "
            "WHERE visit_id BETWEEN ? AND ?" +
                in_scope + " ORDER BY visit_id, revision",
            {first, last}, [&](const SqlRow& s) {
                rows.push_back(
                    {{s.integer(0), static_cast<int>(s.integer(1)), s.text(2), s.text(3), s.text(4)}, s.opt_text(5)});
            });
        const FirstAudits audits(db, "countersignature ", first, last);
        VisitId previous = 0;
        for (const auto& [row, stored] : rows) {
            const bool first_of_visit = row.visit_id != previous;
            previous = row.visit_id;
            compare(findings, audits,
                    "the countersignature of visit " + std::to_string(row.visit_id) + " (revision " +
                        std::to_string(row.revision) + ")",
                    countersignature_subject(row.visit_id, row.revision, first_of_visit), stored,
                    countersignature_seal(row),
                    [&, visit = row.visit_id] { return legacy_audit_exists(db, "countersign", visit, ""); });
        }
    });
    for_each_visit_page(db, "site_care_notes", in_scope, [&](VisitId first, VisitId last) {
        std::vector<std::pair<SiteCareNoteRow, std::optional<std::string>>> rows;
        db.query(
            "SELECT id, visit_id, author, at, location, conditions, grade, text, seal FROM site_care_notes "
            "WHERE visit_id BETWEEN ? AND ?" +
                in_scope + " ORDER BY id",
            {first, last}, [&](const SqlRow& s) {
                rows.push_back({{s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5),
                                 static_cast<int>(s.integer(6)), s.text(7)},
                                s.opt_text(8)});
            });
        const FirstAudits audits(db, "site-care-note ", first, last);
        for (const auto& [row, stored] : rows) {
            compare(findings, audits,
                    "site-care note " + std::to_string(row.id) + " of visit " + std::to_string(row.visit_id),
                    site_care_note_subject(row.id), stored, site_care_note_seal(row),
                    [&, visit = row.visit_id, id = row.id] {
                        return legacy_audit_exists(db, "site-care-note", visit,
                                                   "site-care note " + std::to_string(id) + ":");
                    });
        }
    });
    // review_state is a cache, but the supervisor's queue trusts it: it must say what the record says.
    db.query(
        "SELECT visit_id, state, expected FROM (SELECT rs.visit_id, rs.state, CASE "
        "WHEN EXISTS (SELECT 1 FROM correction_requests c WHERE c.visit_id = rs.visit_id "
        "AND c.resolved_revision IS NULL) THEN 'correction' "
        "WHEN EXISTS (SELECT 1 FROM countersignatures cs JOIN visits v ON v.id = cs.visit_id "
        "AND cs.revision = v.current_revision WHERE cs.visit_id = rs.visit_id) THEN 'countersigned' "
        "ELSE 'pending' END AS expected FROM review_state rs WHERE TRUE" +
            scope.visits("rs.visit_id") + ") AS listed WHERE state <> expected",
        {}, [&](const SqlRow& s) {
            findings.add("review state", "visit " + s.text(0) + " is listed for review as '" + s.text(1) +
                                             "' but its record says '" + s.text(2) +
                                             "' (edited behind the program's back)");
        });
    // A request reads as answered only by a signed amendment of its visit (schema 21 refuses any other answer;
    // this names one made with the trigger dropped, or before it).
    db.query(
        "SELECT c.id, c.visit_id, c.resolved_revision FROM correction_requests c WHERE c.resolved_revision IS NOT "
        "NULL AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.visit_id = c.visit_id AND r.number = "
        "c.resolved_revision AND r.sealed = 1)" +
            scope.visits("c.visit_id") + " ORDER BY c.id",
        {}, [&](const SqlRow& s) {
            findings.add("review state", "correction request " + s.text(0) + " of visit " + s.text(1) +
                                             " reads as answered by amendment " + s.text(2) +
                                             ", which the visit does not have (changed behind the program's back)");
        });
    check_review_flags(db, findings, scope);
}

}  // namespace infusion::storage::detail
