// SQLite migrations 1 to 4 (schema_sql.hpp): migration 1 (the first schema), migration 2 (sign-in
// throttling columns), migration 3 (export lookups), migration 4 (supervisor review). Each statement is
// commented with why it is shaped so.
#include "storage/schema_sql.hpp"

namespace infusion::storage::schema::sql {

// Version 1. STRICT tables so a wrong type is refused by SQLite itself, not only by the program.
const std::string_view migration_1 = R"SQL(
CREATE TABLE patients(
  id INTEGER PRIMARY KEY,
  mrn TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  birth_date TEXT,
  allergies TEXT NOT NULL DEFAULT ''
) STRICT;

-- One row per visit: its life-cycle state and the summary columns lists filter and sort on.
CREATE TABLE visits(
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'signed', 'amended')),
  current_revision INTEGER NOT NULL DEFAULT 0,
  date_of_service TEXT NOT NULL DEFAULT '',
  clinician TEXT NOT NULL DEFAULT '',
  infusion_minutes INTEGER,
  billable INTEGER,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
-- Keyset pagination: every list is "newest date first, then highest id", per filter.
CREATE INDEX visits_by_date ON visits(date_of_service DESC, id DESC);
CREATE INDEX visits_by_patient ON visits(patient_id, date_of_service DESC, id DESC);
CREATE INDEX visits_by_status ON visits(status, date_of_service DESC, id DESC);
CREATE INDEX visits_by_clinician ON visits(clinician, date_of_service DESC, id DESC);

-- Revision 0 is the original documentation, 1, 2 ... amendments. A sealed revision never changes.
CREATE TABLE revisions(
  visit_id INTEGER NOT NULL REFERENCES visits(id),
  number INTEGER NOT NULL,
  author TEXT NOT NULL,
  created_at TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  patient_mrn TEXT NOT NULL,
  patient_name TEXT NOT NULL DEFAULT '',
  patient_birth_date TEXT,
  patient_allergies TEXT NOT NULL DEFAULT '',
  clinician TEXT NOT NULL DEFAULT '',
  setting TEXT,
  time_zone TEXT NOT NULL DEFAULT '',
  sealed INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1)),
  signed_by TEXT,
  signed_at TEXT,
  rules_version TEXT,
  billable INTEGER,
  infusion_minutes INTEGER,
  date_of_service TEXT,
  PRIMARY KEY (visit_id, number)
) STRICT;

CREATE TABLE diagnoses(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL, ord INTEGER NOT NULL,
  code TEXT NOT NULL,
  PRIMARY KEY (visit_id, revision, ord),
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT;

CREATE TABLE substances(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL, ord INTEGER NOT NULL,
  name TEXT NOT NULL, dose REAL, unit TEXT, ndc TEXT NOT NULL DEFAULT '', lot TEXT NOT NULL DEFAULT '',
  wasted REAL,
  PRIMARY KEY (visit_id, revision, ord),
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT;

-- Times are stored as documented ("2026-03-02T09:10:00", with "-05:00" when an offset was given):
-- the wall-clock reading is the record; UTC instants are derived (see intervals).
CREATE TABLE pump_setups(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL, ord INTEGER NOT NULL,
  pump TEXT NOT NULL DEFAULT '', set_up_at TEXT, start TEXT, stop TEXT,
  PRIMARY KEY (visit_id, revision, ord),
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT;

CREATE TABLE sites(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL, setup_ord INTEGER NOT NULL, ord INTEGER NOT NULL,
  location TEXT NOT NULL DEFAULT '', needle TEXT NOT NULL DEFAULT '',
  prepped INTEGER, aspiration TEXT, secured INTEGER,
  PRIMARY KEY (visit_id, revision, setup_ord, ord),
  FOREIGN KEY (visit_id, revision, setup_ord) REFERENCES pump_setups(visit_id, revision, ord)
) STRICT;

CREATE TABLE pauses(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL, setup_ord INTEGER NOT NULL, ord INTEGER NOT NULL,
  start TEXT, stop TEXT, reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (visit_id, revision, setup_ord, ord),
  FOREIGN KEY (visit_id, revision, setup_ord) REFERENCES pump_setups(visit_id, revision, ord)
) STRICT;

CREATE TABLE notes(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL, ord INTEGER NOT NULL,
  at TEXT, kind TEXT NOT NULL DEFAULT 'general', text TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (visit_id, revision, ord),
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT;

-- Derived at signing: the UTC intervals T was measured on, the lines and the problems.
CREATE TABLE intervals(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL, ord INTEGER NOT NULL,
  start_utc TEXT NOT NULL, stop_utc TEXT NOT NULL,
  PRIMARY KEY (visit_id, revision, ord),
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT;

CREATE TABLE billing_lines(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL, ord INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('administration', 'drug')),
  code TEXT NOT NULL, units INTEGER NOT NULL, modifiers TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '', revenue_code TEXT NOT NULL DEFAULT '',
  ndc TEXT NOT NULL DEFAULT '', ndc_unit TEXT NOT NULL DEFAULT '', ndc_quantity REAL,
  substance_ord INTEGER,
  PRIMARY KEY (visit_id, revision, ord),
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT;

CREATE TABLE problems(
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL, ord INTEGER NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
  code TEXT NOT NULL, field TEXT NOT NULL DEFAULT '', message TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (visit_id, revision, ord),
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT;

-- Filled by the billing export: one batch per file written, the lines it carried.
CREATE TABLE export_batches(
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL, created_by TEXT NOT NULL, format TEXT NOT NULL,
  from_date TEXT, to_date TEXT, line_count INTEGER NOT NULL DEFAULT 0, sha256 TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE export_items(
  batch_id INTEGER NOT NULL REFERENCES export_batches(id),
  visit_id INTEGER NOT NULL, revision INTEGER NOT NULL, line_ord INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('charge', 'reversal')),
  PRIMARY KEY (batch_id, visit_id, revision, line_ord, kind)
) STRICT;

-- Filled by sign-in: one row per person; roles as a comma list (nurse,biller,supervisor,admin).
CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL DEFAULT '',
  roles TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;

-- The audit log: append-only, each row chained to the one before by SHA-256.
CREATE TABLE audit(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  visit_id INTEGER,
  detail TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_by_visit ON audit(visit_id, id);
CREATE INDEX audit_by_time ON audit(at, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Signed content never changes: enforced here, not only in the program.
CREATE TRIGGER revisions_sealed_update BEFORE UPDATE ON revisions WHEN OLD.sealed = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER revisions_sealed_delete BEFORE DELETE ON revisions WHEN OLD.sealed = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER revisions_sealed_insert BEFORE INSERT ON revisions WHEN NEW.sealed = 1
BEGIN SELECT RAISE(ABORT, 'a revision is sealed by signing, not inserted sealed'); END;
CREATE TRIGGER visits_signed_delete BEFORE DELETE ON visits WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'a signed visit cannot be deleted'); END;
CREATE TRIGGER visits_signed_update BEFORE UPDATE ON visits WHEN OLD.status <> 'draft' AND (
  NEW.patient_id IS NOT OLD.patient_id OR NEW.created_at IS NOT OLD.created_at
  OR NEW.created_by IS NOT OLD.created_by OR NEW.status = 'draft'
  OR NEW.current_revision < OLD.current_revision
  OR (NEW.current_revision = OLD.current_revision AND (
      NEW.date_of_service IS NOT OLD.date_of_service OR NEW.clinician IS NOT OLD.clinician
      OR NEW.billable IS NOT OLD.billable OR NEW.infusion_minutes IS NOT OLD.infusion_minutes
      OR NEW.status IS NOT OLD.status OR NEW.updated_at IS NOT OLD.updated_at)))
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;

CREATE TRIGGER diagnoses_sealed_insert BEFORE INSERT ON diagnoses
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER diagnoses_sealed_update BEFORE UPDATE ON diagnoses
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER diagnoses_sealed_delete BEFORE DELETE ON diagnoses
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;

CREATE TRIGGER substances_sealed_insert BEFORE INSERT ON substances
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER substances_sealed_update BEFORE UPDATE ON substances
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER substances_sealed_delete BEFORE DELETE ON substances
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;

CREATE TRIGGER pump_setups_sealed_insert BEFORE INSERT ON pump_setups
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER pump_setups_sealed_update BEFORE UPDATE ON pump_setups
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER pump_setups_sealed_delete BEFORE DELETE ON pump_setups
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;

CREATE TRIGGER sites_sealed_insert BEFORE INSERT ON sites
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER sites_sealed_update BEFORE UPDATE ON sites
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER sites_sealed_delete BEFORE DELETE ON sites
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;

CREATE TRIGGER pauses_sealed_insert BEFORE INSERT ON pauses
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER pauses_sealed_update BEFORE UPDATE ON pauses
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER pauses_sealed_delete BEFORE DELETE ON pauses
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;

CREATE TRIGGER notes_sealed_insert BEFORE INSERT ON notes
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER notes_sealed_update BEFORE UPDATE ON notes
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER notes_sealed_delete BEFORE DELETE ON notes
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;

CREATE TRIGGER intervals_sealed_insert BEFORE INSERT ON intervals
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER intervals_sealed_update BEFORE UPDATE ON intervals
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER intervals_sealed_delete BEFORE DELETE ON intervals
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;

CREATE TRIGGER billing_lines_sealed_insert BEFORE INSERT ON billing_lines
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER billing_lines_sealed_update BEFORE UPDATE ON billing_lines
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER billing_lines_sealed_delete BEFORE DELETE ON billing_lines
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;

CREATE TRIGGER problems_sealed_insert BEFORE INSERT ON problems
WHEN (SELECT sealed FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER problems_sealed_update BEFORE UPDATE ON problems
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
CREATE TRIGGER problems_sealed_delete BEFORE DELETE ON problems
WHEN (SELECT sealed FROM revisions WHERE visit_id = OLD.visit_id AND number = OLD.revision) = 1
BEGIN SELECT RAISE(ABORT, 'signed visit content cannot be changed: add an amendment'); END;
)SQL";

// Version 2. Sign-in throttling: consecutive failures and the instant before which sign-in is refused
// are kept in the user's row, so a lockout survives restarting the program.
const std::string_view migration_2 = R"SQL(
ALTER TABLE users ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0);
ALTER TABLE users ADD COLUMN locked_until TEXT NOT NULL DEFAULT '';
)SQL";

// Version 3. Export bookkeeping looks lines up by visit and revision ("was this revision's charge
// sent? was it reversed?"); the primary key starts with the batch, so it needs its own index.
const std::string_view migration_3 = R"SQL(
CREATE INDEX export_items_by_line ON export_items(visit_id, revision, kind, line_ord);
)SQL";

// Version 4. Supervisor review (docs/review.md). Site-care notes, countersignatures and correction
// requests are part of the record: append-only, enforced by triggers like the signed content.
// review_state is not: it is a cache of flags and a priority per signed visit, so the queue of a
// million visits is one index range. The visits trigger keeps it current on every signing and
// amendment (imports and demo data included); the store refreshes it after countersigning,
// requests and resolutions. The flag SQL below exists twice (trigger and backfill) on purpose:
// a released migration is frozen, and sqlite_review_store.cpp's refresh is tested against both.
// Flag bits: 1 reaction or site-condition note, 2 blood return, 4 aspiration not checked,
// 8 prep not documented, 16 securing not documented, 32 infusion over 240 min, 64 billing held.
// Priority, a generated column of review_state: reaction 32, blood 16, billing held 8, each checklist
// gap 2, long infusion 1, so a higher category always outranks any mix of lower ones.
const std::string_view migration_4 = R"SQL(
CREATE TABLE site_care_notes(
  id INTEGER PRIMARY KEY,
  visit_id INTEGER NOT NULL REFERENCES visits(id),
  author TEXT NOT NULL,
  at TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  -- A comma list of known words only: removing each word and the commas must leave nothing.
  conditions TEXT NOT NULL DEFAULT '' CHECK (replace(replace(replace(replace(replace(replace(replace(
    conditions, 'redness', ''), 'swelling', ''), 'induration', ''), 'itching', ''), 'pain', ''),
    'leaking', ''), ',', '') = ''),
  grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 3),
  text TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX site_care_notes_by_visit ON site_care_notes(visit_id, id);
CREATE TRIGGER site_care_notes_signed_only BEFORE INSERT ON site_care_notes
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) IS NOT 'signed'
 AND (SELECT status FROM visits WHERE id = NEW.visit_id) IS NOT 'amended'
BEGIN SELECT RAISE(ABORT, 'a site-care note is added to a signed visit only'); END;
CREATE TRIGGER site_care_notes_no_update BEFORE UPDATE ON site_care_notes
BEGIN SELECT RAISE(ABORT, 'site-care notes are append-only'); END;
CREATE TRIGGER site_care_notes_no_delete BEFORE DELETE ON site_care_notes
BEGIN SELECT RAISE(ABORT, 'site-care notes are append-only'); END;

-- One countersignature per visit (the key), for the revision the supervisor read.
CREATE TABLE countersignatures(
  visit_id INTEGER PRIMARY KEY REFERENCES visits(id),
  revision INTEGER NOT NULL,
  supervisor TEXT NOT NULL,
  at TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
) STRICT;
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

-- Open while resolved_revision is NULL; resolved once, by the amendment that answers it.
CREATE TABLE correction_requests(
  id INTEGER PRIMARY KEY,
  visit_id INTEGER NOT NULL REFERENCES visits(id),
  revision INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  at TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (trim(reason) <> ''),
  resolved_revision INTEGER,
  resolved_at TEXT,
  CHECK ((resolved_revision IS NULL) = (resolved_at IS NULL)),
  CHECK (resolved_revision IS NULL OR resolved_revision > revision)
) STRICT;
CREATE INDEX correction_requests_by_visit ON correction_requests(visit_id, id);
-- The nurses' "to correct" lists read only open requests: a handful among many resolved ones.
CREATE INDEX correction_requests_open ON correction_requests(visit_id) WHERE resolved_revision IS NULL;
CREATE TRIGGER correction_requests_checked BEFORE INSERT ON correction_requests
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) IS NOT 'signed'
 AND (SELECT status FROM visits WHERE id = NEW.visit_id) IS NOT 'amended'
BEGIN SELECT RAISE(ABORT, 'a correction is requested on a signed visit only'); END;
CREATE TRIGGER correction_requests_resolve_once BEFORE UPDATE ON correction_requests
WHEN OLD.resolved_revision IS NOT NULL OR NEW.resolved_revision IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.visit_id IS NOT OLD.visit_id OR NEW.revision IS NOT OLD.revision
  OR NEW.requested_by IS NOT OLD.requested_by OR NEW.at IS NOT OLD.at OR NEW.reason IS NOT OLD.reason
BEGIN SELECT RAISE(ABORT, 'a correction request is only ever resolved, once'); END;
CREATE TRIGGER correction_requests_no_delete BEFORE DELETE ON correction_requests
BEGIN SELECT RAISE(ABORT, 'a correction request cannot be deleted'); END;

-- Not part of the signed record: rebuilt from it at will (no triggers guard it).
CREATE TABLE review_state(
  visit_id INTEGER PRIMARY KEY REFERENCES visits(id),
  date_of_service TEXT NOT NULL,
  clinician TEXT NOT NULL,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  flags INTEGER NOT NULL,
  -- Computed by SQLite from the flags, so the weights are written once (and flags is read once: a
  -- priority spelled out in the SELECT would evaluate the flag subqueries once per mention).
  priority INTEGER NOT NULL GENERATED ALWAYS AS (
    32 * ((flags & 1) <> 0) + 16 * ((flags & 2) <> 0) + 8 * ((flags & 64) <> 0)
    + 2 * (((flags & 4) <> 0) + ((flags & 8) <> 0) + ((flags & 16) <> 0)) + ((flags & 32) <> 0)) STORED,
  state TEXT NOT NULL CHECK (state IN ('pending', 'countersigned', 'correction'))
) STRICT;
CREATE TRIGGER review_state_on_signing AFTER UPDATE OF status, current_revision ON visits
WHEN NEW.status <> 'draft'
BEGIN
INSERT INTO review_state(visit_id, date_of_service, clinician, patient_id, flags, state)
SELECT id, date_of_service, clinician, patient_id, flags, state
FROM (SELECT v.id, v.date_of_service, v.clinician, v.patient_id,
  EXISTS (SELECT 1 FROM notes n WHERE n.visit_id = v.id AND n.revision = v.current_revision
          AND n.kind IN ('reaction', 'site-condition'))
  + coalesce((SELECT 2 * max(s.aspiration IS 'blood')
      + 4 * max(s.aspiration IS NOT 'blood' AND coalesce(s.aspiration, 'not-checked') = 'not-checked')
      + 8 * max(s.aspiration IS NOT 'blood' AND s.prepped IS NOT 1)
      + 16 * max(s.aspiration IS NOT 'blood' AND s.secured IS NOT 1)
      FROM sites s WHERE s.visit_id = v.id AND s.revision = v.current_revision), 0)
  + 32 * (coalesce(r.infusion_minutes, 0) > 240) + 64 * (r.billable IS 0) AS flags,
  CASE WHEN EXISTS (SELECT 1 FROM correction_requests c WHERE c.visit_id = v.id AND c.resolved_revision IS NULL)
       THEN 'correction'
       WHEN EXISTS (SELECT 1 FROM countersignatures cs WHERE cs.visit_id = v.id) THEN 'countersigned'
       ELSE 'pending' END AS state
  FROM visits v JOIN revisions r ON r.visit_id = v.id AND r.number = v.current_revision
  WHERE v.id = NEW.id)
WHERE 1
ON CONFLICT(visit_id) DO UPDATE SET date_of_service = excluded.date_of_service, clinician = excluded.clinician,
  patient_id = excluded.patient_id, flags = excluded.flags, state = excluded.state;
END;

-- The backfill: every visit signed before this version, in one statement (nothing to review yet,
-- so every state is pending).
INSERT INTO review_state(visit_id, date_of_service, clinician, patient_id, flags, state)
SELECT id, date_of_service, clinician, patient_id, flags, 'pending'
FROM (SELECT v.id, v.date_of_service, v.clinician, v.patient_id,
  EXISTS (SELECT 1 FROM notes n WHERE n.visit_id = v.id AND n.revision = v.current_revision
          AND n.kind IN ('reaction', 'site-condition'))
  + coalesce((SELECT 2 * max(s.aspiration IS 'blood')
      + 4 * max(s.aspiration IS NOT 'blood' AND coalesce(s.aspiration, 'not-checked') = 'not-checked')
      + 8 * max(s.aspiration IS NOT 'blood' AND s.prepped IS NOT 1)
      + 16 * max(s.aspiration IS NOT 'blood' AND s.secured IS NOT 1)
      FROM sites s WHERE s.visit_id = v.id AND s.revision = v.current_revision), 0)
  + 32 * (coalesce(r.infusion_minutes, 0) > 240) + 64 * (r.billable IS 0) AS flags
  FROM visits v JOIN revisions r ON r.visit_id = v.id AND r.number = v.current_revision
  WHERE v.status <> 'draft');

-- Indexed after the backfill: one sort of a million keys rather than a million scattered inserts.
-- The queue: a state's visits, most urgent first, then newest; keyset pages on the same columns. Flags
-- and nurse ride along so those filters read the index only. One patient's visits and a few days are
-- read through visits' own indexes instead (sqlite_review_queue.cpp): every further index here would be
-- written on every signing, and bulk imports measured 3,600 instead of 6,700 visits/s with four.
CREATE INDEX review_state_queue ON review_state(state, priority DESC, date_of_service DESC, visit_id DESC, flags,
  clinician);
)SQL";

}  // namespace infusion::storage::schema::sql
