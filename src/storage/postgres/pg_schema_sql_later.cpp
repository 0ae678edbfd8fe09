// The PostgreSQL schema's SQL after version 8 (pg_schema_sql.cpp holds version 8 and the list). Sections:
// 1. version 9  2. version 10  3. version 11  4. version 12  5. version 13  6. version 14  7. version 15
// 8. version 16  9. version 17. Each follows SQLite's migration of the same number (schema_sql_later.cpp).
#include "storage/postgres/pg_schema_sql.hpp"

namespace infusion::storage::pg::sql {

// ---- 1. version 9: review flags stored with each signed revision -------------------------------
// SQLite's migration 9 (schema.cpp says why): revision_flags beside the sealed content, append-only and
// for sealed revisions only; review_threshold, the long-infusion threshold the queue follows; and
// review_state's priority written by the program (core::review_priority), no longer generated here. No
// backfill: no visit was stored on PostgreSQL before this version.
const std::string_view version_9 = R"SQL(
CREATE TABLE revision_flags(
  visit_id bigint NOT NULL, revision integer NOT NULL,
  flags bigint NOT NULL CHECK (flags >= 0),
  long_infusion_minutes integer NOT NULL,
  PRIMARY KEY (visit_id, revision),
  FOREIGN KEY (visit_id, revision) REFERENCES revisions(visit_id, number)
);
CREATE FUNCTION refuse_flags_of_unsealed() RETURNS trigger LANGUAGE plpgsql
SET search_path = infusiondoc, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.revision AND sealed = 1) THEN
    RAISE EXCEPTION USING MESSAGE = 'review flags are stored for a signed revision only', ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER revision_flags_signed_only BEFORE INSERT ON revision_flags
FOR EACH ROW EXECUTE FUNCTION refuse_flags_of_unsealed();
CREATE TRIGGER revision_flags_permanent BEFORE UPDATE OR DELETE ON revision_flags
FOR EACH ROW EXECUTE FUNCTION refuse('the review flags of a signed revision cannot be changed');
CREATE TRIGGER revision_flags_no_truncate BEFORE TRUNCATE ON revision_flags
FOR EACH STATEMENT EXECUTE FUNCTION refuse('the review flags of a signed revision cannot be changed');

CREATE TABLE review_threshold(
  id integer PRIMARY KEY CHECK (id = 1),
  long_infusion_minutes integer NOT NULL CHECK (long_infusion_minutes > 0)
);
INSERT INTO review_threshold(id, long_infusion_minutes) VALUES (1, 240);

ALTER TABLE review_state ALTER COLUMN priority DROP EXPRESSION;

GRANT SELECT, INSERT ON revision_flags TO infusiondoc_app;
GRANT SELECT, UPDATE ON review_threshold TO infusiondoc_app;
)SQL";

// ---- 2. version 10: concurrent editing ---------------------------------------------------------
// SQLite's migration 10: every write of a visit (a draft saved, signed, amended) adds one to its
// version, and a writer says which version it read (visit_writes.cpp); visits start at 1.
const std::string_view version_10 = R"SQL(
ALTER TABLE visits ADD COLUMN version bigint NOT NULL DEFAULT 1 CHECK (version >= 1);
)SQL";

// ---- 3. version 11: no TRUNCATE of what is never deleted ---------------------------------------
// Row triggers do not fire on TRUNCATE, and version 8 gave a statement trigger only to the append-only
// tables. The owner role (or anyone holding TRUNCATE) could still empty the visits, their revisions and
// content, and the review record in one statement, which no row trigger sees. Each table whose rows a
// trigger protects now refuses TRUNCATE too (the application role holds no TRUNCATE at all). CASCADE
// truncates every referencing table, so each one fires its own refusal.
const std::string_view version_11 = R"SQL(
CREATE TRIGGER visits_no_truncate BEFORE TRUNCATE ON visits
FOR EACH STATEMENT EXECUTE FUNCTION refuse('a signed visit cannot be deleted: TRUNCATE is refused');
CREATE TRIGGER revisions_no_truncate BEFORE TRUNCATE ON revisions
FOR EACH STATEMENT EXECUTE FUNCTION refuse('signed visit content cannot be deleted: TRUNCATE is refused');
CREATE TRIGGER diagnoses_no_truncate BEFORE TRUNCATE ON diagnoses
FOR EACH STATEMENT EXECUTE FUNCTION refuse('signed visit content cannot be deleted: TRUNCATE is refused');
CREATE TRIGGER substances_no_truncate BEFORE TRUNCATE ON substances
FOR EACH STATEMENT EXECUTE FUNCTION refuse('signed visit content cannot be deleted: TRUNCATE is refused');
CREATE TRIGGER vials_no_truncate BEFORE TRUNCATE ON vials
FOR EACH STATEMENT EXECUTE FUNCTION refuse('signed visit content cannot be deleted: TRUNCATE is refused');
CREATE TRIGGER pump_setups_no_truncate BEFORE TRUNCATE ON pump_setups
FOR EACH STATEMENT EXECUTE FUNCTION refuse('signed visit content cannot be deleted: TRUNCATE is refused');
CREATE TRIGGER sites_no_truncate BEFORE TRUNCATE ON sites
FOR EACH STATEMENT EXECUTE FUNCTION refuse('signed visit content cannot be deleted: TRUNCATE is refused');
CREATE TRIGGER pauses_no_truncate BEFORE TRUNCATE ON pauses
FOR EACH STATEMENT EXECUTE FUNCTION refuse('signed visit content cannot be deleted: TRUNCATE is refused');
CREATE TRIGGER notes_no_truncate BEFORE TRUNCATE ON notes
FOR EACH STATEMENT EXECUTE FUNCTION refuse('signed visit content cannot be deleted: TRUNCATE is refused');
CREATE TRIGGER intervals_no_truncate BEFORE TRUNCATE ON intervals
FOR EACH STATEMENT EXECUTE FUNCTION refuse('signed visit content cannot be deleted: TRUNCATE is refused');
CREATE TRIGGER billing_lines_no_truncate BEFORE TRUNCATE ON billing_lines
FOR EACH STATEMENT EXECUTE FUNCTION refuse('signed visit content cannot be deleted: TRUNCATE is refused');
CREATE TRIGGER problems_no_truncate BEFORE TRUNCATE ON problems
FOR EACH STATEMENT EXECUTE FUNCTION refuse('signed visit content cannot be deleted: TRUNCATE is refused');
CREATE TRIGGER site_care_notes_no_truncate BEFORE TRUNCATE ON site_care_notes
FOR EACH STATEMENT EXECUTE FUNCTION refuse('site-care notes are append-only');
CREATE TRIGGER countersignatures_no_truncate BEFORE TRUNCATE ON countersignatures
FOR EACH STATEMENT EXECUTE FUNCTION refuse('a countersignature cannot be changed');
CREATE TRIGGER correction_requests_no_truncate BEFORE TRUNCATE ON correction_requests
FOR EACH STATEMENT EXECUTE FUNCTION refuse('a correction request cannot be deleted');
)SQL";

// ---- 4. version 12: nothing changes here -------------------------------------------------------
// SQLite's version 12 stores a signature's derived rows by their key alone (WITHOUT ROWID), which
// PostgreSQL's heap tables have no counterpart of. The number moves so a clinic's database is at the
// same version on both backends, which `db migrate` requires.
const std::string_view version_12 = R"SQL(
SELECT 1;
)SQL";

// ---- 5. version 13: nothing changes here -------------------------------------------------------
// SQLite's version 13 turns the review queue's index ascending (SQLite packs split pages to the left,
// which a descending index fed newest-first kept full) and leaves signed revisions' audit rows out of its
// subject index; PostgreSQL splits its b-trees otherwise and looks those rows up the same way with its
// index as it is. The number moves so both backends stay at one version.
const std::string_view version_13 = R"SQL(
SELECT 1;
)SQL";

// ---- 6. version 14: seal format 2 ------------------------------------------------------------
// SQLite's version 14: a revision row keeps the digest of its content rows (storage/seal.hpp), so signing
// seals a draft without reading its content back. The same column, the same meaning.
const std::string_view version_14 = R"SQL(
ALTER TABLE revisions ADD COLUMN content_digest text;
)SQL";

// ---- 7. version 15: nothing changes here ------------------------------------------------------
// SQLite's version 15 writes two CHECKs (visits.status, review_state.state) as comparisons instead of IN
// lists, which SQLite evaluated through a temporary b-tree per row written. PostgreSQL evaluates its IN
// lists directly and keeps them; the number moves so both backends stay at one version.
const std::string_view version_15 = R"SQL(
SELECT 1;
)SQL";

// ---- 8. version 16: the status index holds the unsigned visits only -----------------------------
// SQLite's version 16 (schema_sql_later.cpp says why): signing deletes its visit's entry and inserts none.
// PostgreSQL, like SQLite, uses the partial index for a query whose WHERE says `status <> 'signed'`.
const std::string_view version_16 = R"SQL(
DROP INDEX visits_by_status;
CREATE INDEX visits_unsigned ON visits(status, date_of_service DESC, id DESC) WHERE status <> 'signed';
)SQL";

// ---- 9. version 17: three edits no trigger refused ----------------------------------------------
// SQLite's version 17 (schema_sql_later.cpp says why). A batch's lines are written before its row, with the
// lines' foreign key to the batch checked at the commit, so a line can be added only to a batch not yet
// recorded; a signed visit moves to a new revision only by its sealed amendment; a queue row's state is what
// the review record says, and a queue row is never deleted. The move from SQLite copies export_items before
// export_batches and review_state after the review record (pg_migrate_parts.hpp), for the same triggers.
const std::string_view version_17 = R"SQL(
ALTER TABLE export_items ALTER CONSTRAINT export_items_batch_id_fkey DEFERRABLE INITIALLY DEFERRED;
CREATE FUNCTION refuse_lines_of_recorded_batch() RETURNS trigger LANGUAGE plpgsql
SET search_path = infusiondoc, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM export_batches WHERE id >= NEW.batch_id) THEN
    RAISE EXCEPTION USING MESSAGE = 'the lines of a recorded export batch cannot be changed', ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER export_items_recorded_batch BEFORE INSERT ON export_items
FOR EACH ROW EXECUTE FUNCTION refuse_lines_of_recorded_batch();

CREATE FUNCTION refuse_unsealed_revision() RETURNS trigger LANGUAGE plpgsql
SET search_path = infusiondoc, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.id AND number = NEW.current_revision AND sealed = 1) THEN
    RAISE EXCEPTION USING MESSAGE = 'a signed visit moves to a new revision only by its sealed amendment',
      ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER visits_revision_sealed BEFORE UPDATE OF current_revision ON visits
FOR EACH ROW WHEN (OLD.status <> 'draft' AND NEW.current_revision IS DISTINCT FROM OLD.current_revision)
EXECUTE FUNCTION refuse_unsealed_revision();

CREATE FUNCTION refuse_unsupported_review_state() RETURNS trigger LANGUAGE plpgsql
SET search_path = infusiondoc, pg_temp AS $$
BEGIN
  IF (NEW.state = 'countersigned' AND NOT EXISTS (SELECT 1 FROM countersignatures WHERE visit_id = NEW.visit_id))
     OR (NEW.state = 'correction' AND NOT EXISTS (
         SELECT 1 FROM correction_requests WHERE visit_id = NEW.visit_id AND resolved_revision IS NULL)) THEN
    RAISE EXCEPTION USING MESSAGE = 'a review state needs its countersignature or open correction request',
      ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER review_state_supported BEFORE INSERT OR UPDATE ON review_state
FOR EACH ROW WHEN (NEW.state <> 'pending') EXECUTE FUNCTION refuse_unsupported_review_state();
CREATE TRIGGER review_state_no_delete BEFORE DELETE ON review_state
FOR EACH ROW EXECUTE FUNCTION refuse('a signed visit stays in the review record');
CREATE TRIGGER review_state_no_truncate BEFORE TRUNCATE ON review_state
FOR EACH STATEMENT EXECUTE FUNCTION refuse('a signed visit stays in the review record');
)SQL";

// ---- 10. version 18: sealed rows only with their audit row ----------------------------------------
// SQLite's version 18 (schema_sql_later.cpp says why): a revision is sealed, and a countersignature, a
// site-care note or an export batch recorded, only when the audit chain already records its seal under its
// name; the program appends that audit row first. A visit leaves 'draft' only onto a sealed revision. A
// visit inserted as anything but a draft is checked at the commit (a deferred constraint trigger), since
// the move from SQLite copies signed visits before their revisions; the move also copies the audit log
// first (pg_migrate_parts.hpp), so the revisions it seals and the review rows it copies find their rows. The
// triggers run AFTER the row is written, so a row the table's own checks or triggers refuse keeps their message.
const std::string_view version_18 = R"SQL(
CREATE FUNCTION refuse_unaudited_seal() RETURNS trigger LANGUAGE plpgsql
SET search_path = infusiondoc, pg_temp AS $$
DECLARE
  wanted text;
BEGIN
  CASE TG_TABLE_NAME
    WHEN 'revisions' THEN wanted := 'revision ' || NEW.visit_id || '/' || NEW.number;
    WHEN 'countersignatures' THEN wanted := 'countersignature ' || NEW.visit_id;
    WHEN 'site_care_notes' THEN wanted := 'site-care-note ' || NEW.id;
    ELSE wanted := 'export-batch ' || NEW.id;
  END CASE;
  IF NOT EXISTS (SELECT 1 FROM audit WHERE subject = wanted AND subject <> '' AND seal = NEW.seal) THEN
    RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER revisions_sealed_with_audit_row AFTER UPDATE OF sealed ON revisions
FOR EACH ROW WHEN (NEW.sealed = 1 AND OLD.sealed = 0)
EXECUTE FUNCTION refuse_unaudited_seal('a revision is sealed only by signing or amending, with the audit row of its seal');
CREATE TRIGGER countersignatures_with_audit_row AFTER INSERT ON countersignatures
FOR EACH ROW EXECUTE FUNCTION refuse_unaudited_seal('a countersignature is recorded only with the audit row of its seal');
CREATE TRIGGER site_care_notes_with_audit_row AFTER INSERT ON site_care_notes
FOR EACH ROW EXECUTE FUNCTION refuse_unaudited_seal('a site-care note is recorded only with the audit row of its seal');
CREATE TRIGGER export_batches_with_audit_row AFTER INSERT ON export_batches
FOR EACH ROW EXECUTE FUNCTION refuse_unaudited_seal('an export batch is recorded only with the audit row of its seal');

CREATE FUNCTION refuse_signed_unsealed() RETURNS trigger LANGUAGE plpgsql
SET search_path = infusiondoc, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.id AND number = NEW.current_revision AND sealed = 1) THEN
    RAISE EXCEPTION USING MESSAGE = 'a visit is signed only by sealing its revision', ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER visits_signed_onto_sealed AFTER UPDATE OF status ON visits
FOR EACH ROW WHEN (OLD.status = 'draft' AND NEW.status <> 'draft') EXECUTE FUNCTION refuse_signed_unsealed();
CREATE CONSTRAINT TRIGGER visits_inserted_signed AFTER INSERT ON visits DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW WHEN (NEW.status <> 'draft') EXECUTE FUNCTION refuse_signed_unsealed();
)SQL";

// ---- 11. version 19: a delivery and a correction request only with their audit rows ---------------
// SQLite's version 19 (schema_sql_later.cpp says why; its third part, rows needing their revision, is the
// foreign keys PostgreSQL always enforces). The program appends the audit row first. A delivery row of the one
// shape SQLite's migration 6 gave batches of before it (no path, no audit row) is accepted, for db migrate.
const std::string_view version_19 = R"SQL(
CREATE FUNCTION refuse_unaudited_delivery() RETURNS trigger LANGUAGE plpgsql
SET search_path = infusiondoc, pg_temp AS $$
BEGIN
  -- SQLite's migration 6 counted every batch of before it delivered (no path, the batch's own time and
  -- author, no audit row): a file moved here carries those rows, in that one shape.
  IF NOT EXISTS (SELECT 1 FROM audit WHERE at = NEW.at AND action = 'export-delivered' AND actor = NEW.delivered_by
                 AND detail = 'batch ' || NEW.batch_id || ' in place at ' || NEW.path)
     AND NOT (NEW.path = '' AND EXISTS (SELECT 1 FROM export_batches WHERE id = NEW.batch_id
                                        AND created_at = NEW.at AND created_by = NEW.delivered_by)) THEN
    RAISE EXCEPTION USING MESSAGE = 'a delivery is recorded only with its audit row', ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER export_deliveries_with_audit_row AFTER INSERT ON export_deliveries
FOR EACH ROW EXECUTE FUNCTION refuse_unaudited_delivery();
CREATE FUNCTION refuse_unaudited_correction_request() RETURNS trigger LANGUAGE plpgsql
SET search_path = infusiondoc, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit WHERE visit_id = NEW.visit_id AND action = 'correction-request'
                 AND at = NEW.at AND actor = NEW.requested_by
                 AND starts_with(detail, 'correction request ' || NEW.id || ' ')) THEN
    RAISE EXCEPTION USING MESSAGE = 'a correction request is recorded only with its audit row', ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER correction_requests_with_audit_row AFTER INSERT ON correction_requests
FOR EACH ROW EXECUTE FUNCTION refuse_unaudited_correction_request();
)SQL";

// ---- 12. version 20: a countersignature per revision -----------------------------------------------
// SQLite's version 20 (schema_sql_later.cpp says why): the key becomes (visit, revision), a later
// countersignature's audit row names its revision too, and the queue row is 'countersigned' only while the
// visit's current revision is.
const std::string_view version_20 = R"SQL(
ALTER TABLE countersignatures DROP CONSTRAINT countersignatures_pkey;
ALTER TABLE countersignatures ADD PRIMARY KEY (visit_id, revision);
CREATE OR REPLACE FUNCTION refuse_unaudited_seal() RETURNS trigger LANGUAGE plpgsql
SET search_path = infusiondoc, pg_temp AS $$
DECLARE
  wanted text;
  also text;
BEGIN
  CASE TG_TABLE_NAME
    WHEN 'revisions' THEN wanted := 'revision ' || NEW.visit_id || '/' || NEW.number;
    WHEN 'countersignatures' THEN wanted := 'countersignature ' || NEW.visit_id;
      also := 'countersignature ' || NEW.visit_id || '/' || NEW.revision;
    WHEN 'site_care_notes' THEN wanted := 'site-care-note ' || NEW.id;
    ELSE wanted := 'export-batch ' || NEW.id;
  END CASE;
  IF NOT EXISTS (SELECT 1 FROM audit WHERE subject IN (wanted, coalesce(also, wanted)) AND subject <> ''
                 AND seal = NEW.seal) THEN
    RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION refuse_unsupported_review_state() RETURNS trigger LANGUAGE plpgsql
SET search_path = infusiondoc, pg_temp AS $$
BEGIN
  IF (NEW.state = 'countersigned' AND NOT EXISTS (
        SELECT 1 FROM countersignatures cs JOIN visits v ON v.id = cs.visit_id AND cs.revision = v.current_revision
        WHERE cs.visit_id = NEW.visit_id))
     OR (NEW.state = 'correction' AND NOT EXISTS (
         SELECT 1 FROM correction_requests WHERE visit_id = NEW.visit_id AND resolved_revision IS NULL)) THEN
    RAISE EXCEPTION USING MESSAGE = 'a review state needs its countersignature or open correction request',
      ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
-- Visits amended after their countersignature, before this version: back to the pending queue.
UPDATE review_state SET state = 'pending' WHERE state = 'countersigned' AND NOT EXISTS (
  SELECT 1 FROM countersignatures cs JOIN visits v ON v.id = cs.visit_id AND cs.revision = v.current_revision
  WHERE cs.visit_id = review_state.visit_id);
)SQL";

// ---- 13. version 21: a correction request answered only by a signed amendment, with its audit row ---------
// SQLite's version 21 (schema_sql_later.cpp says why). The move from SQLite inserts requests already
// resolved: an INSERT is not this trigger's (the request's own audit row is checked, version 19).
const std::string_view version_21 = R"SQL(
CREATE FUNCTION refuse_unanswered_resolution() RETURNS trigger LANGUAGE plpgsql
SET search_path = infusiondoc, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM revisions WHERE visit_id = NEW.visit_id AND number = NEW.resolved_revision
                 AND sealed = 1)
     OR NOT EXISTS (SELECT 1 FROM audit WHERE visit_id = NEW.visit_id AND action = 'correction-resolved'
                    AND at = NEW.resolved_at
                    AND right(detail, length(' answered by revision ' || NEW.resolved_revision))
                        = ' answered by revision ' || NEW.resolved_revision) THEN
    RAISE EXCEPTION USING MESSAGE =
      'a correction request is answered only by a signed amendment of its visit, with its audit row',
      ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER correction_requests_resolved_by_amendment BEFORE UPDATE ON correction_requests
FOR EACH ROW WHEN (NEW.resolved_revision IS NOT NULL) EXECUTE FUNCTION refuse_unanswered_resolution();
)SQL";

// ---- 14. version 22: nothing changes here -----------------------------------------------------------
// SQLite's version 22 refuses INSERT OR REPLACE of an append-only row, whose deletion fires no trigger there.
// PostgreSQL has no REPLACE: INSERT ... ON CONFLICT DO UPDATE runs the UPDATE triggers, which refuse. The number
// moves so a clinic's database is at the same version on both backends, which `db migrate` requires.
const std::string_view version_22 = R"SQL(
SELECT 1;
)SQL";

// ---- 15. version 23: export_items analysed after a large batch -------------------------------------------
// The application role may not ANALYZE a table it does not own; this function, the owner's, does it for the
// export right after a large batch (PgBillingStore::refresh_export_statistics says why). SQLite's version 23
// changes nothing: SQLite plans without statistics it was not asked to gather.
const std::string_view version_23 = R"SQL(
CREATE FUNCTION refresh_export_statistics() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = infusiondoc, pg_temp AS $$
BEGIN
  ANALYZE export_items;
END $$;
REVOKE ALL ON FUNCTION refresh_export_statistics() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION refresh_export_statistics() TO infusiondoc_app;
)SQL";

// ---- 16. version 24: seal format 3 ----------------------------------------------------------------------
// SQLite's version 24: a revision row keeps the digest of its content without its diagnoses
// (storage/seal.hpp, format 3), so the export checks the diagnoses it sends against the seal. The same column,
// the same meaning.
const std::string_view version_24 = R"SQL(
ALTER TABLE revisions ADD COLUMN content_rest_digest text;
)SQL";

}  // namespace infusion::storage::pg::sql
