#pragma once
// What the store keeps, as plain structs: no SQLite types here (architecture.md, Storage).
#include "core/billing_line.hpp"
#include "core/coding_context.hpp"
#include "core/infusion_time.hpp"
#include "core/problem.hpp"
#include "core/review_flags.hpp"
#include "core/visit.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace infusion::storage {

using VisitId = std::int64_t;

// draft: saved on every change; signed: immutable with its lines; amended: signed, then corrected
// by one or more addenda (each immutable too).
enum class VisitStatus { draft, signed_, amended };
[[nodiscard]] const char* to_string(VisitStatus status);
[[nodiscard]] std::optional<VisitStatus> visit_status_from_string(std::string_view text);

// Who does something, and when (UTC, ISO 8601 "2026-03-02T14:10:00Z").
struct Actor {
    std::string user;
    std::string at;
};

// What a coding counted of the patient's other signed visits (app::derive_with_other_visits): the MUE per
// date of service counts their units first. Signing reads them again inside its transaction, where no
// other write runs, and refuses with ErrorKind::outdated when they changed: two visits of one patient and
// date signed at once (two workstations, a window and an import) were each coded without the other and
// both billed 96369.
struct OtherVisitsCounted {
    std::string patient_id;
    std::chrono::year_month_day from{};
    std::chrono::year_month_day to{};
    std::vector<core::BilledElsewhere> lines;
};

// The billing outcome fixed at signing (or amending): lines, problems and the rules version used.
struct SignedCoding {
    std::string rules_version;
    bool billable = false;
    std::optional<int> infusion_minutes;
    std::optional<std::chrono::year_month_day> date_of_service;
    std::vector<core::BillingLine> lines;
    std::vector<core::Problem> problems;
    std::vector<core::Interval> intervals;  // the UTC infusion intervals T was measured on
    // The supervisor's review flags of this revision (core::review_flags) and the settings they were
    // computed with: computed by the signer (app::signed_coding) and stored beside the sealed content
    // (revision_flags). Signing refuses a coding without them; none on revisions read from a database
    // damaged by hand.
    std::optional<core::SignedReview> review;
    // Set by the signer when it counted the other visits (none: coded on its own, or they could not be read
    // and a warning says so). Not stored: it is checked at the write.
    std::optional<OtherVisitsCounted> counted;
    // An amendment's: the parts of the documentation it changes (app::changed_parts), named in its audit
    // row after the reason, so the log says what changed, not only the nurse's words. Not stored otherwise.
    std::string changed;
};

// One version of a visit's content: revision 0 is the original; 1, 2 ... are amendments.
struct Revision {
    int number = 0;
    std::string author;
    std::string created_at;
    std::string reason;  // amendments only
    bool sealed = false;
    std::string signed_by;
    std::string signed_at;
    core::Visit content;
    std::optional<SignedCoding> coding;  // set once sealed
};

struct StoredVisit {
    VisitId id = 0;
    VisitStatus status = VisitStatus::draft;
    std::string created_by;
    std::string created_at;
    std::string updated_at;
    // One more with every write of the visit (draft saved, signed, amended). A writer passes the version
    // it read; a write from an older one is refused (someone else wrote in between), never applied.
    std::int64_t version = 0;
    // Who wrote that version, and when (UTC ISO 8601): the last saver of a draft, the signer, the author
    // of the last amendment. What a refused writer is told.
    std::string changed_by;
    std::string changed_at;
    std::vector<Revision> revisions;  // oldest first; the last is the current content

    [[nodiscard]] const Revision& current() const { return revisions.back(); }
};

// Where a signed visit stands with billing: as the worklist, Today and the visit screen say it.
enum class WorklistState { ready, held, exported, amended_after_export };
[[nodiscard]] const char* to_string(WorklistState state);

struct VisitSummary {
    VisitId id = 0;
    std::string patient_id;
    std::string patient_name;
    VisitStatus status = VisitStatus::draft;
    std::optional<std::chrono::year_month_day> date_of_service;
    std::string clinician;
    int revision = 0;
    std::optional<int> infusion_minutes;
    std::optional<bool> billable;  // known once signed
    std::string updated_at;
    // Signed visits only: ready, held, exported, or amended after export (Today said "ready" for a visit
    // the worklist showed exported; found from outside).
    std::optional<WorklistState> billing_state;
};

// Keyset pagination: newest date of service first, then highest id. Visits without a date of service
// (no start documented yet) sort as the oldest.
struct PageCursor {
    std::string date;  // ISO date, "" for none
    VisitId id = 0;
};

struct VisitFilter {
    std::optional<std::chrono::year_month_day> from;  // inclusive
    std::optional<std::chrono::year_month_day> to;    // inclusive
    std::optional<std::string> patient_id;            // exact MRN
    std::optional<VisitStatus> status;
    bool signed_only = false;  // signed and amended visits, no drafts (a biller's list)
    std::optional<std::string> clinician;
    int limit = 50;
    std::optional<PageCursor> after;
};

struct VisitPage {
    std::vector<VisitSummary> rows;
    std::optional<PageCursor> next;  // empty: no more rows
};

// Whether a new visit's patient name replaces the name on record for its patient id. A visit under a
// known id is written with the name on record unless the change of name was confirmed (the window's
// "rename", import --rename-patients); a rename is named in the visit's "create" audit row.
enum class PatientNaming { keep_record, rename };

struct PatientSummary {
    std::string patient_id;  // MRN
    std::string name;
    std::optional<std::chrono::year_month_day> birth_date;
    std::string allergies;
    std::optional<std::chrono::year_month_day> last_visit;
};

struct AuditEntry {
    std::int64_t id = 0;
    std::string at;
    std::string actor;
    std::string action;  // create, change, sign, amend, view, export, ...
    std::optional<VisitId> visit_id;
    std::string detail;
    std::string hash;     // hex SHA-256 chained to the previous row
    std::string subject;  // the sealed row this event recorded ("revision 12/0"), "" for others
    std::string seal;     // that row's content seal (storage/seal.hpp), "" for others
};

struct AuditFilter {
    std::optional<std::string> from_at;  // inclusive ISO instants
    std::optional<std::string> to_at;
    std::optional<VisitId> visit_id;
    std::optional<std::string> actor;
    std::optional<std::string> action;
    int limit = 1000;
    std::int64_t after_id = 0;
};

// A person who signs in. Roles are stored as plain names (nurse, biller, supervisor, admin): app/accounts
// gives them meaning, so a new role never needs a storage change.
struct UserRecord {
    std::int64_t id = 0;
    std::string username;
    std::string display_name;
    std::vector<std::string> roles;
    bool disabled = false;
    std::string created_at;
    std::string password_hash;  // Argon2id string (password_hash.hpp): never printed, never audited
    int failed_attempts = 0;    // consecutive failed sign-ins since the last success
    std::string locked_until;   // UTC "YYYY-MM-DDTHH:MM:SSZ" before which sign-in is refused; "" when not locked
    // False when the account (name, roles, state, password) differs from what the audit log recorded at
    // its last change: it was changed outside InfusionDoc, and nobody may act as it (db check says more).
    bool matches_audit = true;
    // Who set the password now in use: the actor of the audit log's latest "user-add" or "user-passwd" row
    // of the account ("" when the log has none: an account recorded before accounts were sealed). Someone
    // other than the user herself means an administrator chose it (app/ decides what follows, users.md).
    // That row must be a link of the chain (its hash its own, its previous row's hash before it): a row
    // inserted or edited with the shell to say "she set it herself" makes matches_audit false instead.
    std::string password_set_by;
};

struct NewUser {
    std::string username;
    std::string display_name;
    std::vector<std::string> roles;
    std::string password_hash;
    // The first administrator: refused once anyone exists, checked inside the same transaction.
    bool only_if_no_users = false;
};

struct CheckReport {
    bool ok = true;
    std::vector<std::string> findings;  // each a sentence for the clinic's IT person
    // Some finding is about the audit chain itself (a row removed, inserted or altered; its head beside the
    // file): `audit verify` said "the audit log was altered" for a changed visit or account too (found
    // from outside), sending whoever investigates to the wrong place.
    bool audit_log_altered = false;
    std::int64_t audit_rows = 0;
    std::int64_t visits = 0;
    // A quick check's start: the audit row the last clean check ended at (0: checked from the first row).
    std::int64_t checked_from = 0;
    // A quick check that walked from the first row because the schema cookie moved since the last clean
    // check: the cookie then and now (a migration, or schema objects dropped and made again).
    std::optional<std::pair<std::int64_t, std::int64_t>> schema_changed;
    // Where a clean check ended (the last audit row and SQLite's schema cookie), for
    // Database::record_check() to keep as the next quick check's start; none when the check found
    // something, or on a backend that keeps no checkpoint.
    struct CleanEnd {
        std::int64_t seq = 0;
        std::string hash;
        std::int64_t schema_cookie = 0;
        std::int64_t sweep_visit = 1;  // where the next quick check goes on verifying the older record again
        std::int64_t sweep_audit = 1;
    };
    std::optional<CleanEnd> clean_end;
    // A quick check's sweep of the record older than its checkpoint (storage/check_sweep.hpp): the visits and
    // audit rows it verified again (first > last: none of that kind).
    struct Swept {
        std::int64_t first_visit = 1, last_visit = 0;
        std::int64_t first_audit = 1, last_audit = 0;
    };
    std::optional<Swept> swept;
};

}  // namespace infusion::storage
