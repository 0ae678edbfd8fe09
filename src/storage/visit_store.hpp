#pragma once
// The storage interfaces the app layer uses. The SQLite implementation is one; a PostgreSQL one can
// join for multi-workstation clinics and must pass the same contract tests (tests/storage/contract).
#include "core/result.hpp"
#include "storage/records.hpp"

#include <vector>

namespace infusion::storage {

class VisitStore {
public:
    virtual ~VisitStore() = default;

    // A new draft (revision 0). Audited as "create" (with the patient's rename, if `naming` renamed).
    [[nodiscard]] virtual core::Result<VisitId> create_draft(const core::Visit& visit, const Actor& actor,
                                                             PatientNaming naming = PatientNaming::keep_record) = 0;
    // Concurrent editing (docs/storage.md): `read_version` is StoredVisit::version as the writer read it.
    // When the visit has been written since (another window or workstation saved or signed it), the
    // write is refused with ErrorKind::conflict, a message naming who wrote it and when, and nothing
    // changes. The check and the write are one transaction, so two writers from one version never both land.
    //
    // Replaces a draft's content; returns the draft's new version. Refused once the visit is signed.
    // Audited as "change". `coding`, when given, is the coding the draft would be signed with now
    // (app::signed_coding): it is kept with the draft, and signing the draft with the same coding does not
    // write it again. Without it (the default, for callers that derive nothing), signing writes it.
    // `changed` names what the save changed ("substance 1, notes"), for its audit row.
    [[nodiscard]] virtual core::Result<std::int64_t> save_draft(VisitId id, std::int64_t read_version,
                                                                const core::Visit& visit, const Actor& actor,
                                                                const SignedCoding* coding = nullptr,
                                                                const std::string& changed = {}) = 0;
    // Seals the draft, as it is at `read_version`, with its derived coding. Audited as "sign".
    [[nodiscard]] virtual core::Status sign(VisitId id, std::int64_t read_version, const SignedCoding& coding,
                                            const Actor& actor) = 0;
    // Adds an addendum: corrected content, reason and re-derived coding, sealed at once. Audited as "amend".
    // `read_version` as for save_draft: an amendment written from a copy read before another one landed
    // would replace that one's corrections unseen, so it is refused the same way.
    [[nodiscard]] virtual core::Result<int> amend(VisitId id, std::int64_t read_version, const core::Visit& corrected,
                                                  const std::string& reason, const SignedCoding& coding,
                                                  const Actor& actor) = 0;
    // Many visits in one transaction (imports, demo data): each created, and signed when it carries a
    // coding. All or nothing. Audited as "create" (and "sign") per visit.
    struct NewVisit {
        core::Visit visit;
        std::optional<SignedCoding> sign;
        PatientNaming naming = PatientNaming::keep_record;
        // Demo data only: who wrote a synthetic visit and when, and who signed it and when (its nurse, at
        // the chair), where a real one is both by `actor` now. The audit rows stay `actor`'s: they record who
        // made the demo data and when.
        std::optional<Actor> created_as{};
        std::optional<Actor> signed_as{};
    };
    [[nodiscard]] virtual core::Result<std::vector<VisitId>> create_many(const std::vector<NewVisit>& visits,
                                                                         const Actor& actor) = 0;
    // Deletes a draft that was never signed (a visit started by mistake). Audited as "discard".
    [[nodiscard]] virtual core::Status discard_draft(VisitId id, const Actor& actor) = 0;

    [[nodiscard]] virtual core::Result<StoredVisit> load(VisitId id) = 0;
    // The visit's signed revisions recomputed against their seals and audit rows, and its summary row
    // against them (db check's checks, for one visit): `ok` false, with findings, when something was
    // changed behind the program's back. A draft has nothing sealed: ok.
    [[nodiscard]] virtual core::Result<CheckReport> verify_seals(VisitId id) = 0;
    [[nodiscard]] virtual core::Result<VisitPage> list(const VisitFilter& filter) = 0;
    // Patients whose id starts with, or whose name contains, `text` (case-insensitive), best matches first.
    [[nodiscard]] virtual core::Result<std::vector<PatientSummary>> find_patients(const std::string& text,
                                                                                  int limit) = 0;
};

class AuditLog {
public:
    virtual ~AuditLog() = default;
    // Appends one row (views, exports, sign-ins: events that change no visit).
    [[nodiscard]] virtual core::Status record(const std::string& action, std::optional<VisitId> visit,
                                              const std::string& detail, const Actor& actor) = 0;
    [[nodiscard]] virtual core::Result<std::vector<AuditEntry>> entries(const AuditFilter& filter) = 0;
    // Recomputes the chain: a removed, inserted or altered row is reported.
    [[nodiscard]] virtual core::Result<CheckReport> verify() = 0;
};

}  // namespace infusion::storage
