#pragma once
// Internal to storage/: a visit's content as rows of one revision, written and read back, on either
// backend (sql_session.hpp): the mapping between a core::Visit and its rows is written once.
#include "core/visit.hpp"
#include "storage/records.hpp"
#include "storage/sql_session.hpp"
#include "storage/text_list.hpp"

namespace infusion::storage::detail {

// One table's rows of a revision: each row's values after (visit_id, revision), in the order of
// `shape.columns`, rows in key order. The same values are inserted and sealed (seal.hpp, format 2), so the
// seal of what is written is computed from memory, never read back.
struct TableShape {
    const char* table;
    const char* columns;  // after visit_id, revision
    const char* key;      // the key after visit_id, revision: the rows' order
};
struct TableRows {
    const TableShape* shape;
    std::vector<std::vector<SqlValue>> rows;
};
using RevisionRows = std::vector<TableRows>;

// A revision's content as rows: diagnoses, substances, vials, pump_setups, sites, pauses, notes (parents
// before children, and the order seal format 2's content digest covers them in).
[[nodiscard]] RevisionRows content_rows(const core::Visit& visit);
// A signature's coding as rows: intervals, billing_lines, problems (the order the seal covers them in).
[[nodiscard]] RevisionRows coding_rows(const SignedCoding& coding);
// The shapes of content_rows and coding_rows, in the same order (what seal format 2 reads back to verify).
[[nodiscard]] const std::vector<const TableShape*>& content_shapes();
[[nodiscard]] const std::vector<const TableShape*>& coding_shapes();
// Inserts the rows as revision `revision` of visit `id` (its revision row must exist).
void insert_rows(SqlSession& db, VisitId id, int revision, const RevisionRows& tables);
// Deletes the rows of a (draft) revision: its content and any coding its last save kept.
void delete_content(SqlSession& db, VisitId id, int revision);
// SELECT columns FROM table WHERE visit_id = ? AND revision = ? ORDER BY key: one revision's rows of a
// table, in key order (the coding comparison below, and seal.cpp's read-backs).
[[nodiscard]] std::string select_rows_sql(const char* table, const char* columns, const char* key);
// The same for one of content_shapes() or coding_shapes(), its text made once for all of them.
[[nodiscard]] const std::string& select_rows_sql(const TableShape& shape);
// How a revision's stored rows of these tables compare with `tables` (each table's rows in key order):
// the same values of the same types, row for row; none stored; or other rows.
enum class StoredRows { same, none, other };
[[nodiscard]] StoredRows compare_stored_rows(SqlSession& db, VisitId id, int revision, const RevisionRows& tables);
// Deletes the coding rows of a (draft) revision (intervals, billing lines, problems).
void delete_coding(SqlSession& db, VisitId id, int revision);
// Reads the content of one revision; the revision row supplies patient and visit header fields.
[[nodiscard]] core::Visit read_content(SqlSession& db, VisitId id, int revision);

[[nodiscard]] SignedCoding read_coding(SqlSession& db, VisitId id, int revision);

// The revision row of `visit` (its patient snapshot and header), unsigned, with the digests of its content
// rows (seal.hpp, content_digests).
struct ContentDigests;
void insert_revision_row(SqlSession& db, VisitId id, int number, const core::Visit& visit, const Actor& actor,
                         const std::string& reason, const ContentDigests& digests);

// The condition of the status index visits_unsigned (schema 16), for a query on `visits v`. SQLite uses a
// partial index only for a query whose WHERE states its condition, so a query that reads drafts or amended
// visits through it says this word for word (PostgreSQL's planner is given the same words).
inline constexpr const char* unsigned_indexed_sql = "v.status <> 'signed'";

// The patient's name as revision `revision` of visit `visit` documents it, `record_name` (the patient row's) when
// it has none. The lists show it: after a rename, `visits list`, Today, the worklist and the review queue showed
// the record's new name for visits signed under the old one, while `visits show`, the printed record and the
// export carry the name each was signed with (found from outside).
[[nodiscard]] inline std::string documented_name_sql(const std::string& visit, const std::string& revision,
                                                     const std::string& record_name) {
    return "COALESCE((SELECT dr.patient_name FROM revisions dr WHERE dr.visit_id = " + visit +
           " AND dr.number = " + revision + "), " + record_name + ")";
}

// One visit-list row from a row whose columns are, in order: visit id, patient MRN, patient name,
// status, date of service, clinician, current revision, infusion minutes, billable, updated at, and the
// billing state (NULL for a draft): visit_summary_select's.
[[nodiscard]] VisitSummary read_summary(const SqlRow& s);
// "SELECT" and the columns read_summary reads, over visits `v` and patients `p` (a FROM clause follows).
[[nodiscard]] std::string visit_summary_select();

// The patient row a visit was written for, and the name it had when this write renamed the patient.
struct PatientRowWrite {
    std::int64_t id = 0;
    std::optional<std::string> renamed_from;
    std::optional<std::string> born_before;  // the birth date on record this write changed (YYYY-MM-DD)
};
// Finds or creates the patient row for the visit's patient, refreshing birth date and allergies. The name
// on record changes only when `naming` says so (a name typed under a mistyped id renamed another patient
// on every list, found from outside), or when the record has none.
[[nodiscard]] PatientRowWrite upsert_patient(SqlSession& db, const core::Patient& patient, PatientNaming naming);
// "; patient MRN-1 renamed: Old -> New" (and "; patient MRN-1 birth date: A -> B") for an audit row's
// detail, or nothing.
[[nodiscard]] std::string renamed_text(const core::Patient& patient, const PatientRowWrite& row);

}  // namespace infusion::storage::detail
