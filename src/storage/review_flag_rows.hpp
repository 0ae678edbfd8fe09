#pragma once
// Internal to storage/: the review flags stored with each signed revision (revision_flags, migration 9)
// and the review queue's cache built from them (review_state). The flags are computed by core
// (core/review_flags.hpp) when a revision is signed; nothing here decides what a flag means.
#include "core/review_flags.hpp"
#include "storage/records.hpp"
#include "storage/sql_session.hpp"
#include "storage/sqlite_support.hpp"

namespace infusion::storage::detail {

// Inside the signing transaction, after the revision is sealed: stores its flags and refreshes the
// visit's row of the queue.
// On either backend (sql_session.hpp).
void store_revision_flags(SqlSession& db, VisitId id, int revision, const core::SignedReview& review);

// The same for a draft just signed, from what signing knows rather than read back (issue 15): the visit's
// date, clinician and patient as it now stands and the flags just stored. A visit never signed before has
// no countersignature and no correction request, so it waits for review ('pending').
struct SignedDraft {
    VisitId id = 0;
    std::string date_of_service;
    std::string clinician;
    std::int64_t patient = 0;
    std::optional<int> infusion_minutes;
};
void store_revision_flags(SqlSession& db, const SignedDraft& visit, const core::SignedReview& review);

// Inside an open transaction: one visit's queue row (flags under the queue's threshold, core's priority,
// the review state) rebuilt from its current revision's stored flags. A no-op for a draft.
void rebuild_review_row(SqlSession& db, VisitId id);

// The threshold the queue's long_infusion flags follow (review_threshold).
[[nodiscard]] core::ReviewSettings queue_review_settings(SqlSession& db);
[[nodiscard]] core::ReviewSettings queue_review_settings(Connection& db);

// Inside an open transaction: re-flags the queue for another long-infusion threshold, in C++ (core), and
// records it as the queue's. Returns how many visits changed flags.
[[nodiscard]] std::int64_t apply_queue_review_settings(SqlSession& db, const core::ReviewSettings& settings);

// Migration 9's backfill, inside its transaction: computes the flags of every revision sealed before
// it with core (as signing does now, with the default threshold) and fills review_state's flags and
// priority from them.
void backfill_revision_flags(SQLite::Database& db);

}  // namespace infusion::storage::detail
