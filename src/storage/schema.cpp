// Migration 1: the first schema. Each statement is commented with why it is shaped so.
#include "storage/schema.hpp"

namespace infusion::storage::schema {
namespace {

// Version 1. STRICT tables so a wrong type is refused by SQLite itself, not only by the program.
constexpr std::string_view migration_1 = R"SQL(
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

}  // namespace

const std::vector<std::string_view>& migrations() {
    static const std::vector<std::string_view> all{migration_1};
    return all;
}

int current_version() { return static_cast<int>(migrations().size()); }

}  // namespace infusion::storage::schema
