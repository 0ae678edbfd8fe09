#pragma once
// Use cases on stored visits: create, save a draft, sign, amend, open (audited), list.
// Both front ends call these; the stores behind them are interfaces (storage/visit_store.hpp).
#include "app/clock.hpp"
#include "core/derive.hpp"
#include "settings/config.hpp"
#include "storage/visit_store.hpp"

#include <string>
#include <vector>

namespace infusion::app {

// A site used at one of a patient's earlier visits, for the body map's rotation view.
struct SiteUse {
    std::string location;
    std::chrono::year_month_day date{};
    storage::VisitId visit = 0;
    bool usable = true;     // false: the needle returned blood and was removed
    bool reaction = false;  // the visit documented a reaction or a site-condition note
};

struct SignOutcome {
    bool signed_visit = false;
    core::Coding coding;                  // what was derived
    std::vector<core::Problem> blocking;  // why it could not be signed, when it was not
};

// The coding fixed at signing: derived lines and problems, the UTC intervals and the rules version.
// With `today` (the clinic's date at the signature), an implausible date of service is an error.
[[nodiscard]] storage::SignedCoding signed_coding(const core::Visit& visit, const settings::Config& config,
                                                  std::optional<std::chrono::year_month_day> today = std::nullopt);

class VisitService {
public:
    VisitService(storage::VisitStore& visits, storage::AuditLog& audit, const settings::Config& config,
                 Clock clock = utc_now);

    [[nodiscard]] core::Coding code(const core::Visit& visit) const;
    [[nodiscard]] storage::SignedCoding signed_coding(const core::Visit& visit) const {
        return app::signed_coding(visit, m_config);
    }

    [[nodiscard]] core::Result<storage::VisitId> create(const core::Visit& visit, const std::string& user);
    [[nodiscard]] core::Status save_draft(storage::VisitId id, const core::Visit& visit, const std::string& user);
    // Signs when no problem blocks signing (core/signing_policy.hpp); otherwise says why and changes nothing.
    [[nodiscard]] core::Result<SignOutcome> sign(storage::VisitId id, const std::string& user);
    [[nodiscard]] core::Result<int> amend(storage::VisitId id, const core::Visit& corrected, const std::string& reason,
                                          const std::string& user);
    // Reads a visit for a person and records the view in the audit log.
    [[nodiscard]] core::Result<storage::StoredVisit> open(storage::VisitId id, const std::string& user);
    [[nodiscard]] core::Result<storage::VisitPage> list(const storage::VisitFilter& filter);
    [[nodiscard]] core::Result<std::vector<storage::PatientSummary>> find_patients(const std::string& text, int limit);
    // Sites of the patient's last `visits` visits (newest first), leaving out visit `except`.
    [[nodiscard]] core::Result<std::vector<SiteUse>> recent_sites(const std::string& patient_id, int visits,
                                                                  std::optional<storage::VisitId> except);

    // A refused action is part of the record too (who tried what, and why it was refused).
    void record_refusal(storage::VisitId id, const std::string& user, const std::string& detail);

    [[nodiscard]] storage::Actor actor(const std::string& user) const { return storage::Actor{user, m_clock()}; }

private:
    storage::VisitStore& m_visits;
    storage::AuditLog& m_audit;
    const settings::Config& m_config;
    Clock m_clock;
};

}  // namespace infusion::app
