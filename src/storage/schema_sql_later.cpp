// SQLite migrations 5 to 14 (schema_sql.hpp): migration 5 (vials), migration 6 (seals, append-only
// exports, delivery), migration 7 (per-line service dates), migration 8 (database facts, throttling by
// name), migration 9 (review flags stored with revisions), migration 10 (draft versions), 11 (nothing:
// PostgreSQL's TRUNCATE guards), 12 and 13 (fewer pages written per signature), 14 (revisions sealed from what is
// written). Each statement is commented with why it is shaped so.
#include "storage/schema_sql.hpp"

namespace infusion::storage::schema::sql {

// Version 5. The vials a substance was drawn from, as scanned from their GS1 barcode or typed from the
// label (docs/visit-file.md, substances[].vials): part of the signed content, so sealed like it.
const std::string_view migration_5 = R"SQL(
CREATE TABLE vials(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL, substance_ord INTEGER NOT NULL, ord INTEGER NOT NULL,
  gtin TEXT NOT NULL DEFAULT '', lot TEXT NOT NULL DEFAULT '', expiry TEXT, serial TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (visit_id, revision, substance_ord, ord),
  FOREIGN KEY (visit_id, revision, substance_ord) REFERENCES substances(visit_id, revision, ord)
) STRICT;
CREATE TRIGGER vials_sealed_insert BEFORE INSERT ON vials
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER vials_sealed_update BEFORE UPDATE ON vials
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER vials_sealed_delete BEFORE DELETE ON vials
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
)SQL";

// Version 6. Sealed content and export delivery (docs/storage.md, "Seals"). Every sealed revision,
// countersignature, site-care note and export batch carries the SHA-256 of its canonical content
// (storage/seal.cpp); the audit row that recorded it carries the same hash and names the row
// (`subject`), both inside the hash chain, so `db check` can recompute every seal and pair every
// sealed row with its audit row. Rows sealed before this version have no seal (NULL) and are paired
// with their audit row by action and number only.
// Export batches and their items were only protected by the program; now by triggers, like the
// signed content. A batch's target file and its delivery (the rename that put the file in place) are
// recorded so a batch whose file never arrived is found and delivered at the next export.
const std::string_view migration_6 = R"SQL(
ALTER TABLE audit ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN seal TEXT NOT NULL DEFAULT '';
ALTER TABLE revisions ADD COLUMN seal TEXT;
ALTER TABLE countersignatures ADD COLUMN seal TEXT;
ALTER TABLE site_care_notes ADD COLUMN seal TEXT;
ALTER TABLE export_batches ADD COLUMN seal TEXT;
ALTER TABLE export_batches ADD COLUMN out_path TEXT NOT NULL DEFAULT '';
-- db check finds the audit row of each sealed row by its name; only sealing rows are indexed.
CREATE INDEX audit_by_subject ON audit(subject) WHERE subject <> '';

CREATE TRIGGER export_batches_no_update BEFORE UPDATE ON export_batches
BEGIN SELECT RAISE(ABORT, 'export batches are append-only'); END;
CREATE TRIGGER export_batches_no_delete BEFORE DELETE ON export_batches
BEGIN SELECT RAISE(ABORT, 'export batches are append-only'); END;
CREATE TRIGGER export_items_no_update BEFORE UPDATE ON export_items
BEGIN SELECT RAISE(ABORT, 'exported lines are append-only'); END;
CREATE TRIGGER export_items_no_delete BEFORE DELETE ON export_items
BEGIN SELECT RAISE(ABORT, 'exported lines are append-only'); END;

-- One row per batch whose file was put in place (renamed from FILE.partial), or written again later.
CREATE TABLE export_deliveries(
  batch_id INTEGER PRIMARY KEY REFERENCES export_batches(id),
  at TEXT NOT NULL,
  delivered_by TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL
) STRICT;
CREATE TRIGGER export_deliveries_no_update BEFORE UPDATE ON export_deliveries
BEGIN SELECT RAISE(ABORT, 'export deliveries are append-only'); END;
CREATE TRIGGER export_deliveries_no_delete BEFORE DELETE ON export_deliveries
BEGIN SELECT RAISE(ABORT, 'export deliveries are append-only'); END;
-- Every batch recorded before this version was delivered or re-exported by hand: count it delivered.
INSERT INTO export_deliveries(batch_id, at, delivered_by, path, sha256)
SELECT id, created_at, created_by, '', sha256 FROM export_batches;
)SQL";

// Version 7. Coding rules edition 2 (docs/coding.md): each billing line carries its own date of
// service (a facility infusion past midnight dates its later hours on the next day). '' on lines
// signed before: their date is the revision's date_of_service, as it always was.
const std::string_view migration_7 = R"SQL(
ALTER TABLE billing_lines ADD COLUMN service_date TEXT NOT NULL DEFAULT '';
)SQL";

// Version 8. Facts about the database itself, recorded once (storage/database_facts.hpp): `kind` =
// `demo` marks a database made by demo-data; a database without it is a clinic's. Sign-in throttling
// that answers the same for every name (user_store.hpp): failures of names that are no user, kept by
// the SHA-256 of the name, and the attempts refused during a wait, counted instead of each audited.
const std::string_view migration_8 = R"SQL(
CREATE TABLE sign_in_throttle(
  name_sha256 TEXT PRIMARY KEY,
  failed_attempts INTEGER NOT NULL CHECK (failed_attempts >= 0),
  locked_until TEXT NOT NULL,
  refused_while_locked INTEGER NOT NULL DEFAULT 0,
  last_at TEXT NOT NULL
) STRICT;
ALTER TABLE users ADD COLUMN refused_while_locked INTEGER NOT NULL DEFAULT 0;
CREATE TABLE database_facts(
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER database_facts_no_update BEFORE UPDATE ON database_facts
BEGIN SELECT RAISE(ABORT, 'database facts are permanent'); END;
CREATE TRIGGER database_facts_no_delete BEFORE DELETE ON database_facts
BEGIN SELECT RAISE(ABORT, 'database facts are permanent'); END;
)SQL";

// Version 9. Review flags computed by the program (core/review_flags.hpp) when a revision is signed, and
// stored with it: SQL no longer restates them (docs/review.md, "How the flags are kept").
// - revision_flags: one row per signed revision, beside the sealed content and not part of its seal.
//   The flags are the program's reading of the record under the clinic's review settings of the day
//   (the threshold is recorded with them), not something the nurse signed; seals made before this
//   version could not cover them, and one kind of revision seal is simpler to check than two. Like the
//   content, the rows are append-only (triggers), and db check compares the queue with them.
// - review_state: still the queue's cache, now filled by the program: its flags come from the current
//   revision's stored flags (long_infusion under review_threshold's minutes), its priority from
//   core::review_priority; it is rebuilt (the generated priority column cannot be altered), keeping
//   each visit's date, nurse, patient and state. migration 4's trigger, which computed flags in SQL, goes.
// - review_threshold: the long-infusion threshold the queue's flags follow; the program re-flags the
//   queue when the clinic's setting differs (clinic.toml [review]).
// The program fills revision_flags and review_state's flags and priority after this SQL, in the same
// transaction (schema::backfill, review_flag_rows.cpp).
const std::string_view migration_9 = R"SQL(
DROP TRIGGER review_state_on_signing;

CREATE TABLE revision_flags(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL,
  flags INTEGER NOT NULL CHECK (flags >= 0),
  long_infusion_minutes INTEGER NOT NULL,
  PRIMARY KEY (visit_id, revision),
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT;
CREATE TRIGGER revision_flags_signed_only BEFORE INSERT ON revision_flags
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) IS NOT 1
BEGIN SELECT RAISE(ABORT, 'review flags are stored for a signed revision only'); END;
CREATE TRIGGER revision_flags_no_update BEFORE UPDATE ON revision_flags
BEGIN SELECT RAISE(ABORT, 'the review flags of a signed revision cannot be changed'); END;
CREATE TRIGGER revision_flags_no_delete BEFORE DELETE ON revision_flags
BEGIN SELECT RAISE(ABORT, 'the review flags of a signed revision cannot be changed'); END;

CREATE TABLE review_threshold(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  long_infusion_minutes INTEGER NOT NULL CHECK (long_infusion_minutes > 0)
) STRICT;
INSERT INTO review_threshold(id, long_infusion_minutes) VALUES (1, 240);

ALTER TABLE review_state RENAME TO review_state_8;
DROP INDEX review_state_queue;
CREATE TABLE review_state(
  visit_id INTEGER PRIMARY KEY REFERENCES visits(id),
  date_of_service TEXT NOT NULL,
  clinician TEXT NOT NULL,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  flags INTEGER NOT NULL,
  priority INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'countersigned', 'correction'))
) STRICT;
INSERT INTO review_state(visit_id, date_of_service, clinician, patient_id, flags, priority, state)
SELECT visit_id, date_of_service, clinician, patient_id, 0, 0, state FROM review_state_8;
DROP TABLE review_state_8;
-- The queue's index, as migration 4 built it (see there why these columns).
CREATE INDEX review_state_queue ON review_state(state, priority DESC, date_of_service DESC, visit_id DESC, flags,
  clinician);
)SQL";

// Version 10. Concurrent editing (issue 14): every write of a visit (a draft saved, signed, amended) adds
// one to its version, and a writer says which version it read. Two windows or workstations on one draft
// can then never overwrite each other silently: the later save from an older version is refused.
// Existing visits start at 1, as a new draft does.
const std::string_view migration_10 = R"SQL(
ALTER TABLE visits ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
)SQL";

// Migration 11: nothing changes in SQLite. PostgreSQL's version 11 makes TRUNCATE of the visits, their
// content and the review record refuse, as their row triggers cannot see it; SQLite has no TRUNCATE (a
// DELETE without WHERE runs the row triggers, which refuse). The number moves so a clinic's database is at
// the same version on both backends, which `db migrate` requires.
const std::string_view migration_11 = R"SQL(
SELECT 1;
)SQL";

// Version 12. Signing writes fewer pages (issue 15). The small rows a signature adds (its intervals,
// problems and review flags) were each stored twice: in the table, by rowid, and in the index of its key
// (visit, revision, ord). Keyed by that key alone (WITHOUT ROWID), each row is stored once, in key order,
// so a signature writes one page per table instead of two. Billing lines stay as they are: at some 250
// bytes a row, a table ordered by its key splits its pages more often than the rowid table and its
// small index together cost (measured: 2.5 pages a signature either way, a little more keyed). The
// columns, keys, checks and triggers are unchanged: each table is renamed, made again under its own
// name, copied in key order, and the old one dropped (its triggers with it, made again).
const std::string_view migration_12 = R"SQL(
ALTER TABLE intervals RENAME TO intervals_11;
CREATE TABLE intervals(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL, ord INTEGER NOT NULL,
  start_utc TEXT NOT NULL, stop_utc TEXT NOT NULL,
  PRIMARY KEY (visit_id, revision, ord),
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT, WITHOUT ROWID;
INSERT INTO intervals SELECT visit_id, revision, ord, start_utc, stop_utc FROM intervals_11
ORDER BY visit_id, revision, ord;
DROP TABLE intervals_11;
CREATE TRIGGER intervals_sealed_insert BEFORE INSERT ON intervals
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER intervals_sealed_update BEFORE UPDATE ON intervals
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER intervals_sealed_delete BEFORE DELETE ON intervals
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;

ALTER TABLE problems RENAME TO problems_11;
CREATE TABLE problems(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL, ord INTEGER NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
  code TEXT NOT NULL, field TEXT NOT NULL DEFAULT '', message TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (visit_id, revision, ord),
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT, WITHOUT ROWID;
INSERT INTO problems SELECT visit_id, revision, ord, severity, code, field, message FROM problems_11
ORDER BY visit_id, revision, ord;
DROP TABLE problems_11;
CREATE TRIGGER problems_sealed_insert BEFORE INSERT ON problems
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER problems_sealed_update BEFORE UPDATE ON problems
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER problems_sealed_delete BEFORE DELETE ON problems
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;

ALTER TABLE revision_flags RENAME TO revision_flags_11;
CREATE TABLE revision_flags(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL,
  flags INTEGER NOT NULL CHECK (flags >= 0),
  long_infusion_minutes INTEGER NOT NULL,
  PRIMARY KEY (visit_id, revision),
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT, WITHOUT ROWID;
INSERT INTO revision_flags SELECT visit_id, revision, flags, long_infusion_minutes FROM revision_flags_11
ORDER BY visit_id, revision;
DROP TABLE revision_flags_11;
CREATE TRIGGER revision_flags_signed_only BEFORE INSERT ON revision_flags
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) IS NOT 1
BEGIN SELECT RAISE(ABORT, 'review flags are stored for a signed revision only'); END;
CREATE TRIGGER revision_flags_no_update BEFORE UPDATE ON revision_flags
BEGIN SELECT RAISE(ABORT, 'the review flags of a signed revision cannot be changed'); END;
CREATE TRIGGER revision_flags_no_delete BEFORE DELETE ON revision_flags
BEGIN SELECT RAISE(ABORT, 'the review flags of a signed revision cannot be changed'); END;
)SQL";

// Version 13. Signing writes fewer pages (issue 15): two indexes reshaped, nothing else.
// - review_state_queue in ascending order. A signature adds its visit to the queue as the newest of its
//   priority; with the columns descending, that entry went in at the left edge of the entries after it,
//   and SQLite, which packs a split page's cells to the left, left that page full every time, so the next
//   signature split it again (4 or 5 pages written instead of 1). SQLite reads an index backwards as fast
//   as forwards: the queue's order (priority, date and visit newest first) is the same walk, without a sort.
// - audit_by_subject without the audit rows of signed revisions. `db check` pairs those with their revision
//   by the visit they name (audit_by_visit), never by subject; the index is for the few subjects that are
//   looked up by name (accounts, facts, batches, countersignatures, site-care notes). A query that wants
//   it repeats its condition (storage/seal.hpp, subject_indexed_sql), which SQLite requires to
//   use a partial index.
const std::string_view migration_13 = R"SQL(
DROP INDEX review_state_queue;
CREATE INDEX review_state_queue ON review_state(state, priority, date_of_service, visit_id, flags, clinician);
DROP INDEX audit_by_subject;
CREATE INDEX audit_by_subject ON audit(subject) WHERE subject <> '' AND substr(subject, 1, 9) <> 'revision ';
)SQL";

// Version 14. Seal format 2 (storage/seal.hpp; issue 15): a revision row keeps the digest of its content
// rows, computed as they are written, so signing seals the draft without reading its content back. NULL in
// revisions written before (their seals stay format 1; a draft saved before is read back once when signed).
// The column is covered by the revision's protection as it is: a sealed revision row cannot be updated.
const std::string_view migration_14 = R"SQL(
ALTER TABLE revisions ADD COLUMN content_digest TEXT;
)SQL";

// Version 15. Two checks written as comparisons instead of IN lists (issue 15). SQLite evaluates a CHECK of
// the form `x IN (a, b, c)` (three values or more) through a temporary b-tree it builds for each row
// written, and a signature wrote two such rows (its visit's status, its review-queue row's state): about 25
// temporary b-trees and 12 % of a signature's instructions (valgrind), for checks three comparisons make.
// The new checks accept and refuse exactly the same values, so no row is read or rewritten: the table
// definitions are edited in place (SQLite's documented procedure for changes that leave the stored format
// as it is, "Making Other Kinds Of Table Schema Changes"), instant at any size. The migration verifies the
// result (schema::backfill) and moves the schema cookie, so other connections read the new definitions.
const std::string_view migration_15 = R"SQL(
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (status IN (''draft'', ''signed'', ''amended''))',
  'CHECK (status = ''draft'' OR status = ''signed'' OR status = ''amended'')')
WHERE type = 'table' AND name = 'visits';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (state IN (''pending'', ''countersigned'', ''correction''))',
  'CHECK (state = ''pending'' OR state = ''countersigned'' OR state = ''correction'')')
WHERE type = 'table' AND name = 'review_state';
PRAGMA writable_schema = RESET;
)SQL";

// Version 16. The status index holds the unsigned visits only (issue 15). visits_by_status held every visit,
// 98 % of them signed, and a signature moved its visit's entry from the drafts to the signed ones: a delete
// and an insert in two places of the index, three pages of a signature's twelve in the bench. Lists by status
// are of drafts or amended visits; signed visits are read by date (visits_by_date), by patient or by clinician,
// which the planner chose for them already. Now a signature deletes one entry and inserts none, and the index
// is a fiftieth of its size. A query uses it only when its WHERE says `status <> 'signed'` (SQLite proves a
// partial index usable from the query's own terms), which list_visits adds for a draft or amended filter.
// Rebuilding it reads the visits once: about 4 s at 1,000,000 visits, once, at the upgrade.
const std::string_view migration_16 = R"SQL(
DROP INDEX visits_by_status;
CREATE INDEX visits_unsigned ON visits(status, date_of_service DESC, id DESC) WHERE status <> 'signed';
)SQL";

// Version 17. Three edits with the `sqlite3` shell that no trigger refused, found from outside, each of which
// changed what billing or review sees while the default `db check` said ok:
// - export_items: a line added to a recorded batch was never billed (the export takes it for sent). The
//   program now writes a batch's lines before its batch row (its foreign key deferred to the commit), so a
//   line may be added only for a batch that is not recorded yet: cheap for the 200,000 lines of a year's
//   export (one rowid search each), unlike looking up the batch's audit row per line. A line recorded for a
//   batch that never comes is found by `db check` and stops the export (storage/sqlite_billing_store.cpp).
// - visits: a signed visit's current revision moved up with no amendment behind it (the visit showed as
//   amended and held). An amendment seals its revision before it moves the visit (visit_writes.cpp).
// - review_state: a visit set 'countersigned' with no countersignature, or deleted from the queue, left the
//   supervisors' queue unreviewed. The queue row's state must be what the review record says; the program
//   never deletes a queue row (it rebuilds one in place). 'pending' is not checked, so signing pays nothing.
const std::string_view migration_17 = R"SQL(
CREATE TRIGGER export_items_recorded_batch BEFORE INSERT ON export_items
WHEN EXISTS (SELECT 1 FROM export_batches WHERE id >= NEW.batch_id)
BEGIN SELECT RAISE(ABORT, 'the lines of a recorded export batch cannot be changed'); END;
CREATE TRIGGER visits_revision_sealed BEFORE UPDATE OF current_revision ON visits
WHEN OLD.status <> 'draft' AND NEW.current_revision IS NOT OLD.current_revision AND NOT EXISTS (
  SELECT 1 FROM revisions WHERE visit_id = NEW.id AND number = NEW.current_revision AND sealed = 1)
BEGIN SELECT RAISE(ABORT, 'a signed visit moves to a new revision only by its sealed amendment'); END;
CREATE TRIGGER review_state_insert_supported BEFORE INSERT ON review_state
WHEN (NEW.state = 'countersigned' AND NOT EXISTS (SELECT 1 FROM countersignatures WHERE visit_id = NEW.visit_id))
  OR (NEW.state = 'correction' AND NOT EXISTS (
      SELECT 1 FROM correction_requests WHERE visit_id = NEW.visit_id AND resolved_revision IS NULL))
BEGIN SELECT RAISE(ABORT, 'a review state needs its countersignature or open correction request'); END;
CREATE TRIGGER review_state_update_supported BEFORE UPDATE OF state, visit_id ON review_state
WHEN (NEW.state = 'countersigned' AND NOT EXISTS (SELECT 1 FROM countersignatures WHERE visit_id = NEW.visit_id))
  OR (NEW.state = 'correction' AND NOT EXISTS (
      SELECT 1 FROM correction_requests WHERE visit_id = NEW.visit_id AND resolved_revision IS NULL))
BEGIN SELECT RAISE(ABORT, 'a review state needs its countersignature or open correction request'); END;
CREATE TRIGGER review_state_no_delete BEFORE DELETE ON review_state
BEGIN SELECT RAISE(ABORT, 'a signed visit stays in the review record'); END;
)SQL";

// Version 18. Three forgeries with the `sqlite3` shell that needed no trigger dropped, found from outside, each of
// which the default `db check` passed (it verifies the chain and the seals it names from its checkpoint on, and
// none of these added an audit row):
// - a draft made "signed" (its revision marked sealed, the visit's status set), whose lines the export billed;
// - an export batch and its lines inserted, so those lines were never billed;
// - a countersignature inserted (a site-care note likewise).
// Each sealed row is now accepted only when the audit chain already records its seal under its name, so the
// program appends the audit row first (visit_writes.cpp, review_writes.cpp, the billing stores). A forger must
// then add an audit row, whose hash the default check verifies (one computed correctly passes: docs/storage.md,
// "What this does not stop"). A visit leaves 'draft' only onto a sealed revision, and is never inserted as
// anything but a draft. The revision's lookup goes
// by visit (audit_by_visit), the others by subject (audit_by_subject, whose WHERE the query repeats so that
// SQLite may use the partial index): one index probe per signature, on pages the audit row just wrote. The
// triggers run AFTER the row is written, so a row the table's own checks refuse is refused with their message.
const std::string_view migration_18 = R"SQL(
CREATE TRIGGER revisions_sealed_with_audit_row AFTER UPDATE OF sealed ON revisions
WHEN NEW.sealed = 1 AND OLD.sealed = 0 AND NOT EXISTS (
  SELECT 1 FROM audit WHERE visit_id = NEW.visit_id
    AND subject = 'revision ' || NEW.visit_id || '/' || NEW.number AND seal = NEW.seal)
BEGIN SELECT RAISE(ABORT, 'a revision is sealed only by signing or amending, with the audit row of its seal'); END;
CREATE TRIGGER visits_signed_onto_sealed AFTER UPDATE OF status ON visits
WHEN OLD.status = 'draft' AND NEW.status <> 'draft' AND NOT EXISTS (
  SELECT 1 FROM revisions WHERE visit_id = NEW.id AND number = NEW.current_revision AND sealed = 1)
BEGIN SELECT RAISE(ABORT, 'a visit is signed only by sealing its revision'); END;
CREATE TRIGGER visits_inserted_draft AFTER INSERT ON visits WHEN NEW.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'a visit is created as a draft and signed afterwards'); END;
CREATE TRIGGER countersignatures_with_audit_row AFTER INSERT ON countersignatures
WHEN NOT EXISTS (
  SELECT 1 FROM audit WHERE subject = 'countersignature ' || NEW.visit_id AND seal = NEW.seal
    AND subject <> '' AND substr(subject, 1, 9) <> 'revision ')
BEGIN SELECT RAISE(ABORT, 'a countersignature is recorded only with the audit row of its seal'); END;
CREATE TRIGGER site_care_notes_with_audit_row AFTER INSERT ON site_care_notes
WHEN NOT EXISTS (
  SELECT 1 FROM audit WHERE subject = 'site-care-note ' || NEW.id AND seal = NEW.seal
    AND subject <> '' AND substr(subject, 1, 9) <> 'revision ')
BEGIN SELECT RAISE(ABORT, 'a site-care note is recorded only with the audit row of its seal'); END;
CREATE TRIGGER export_batches_with_audit_row AFTER INSERT ON export_batches
WHEN NOT EXISTS (
  SELECT 1 FROM audit WHERE subject = 'export-batch ' || NEW.id AND seal = NEW.seal
    AND subject <> '' AND substr(subject, 1, 9) <> 'revision ')
BEGIN SELECT RAISE(ABORT, 'an export batch is recorded only with the audit row of its seal'); END;
)SQL";

// Version 19. More edits with the `sqlite3` shell, no trigger dropped, found from outside:
// - export_deliveries: a delivery row inserted for a batch whose file was never written made the batch read as
//   delivered, so `export --batch N` was never asked for and its lines never reached billing. A delivery is now
//   recorded only with its `export-delivered` audit row (written first; looked up by time, audit_by_time).
// - correction_requests: a request inserted by hand took the visit out of the supervisors' pending queue, with no
//   audit row. Likewise recorded only with its `correction-request` audit row (by visit, audit_by_visit).
// - content and coding rows planted for a visit id not used yet (the shell does not enforce foreign keys) were
//   taken into the next visit made: an import signed at once billed a planted 96372, and a planted diagnosis made
//   every import fail. Each such row now needs its revision, and a revision its visit: one primary-key search per
//   row written, on a page the revision's own insert has just read.
const std::string_view migration_19 = R"SQL(
CREATE TRIGGER export_deliveries_with_audit_row AFTER INSERT ON export_deliveries
WHEN NOT EXISTS (
  SELECT 1 FROM audit WHERE at = NEW.at AND action = 'export-delivered' AND actor = NEW.delivered_by
    AND detail = 'batch ' || NEW.batch_id || ' in place at ' || NEW.path)
BEGIN SELECT RAISE(ABORT, 'a delivery is recorded only with its audit row'); END;
CREATE TRIGGER correction_requests_with_audit_row AFTER INSERT ON correction_requests
WHEN NOT EXISTS (
  SELECT 1 FROM audit WHERE visit_id = NEW.visit_id AND action = 'correction-request' AND at = NEW.at
    AND actor = NEW.requested_by
    AND substr(detail, 1, length('correction request ' || NEW.id || ' ')) = 'correction request ' || NEW.id || ' ')
BEGIN SELECT RAISE(ABORT, 'a correction request is recorded only with its audit row'); END;
CREATE TRIGGER revisions_need_visit BEFORE INSERT ON revisions
WHEN NOT EXISTS (SELECT 1 FROM visits WHERE id = NEW.visit_id)
BEGIN SELECT RAISE(ABORT, 'a revision belongs to a visit, which must exist'); END;
CREATE TRIGGER diagnoses_need_revision BEFORE INSERT ON diagnoses
WHEN NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision)
BEGIN SELECT RAISE(ABORT, 'a visit''s rows belong to one of its revisions, which must exist'); END;
CREATE TRIGGER substances_need_revision BEFORE INSERT ON substances
WHEN NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision)
BEGIN SELECT RAISE(ABORT, 'a visit''s rows belong to one of its revisions, which must exist'); END;
CREATE TRIGGER vials_need_revision BEFORE INSERT ON vials
WHEN NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision)
BEGIN SELECT RAISE(ABORT, 'a visit''s rows belong to one of its revisions, which must exist'); END;
CREATE TRIGGER pump_setups_need_revision BEFORE INSERT ON pump_setups
WHEN NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision)
BEGIN SELECT RAISE(ABORT, 'a visit''s rows belong to one of its revisions, which must exist'); END;
CREATE TRIGGER sites_need_revision BEFORE INSERT ON sites
WHEN NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision)
BEGIN SELECT RAISE(ABORT, 'a visit''s rows belong to one of its revisions, which must exist'); END;
CREATE TRIGGER pauses_need_revision BEFORE INSERT ON pauses
WHEN NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision)
BEGIN SELECT RAISE(ABORT, 'a visit''s rows belong to one of its revisions, which must exist'); END;
CREATE TRIGGER notes_need_revision BEFORE INSERT ON notes
WHEN NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision)
BEGIN SELECT RAISE(ABORT, 'a visit''s rows belong to one of its revisions, which must exist'); END;
CREATE TRIGGER intervals_need_revision BEFORE INSERT ON intervals
WHEN NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision)
BEGIN SELECT RAISE(ABORT, 'a visit''s rows belong to one of its revisions, which must exist'); END;
CREATE TRIGGER billing_lines_need_revision BEFORE INSERT ON billing_lines
WHEN NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision)
BEGIN SELECT RAISE(ABORT, 'a visit''s rows belong to one of its revisions, which must exist'); END;
CREATE TRIGGER problems_need_revision BEFORE INSERT ON problems
WHEN NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision)
BEGIN SELECT RAISE(ABORT, 'a visit''s rows belong to one of its revisions, which must exist'); END;
)SQL";

// Version 20. A countersignature per revision (docs/review.md, "Countersigning"), found from outside: an
// amendment after a supervisor's countersignature left the visit "countersigned", so what the nurse changed
// was never reviewed and the countersignature seemed to vouch for it. The visit now returns to the pending
// queue, and a supervisor countersigns its new revision; each countersignature keeps the revision it
// covered. The table's key becomes (visit, revision): it is renamed, made again, copied and the old one
// dropped, with its triggers made again. A later countersignature's audit row names its revision too
// ("countersignature 12/1"; seal.hpp). The queue row's state is 'countersigned' only while the current
// revision is: the two triggers that check it are made again (they name the table, which the rename
// would have rewritten; they are dropped first).
const std::string_view migration_20 = R"SQL(
DROP TRIGGER review_state_insert_supported;
DROP TRIGGER review_state_update_supported;
ALTER TABLE countersignatures RENAME TO countersignatures_19;
CREATE TABLE countersignatures(
  visit_id INTEGER NOT NULL REFERENCES visits(id),
  revision INTEGER NOT NULL,
  supervisor TEXT NOT NULL,
  at TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  seal TEXT,
  PRIMARY KEY (visit_id, revision),
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT;
INSERT INTO countersignatures(visit_id, revision, supervisor, at, comment, seal)
SELECT visit_id, revision, supervisor, at, comment, seal FROM countersignatures_19 ORDER BY visit_id;
DROP TABLE countersignatures_19;
CREATE TRIGGER countersignatures_checked BEFORE INSERT ON countersignatures
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) IS NOT 'signed'
 AND (SELECT status FROM visits WHERE id = NEW.visit_id) IS NOT 'amended'
BEGIN SELECT RAISE(ABORT, 'only a signed visit can be countersigned'); END;
CREATE TRIGGER countersignatures_not_while_correcting BEFORE INSERT ON countersignatures
WHEN EXISTS (SELECT 1 FROM correction_requests WHERE visit_id = NEW.visit_id AND resolved_revision IS NULL)
BEGIN SELECT RAISE(ABORT, 'the visit has an open correction request'); END;
CREATE TRIGGER countersignatures_no_update BEFORE UPDATE ON countersignatures
BEGIN SELECT RAISE(ABORT, 'a countersignature cannot be changed'); END;
CREATE TRIGGER countersignatures_no_delete BEFORE DELETE ON countersignatures
BEGIN SELECT RAISE(ABORT, 'a countersignature cannot be changed'); END;
CREATE TRIGGER countersignatures_with_audit_row AFTER INSERT ON countersignatures
WHEN NOT EXISTS (
  SELECT 1 FROM audit WHERE subject IN ('countersignature ' || NEW.visit_id,
                                        'countersignature ' || NEW.visit_id || '/' || NEW.revision)
    AND seal = NEW.seal AND subject <> '' AND substr(subject, 1, 9) <> 'revision ')
BEGIN SELECT RAISE(ABORT, 'a countersignature is recorded only with the audit row of its seal'); END;
CREATE TRIGGER review_state_insert_supported BEFORE INSERT ON review_state
WHEN (NEW.state = 'countersigned' AND NOT EXISTS (
      SELECT 1 FROM countersignatures cs JOIN visits v ON v.id = cs.visit_id AND cs.revision = v.current_revision
      WHERE cs.visit_id = NEW.visit_id))
  OR (NEW.state = 'correction' AND NOT EXISTS (
      SELECT 1 FROM correction_requests WHERE visit_id = NEW.visit_id AND resolved_revision IS NULL))
BEGIN SELECT RAISE(ABORT, 'a review state needs its countersignature or open correction request'); END;
CREATE TRIGGER review_state_update_supported BEFORE UPDATE OF state, visit_id ON review_state
WHEN (NEW.state = 'countersigned' AND NOT EXISTS (
      SELECT 1 FROM countersignatures cs JOIN visits v ON v.id = cs.visit_id AND cs.revision = v.current_revision
      WHERE cs.visit_id = NEW.visit_id))
  OR (NEW.state = 'correction' AND NOT EXISTS (
      SELECT 1 FROM correction_requests WHERE visit_id = NEW.visit_id AND resolved_revision IS NULL))
BEGIN SELECT RAISE(ABORT, 'a review state needs its countersignature or open correction request'); END;
-- Visits amended after their countersignature, before this version: back to the pending queue.
UPDATE review_state SET state = 'pending' WHERE state = 'countersigned' AND NOT EXISTS (
  SELECT 1 FROM countersignatures cs JOIN visits v ON v.id = cs.visit_id AND cs.revision = v.current_revision
  WHERE cs.visit_id = review_state.visit_id);
)SQL";

// Version 21. A correction request answered by hand, found from outside: with every trigger in place, an
// UPDATE set a request's resolved_revision to an amendment the visit never had (1, or 99), and db check said
// ok. The visit left its nurse's "to correct" list uncorrected, came back to the pending queue, and could be
// countersigned as it was. A request is now resolved only by a signed revision of its visit, and only with the
// `correction-resolved` audit row that says so, which the program writes first (review_writes.cpp). A forger
// must then add an audit row, whose hash the default check verifies.
const std::string_view migration_21 = R"SQL(
CREATE TRIGGER correction_requests_resolved_by_amendment BEFORE UPDATE ON correction_requests
WHEN NEW.resolved_revision IS NOT NULL AND (
  NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.resolved_revision AND sealed = 1)
  OR NOT EXISTS (SELECT 1 FROM audit WHERE visit_id = NEW.visit_id AND action = 'correction-resolved'
                 AND at = NEW.resolved_at
                 AND substr(detail, -length(' answered by revision ' || NEW.resolved_revision))
                     = ' answered by revision ' || NEW.resolved_revision))
BEGIN SELECT RAISE(ABORT, 'a correction request is answered only by a signed amendment of its visit, with its audit row'); END;
)SQL";

// Version 22. `INSERT OR REPLACE` with the `sqlite3` shell, found from outside: it replaced a countersignature
// with every trigger in place, because the row it deletes fires no DELETE trigger (SQLite runs none for REPLACE
// unless recursive_triggers is on). A countersignature, site-care note, correction request, delivery, batch or
// fact replaced so is named by db check (its seal, or its audit row, no longer matches); the review flags of a
// signed revision are sealed by nothing, so their replacement, with the queue's cache edited to match, hid a
// reaction from the supervisors' queue and db check said ok. The file now refuses a row whose key is taken, in
// each append-only table with a key of its own. A signature pays one lookup of its revision's flags, on the
// page its own insert writes. The audit log is left to its hash chain: every write appends to it.
const std::string_view migration_22 = R"SQL(
CREATE TRIGGER revision_flags_no_replace BEFORE INSERT ON revision_flags
WHEN EXISTS (SELECT 1 FROM revision_flags WHERE visit_id = NEW.visit_id AND revision = NEW.revision)
BEGIN SELECT RAISE(ABORT, 'the review flags of a signed revision cannot be changed'); END;
CREATE TRIGGER countersignatures_no_replace BEFORE INSERT ON countersignatures
WHEN EXISTS (SELECT 1 FROM countersignatures WHERE visit_id = NEW.visit_id AND revision = NEW.revision)
BEGIN SELECT RAISE(ABORT, 'a countersignature cannot be changed'); END;
CREATE TRIGGER site_care_notes_no_replace BEFORE INSERT ON site_care_notes
WHEN EXISTS (SELECT 1 FROM site_care_notes WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'site-care notes are append-only'); END;
CREATE TRIGGER correction_requests_no_replace BEFORE INSERT ON correction_requests
WHEN EXISTS (SELECT 1 FROM correction_requests WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'a correction request is only ever resolved, once'); END;
CREATE TRIGGER export_batches_no_replace BEFORE INSERT ON export_batches
WHEN EXISTS (SELECT 1 FROM export_batches WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'export batches are append-only'); END;
CREATE TRIGGER export_deliveries_no_replace BEFORE INSERT ON export_deliveries
WHEN EXISTS (SELECT 1 FROM export_deliveries WHERE batch_id = NEW.batch_id)
BEGIN SELECT RAISE(ABORT, 'export deliveries are append-only'); END;
CREATE TRIGGER database_facts_no_replace BEFORE INSERT ON database_facts
WHEN EXISTS (SELECT 1 FROM database_facts WHERE name = NEW.name)
BEGIN SELECT RAISE(ABORT, 'database facts are permanent'); END;
)SQL";

// ---- 23. nothing changes here ------------------------------------------------------------------
// PostgreSQL's version 23 gives the export a function that analyses export_items after a large batch (the
// server planned the next export on statistics a minute old). SQLite gathers no statistics unless asked, and
// plans without them. The number moves so a clinic's database is at the same version on both backends, which
// `db migrate` requires.
const std::string_view migration_23 = R"SQL(
SELECT 1;
)SQL";

// ---- 24. seal format 3 -----------------------------------------------------------------------------
// Version 24. A revision row keeps, beside its content digest, the digest of its content without its diagnoses
// (storage/seal.hpp, format 3), so the export, which sends the diagnoses, checks them against the seal without
// reading the rest of the documentation (found from outside: a diagnosis changed with the shell went out on the
// claim). NULL in revisions written before, which keep their formats. Covered by the revision's protection as it
// is: a sealed revision row cannot be updated.
const std::string_view migration_24 = R"SQL(
ALTER TABLE revisions ADD COLUMN content_rest_digest TEXT;
)SQL";

}  // namespace infusion::storage::schema::sql
