#pragma once
// Internal to storage/: content seals. A seal is the SHA-256 of a sealed row's canonical content: the
// row and every row that belongs to it, column by column in a fixed order, each value tagged with its
// type and length-prefixed (so no two different contents hash alike). The sealed row keeps it in its
// `seal` column and the audit row that recorded the event keeps it too, inside the hash chain, with
// the row's name (`subject`): editing the content, the row's seal or the audit row each shows.
//
// Seal format 1 covers the columns listed in seal.cpp. A migration that adds a content column must add
// it here as a new format; rows sealed before keep verifying under theirs.
//
// Revisions are sealed in format 2 from schema 14 on (issue 15: a signature read its whole revision back,
// a third of its processor time). A revision's content (diagnoses to notes) has a digest of its own,
// computed from the rows as they are written and kept in the revision row (`content_digest`); the seal
// covers the revision row, that digest, and the coding rows (intervals, billing lines with their service
// date, problems) as they are written. Nothing is read back but the revision row. `db check` recomputes
// the digest from the content rows, so content changed behind the program's back, even in a draft before
// it was signed, shows as a seal that no longer matches. A revision whose row has a digest is format 2.
//
// Format 3 (schema 24 on) is format 2 with the content digest made of two parts: the diagnoses' rows and the digest
// of the rest of the content, which the revision row keeps too (`content_rest_digest`). The export sends a
// revision's diagnoses with its lines and checks each seal before it records a batch (verify_export_seals); with
// format 2 it could only take the content digest as kept, so a diagnosis changed with the `sqlite3` shell went out
// on the claim and only db check found it (found from outside). Format 3's export check hashes the diagnoses'
// rows with the rest's digest as kept. A revision whose row has both digests is format 3;
// its seal has a kind of its own, so a row stripped of its second digest no longer matches its seal.
#include "storage/records.hpp"
#include "storage/sql_session.hpp"
#include "storage/sqlite_support.hpp"
#include "storage/visit_rows.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace infusion::storage::detail {

// The names audit rows give the rows they sealed ("revision 12/0" is visit 12, revision 0).
[[nodiscard]] std::string revision_subject(VisitId visit, int number);
// A visit's first countersignature is named by its visit alone ("countersignature 12", as before schema 20); a
// later one, after an amendment, by its visit and revision ("countersignature 12/1").
[[nodiscard]] std::string countersignature_subject(VisitId visit, int revision, bool first_of_visit);
[[nodiscard]] std::string site_care_note_subject(std::int64_t note);
[[nodiscard]] std::string export_batch_subject(std::int64_t batch);
// Accounts and database facts are sealed too (schema 8 on): every change of an account's name, roles,
// state or password appends an audit row carrying the account's new seal, so the newest such row must
// match the account as it is; a fact's one row carries its seal.
[[nodiscard]] std::string account_subject(const std::string& username);
[[nodiscard]] std::string fact_subject(const std::string& name);
// A fact's audit row text: "name = value", but a password hash (a demo account's, "demo-password:NAME") is
// not written out: hashes are never written to the audit log (docs/users.md; found from outside). The row's
// seal covers the value all the same.
[[nodiscard]] std::string fact_audit_detail(const std::string& name, const std::string& value);
// The audit rows SQLite's index on subject holds (migration 13): sealing rows other than a revision's,
// whose rows are found by the visit they name. A query by subject repeats this condition word for word,
// which SQLite needs to use a partial index (PostgreSQL's index holds every sealing row: the same query
// uses it too).
inline constexpr const char* subject_indexed_sql = "subject <> '' AND substr(subject, 1, 9) <> 'revision '";
// An account's audit rows that set its password: its creation and each new password (UserRecord::password_set_by).
inline constexpr const char* password_set_sql = "action IN ('user-add', 'user-passwd')";

// The digests of a revision's content (format 3) from its rows as written (content_rows): the content digest
// the seal covers and the digest of all but the diagnoses, both kept in the revision row.
struct ContentDigests {
    std::string digest;
    std::string rest;
};
[[nodiscard]] ContentDigests content_digests(const RevisionRows& content);
// The same read back from a revision's content rows.
[[nodiscard]] ContentDigests content_digests(SqlSession& db, VisitId visit, int number);
// The digest of a revision's content in format 2, read back (a draft saved before schema 14 has none).
[[nodiscard]] std::string content_digest(SqlSession& db, VisitId visit, int number);
// What signing writes into the revision row, in this order: signed_by, signed_at, rules_version, billable,
// infusion_minutes, date_of_service (the values the sealing UPDATE binds).
struct SigningColumns {
    std::vector<SqlValue> values;
};
// A revision's seal in format 2, inside the sealing transaction before its one UPDATE: its draft columns read
// back, `signing` as it is about to be written, its stored content digest (read back from the content rows if
// it has none: a draft saved before schema 14), and `coding`, the rows just written.
// On either backend (sql_session.hpp): the same rows give the same seal on SQLite and PostgreSQL.
// The digest is returned with the seal: the revision row must keep it (format 2 is told by a digest in the row).
struct RevisionSeal {
    std::string seal;
    std::string content_digest;
    std::optional<std::string> content_rest_digest;  // format 3's second digest; none in format 2
};
[[nodiscard]] RevisionSeal revision_seal(SqlSession& db, VisitId visit, int number, const SigningColumns& signing,
                                         const RevisionRows& coding);
// Format 1, every row read back (revisions sealed before schema 14; tests).
[[nodiscard]] std::string revision_seal_format_1(SqlSession& db, VisitId visit, int number);
// The seals of many revisions at once, those `wanted` among the visits first..last: one query per table
// for the whole range instead of eleven per revision (db check reads a million revisions; on PostgreSQL
// each query is a round trip). Each revision in its own format (1, 2 or 3), every row read back. A revision whose
// row keeps a content digest its content does not give gets a value no seal has (it was changed after sealing).
using RevisionKey = std::pair<VisitId, int>;
// `Digest::stored`: a format 2 revision is sealed over the content digest its row keeps, its content rows not
// read, and a format 3 one over its diagnoses and the rest's digest its row keeps (the export: what it sends of a
// revision is the revision row, its coding rows and its diagnoses; only db check recomputes whole digests).
enum class Digest { recomputed, stored };
[[nodiscard]] std::map<RevisionKey, std::string> revision_seals(SqlSession& db, VisitId first, VisitId last,
                                                                const std::vector<RevisionKey>& wanted,
                                                                Digest digest = Digest::recomputed);

struct CountersignatureRow {
    VisitId visit_id = 0;
    int revision = 0;
    std::string supervisor, at, comment;
};
[[nodiscard]] std::string countersignature_seal(const CountersignatureRow& row);

struct SiteCareNoteRow {
    std::int64_t id = 0;
    VisitId visit_id = 0;
    std::string author, at, location, conditions;
    int grade = 0;
    std::string text;
};
[[nodiscard]] std::string site_care_note_seal(const SiteCareNoteRow& row);

// What an account may do and how it signs in: username, display name, roles, disabled, password hash,
// created_at (not the sign-in counters, which change at every attempt).
[[nodiscard]] std::string account_seal(const UserRecord& user);
[[nodiscard]] std::string fact_seal(const std::string& name, const std::string& value, const std::string& recorded_at);

// The newest audit row naming `subject` and its seal.
struct AuditSeal {
    std::int64_t id = 0;
    std::string seal;
};
[[nodiscard]] std::optional<AuditSeal> latest_audit_for(Connection& db, const std::string& subject);
// The account as stored matches the seal of its newest audit row (false: changed outside the program).
[[nodiscard]] bool account_matches_audit(Connection& db, const UserRecord& user);
// Who set the account's password now in use (UserRecord::password_set_by), and whether the audit row
// saying so is a link of the chain: its hash is its own, over the hash of the row before it.
struct PasswordSetter {
    std::string actor;
    bool linked = true;
};
[[nodiscard]] PasswordSetter password_set_by(Connection& db, const std::string& username);
// `entry` (its prev_hash given apart) follows `previous`, the hash of the row before it, and hashes to itself.
[[nodiscard]] bool linked_row(const AuditEntry& entry, const std::string& prev_hash, const std::string& previous);
// The fact was recorded by the program: its sealed audit row, or (recorded before seals) its plain one.
[[nodiscard]] bool fact_recorded(Connection& db, const std::string& name, const std::string& value,
                                 const std::string& recorded_at);
// A database from before accounts were sealed: records every account as it stands now (one sealed
// audit row each, actor "infusiondoc"), once. Inside the caller's transaction; nothing on a database
// whose accounts are sealed already or that has no account.
void seal_accounts_once(Connection& db, const std::string& now);
// Whether seal_accounts_once() would write: no sealed account row yet, and an account to seal. Read
// alone, so opening a current database takes no write lock (a reading command beside another program's
// long write said "cannot seal the accounts of an older database: busy").
[[nodiscard]] bool accounts_need_sealing(Connection& db);

struct BatchRow {
    std::int64_t id = 0;
    std::string created_at, created_by, format;
    std::optional<std::string> from_date, to_date;
    std::int64_t line_count = 0;
    std::string sha256, out_path;
};
// The batch row and its items, read from `items_sql` (one bound parameter, the batch id; columns
// visit_id, revision, line_ord, kind in key order): the temporary list while exporting, export_items
// when checking.
[[nodiscard]] std::string batch_seal(SqlSession& db, const BatchRow& row, const std::string& items_sql);
// The same with the items query's own parameters (PostgreSQL's export lists the lines it is about to
// record with the export's query itself, in key order, having no temporary table).
[[nodiscard]] std::string batch_seal(SqlSession& db, const BatchRow& row, const std::string& items_sql,
                                     const std::vector<SqlValue>& items_params);
[[nodiscard]] std::string batch_seal(Connection& db, const BatchRow& row, const std::string& items_sql);
[[nodiscard]] const std::string& recorded_items_sql();

// Recomputes every seal and pairs every sealed row with its audit row and back; adds a finding per
// mismatch (at most 20 of each kind are spelled out). With `after_audit` > 0 only the rows the audit rows
// after that id sealed or touched (db check from its checkpoint); 0 checks every row.
void verify_seals(Connection& db, CheckReport& report, std::int64_t after_audit = 0);
// The same on either backend, every row, but the accounts and facts (each backend checks its own:
// seal_check.cpp on SQLite, pg_seals.cpp on PostgreSQL). PostgreSQL's db check and audit verify.
void verify_content_seals(SqlSession& db, CheckReport& report);
// One visit's sealed revisions and its summary row, on either backend: what amending or countersigning it
// checks first, so neither seals or attests content changed behind the program's back.
void verify_visit_seals(SqlSession& db, VisitId visit, CheckReport& report);
// The same for the visits an export is about to send (`visits` sorted, each once), a page of 500 visit ids per
// query: their lines go out only while what was signed is what is stored. What the export sends of a revision is
// checked (its row: patient, date, clinician, setting; its billing lines, intervals and problems), its content over
// the digest its row keeps (Digest::stored), but its diagnoses, which a format 3 seal lets it recompute: a dose or
// a note changed behind the program's back is found by db check, not here (the whole digest's recomputation read
// every row of the documentation, and cost the export 0.6 s a year on the workstation's second core), and so is a
// diagnosis of a revision signed before schema 24 (format 2).
// `dates`: the export's range of dates of service, whose visits' summary rows are checked too, sent or not.
void verify_export_seals(SqlSession& db, const std::vector<VisitId>& visits, CheckReport& report,
                         const std::optional<std::pair<std::string, std::string>>& dates = std::nullopt);
// One export batch: its seal recomputed over its lines, against its audit row, and its line count (a batch
// written again must be the batch that was sent).
void verify_batch_seal(SqlSession& db, std::int64_t batch, CheckReport& report);

}  // namespace infusion::storage::detail
