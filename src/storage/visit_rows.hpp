#pragma once
// Internal to storage/: a visit's content as rows of one revision, written and read back, on either
// backend (sql_session.hpp): the mapping between a core::Visit and its rows is written once.
#include "core/visit.hpp"
#include "storage/records.hpp"
#include "storage/sql_session.hpp"
#include "storage/text_list.hpp"

namespace infusion::storage::detail {

// Inserts the content of `visit` as revision `revision` of visit `id` (the revision row must exist).
void insert_content(SqlSession& db, VisitId id, int revision, const core::Visit& visit);
// Deletes the content rows of a (draft) revision.
void delete_content(SqlSession& db, VisitId id, int revision);
// Reads the content of one revision; the revision row supplies patient and visit header fields.
[[nodiscard]] core::Visit read_content(SqlSession& db, VisitId id, int revision);

void insert_coding(SqlSession& db, VisitId id, int revision, const SignedCoding& coding);
[[nodiscard]] SignedCoding read_coding(SqlSession& db, VisitId id, int revision);

// The revision row of `visit` (its patient snapshot and header), unsigned.
void insert_revision_row(SqlSession& db, VisitId id, int number, const core::Visit& visit, const Actor& actor,
                         const std::string& reason);

// One visit-list row from a row whose columns are, in order: visit id, patient MRN, patient name,
// status, date of service, clinician, current revision, infusion minutes, billable, updated at.
[[nodiscard]] VisitSummary read_summary(const SqlRow& s);

// Finds or creates the patient row for the visit's patient, refreshing name and details.
[[nodiscard]] std::int64_t upsert_patient(SqlSession& db, const core::Patient& patient);

}  // namespace infusion::storage::detail
