#pragma once
// Internal to storage/: a visit's content as rows of one revision, written and read back.
#include "core/visit.hpp"
#include "storage/records.hpp"

#include "storage/sqlite_support.hpp"

namespace infusion::storage::detail {

// Inserts the content of `visit` as revision `revision` of visit `id` (the revision row must exist).
void insert_content(Connection& db, VisitId id, int revision, const core::Visit& visit);
// Deletes the content rows of a (draft) revision.
void delete_content(Connection& db, VisitId id, int revision);
// Reads the content of one revision; the revision row supplies patient and visit header fields.
[[nodiscard]] core::Visit read_content(Connection& db, VisitId id, int revision);

void insert_coding(Connection& db, VisitId id, int revision, const SignedCoding& coding);
[[nodiscard]] SignedCoding read_coding(Connection& db, VisitId id, int revision);

// One visit-list row from a statement whose columns are, in order: visit id, patient MRN, patient name,
// status, date of service, clinician, current revision, infusion minutes, billable, updated at.
[[nodiscard]] VisitSummary read_summary(SQLite::Statement& s);

// Finds or creates the patient row for the visit's patient, refreshing name and details.
[[nodiscard]] std::int64_t upsert_patient(Connection& db, const core::Patient& patient);

}  // namespace infusion::storage::detail
