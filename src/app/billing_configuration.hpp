#pragma once
// Which billing configuration the database accepted: the digests of coding-rules.toml, substances.toml
// and clinic.toml's [clinic] and [codes] (settings/billing_parts.hpp), kept as numbered database facts
// ("billing-configuration-1", "-2", ...; a fact is never changed, so the history stays).
//
// Why: billing followed whatever folder the signer's --config named. A copy with the first hour's
// minutes or a product's billing unit edited signed a 59-minute visit as 96369 + 96370 x4 and J1559 x700
// under the same rules label, `db check` said ok and the biller exported it; another clinic's folder
// (another NPI) opened the database without a word (found from outside). Now signing, amending,
// `import --sign` and export are refused while this workstation's configuration differs from the one
// accepted last, and an administrator accepts a new one with `db accept-config`, audited.
//
// The first configuration used to sign or export on a database (a new one, or one made before this
// check) is accepted then, in the name of who signs or exports, with its audit row.
#include "app/acting.hpp"
#include "settings/config.hpp"
#include "storage/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace infusion::app {

struct BillingConfigurationState {
    int accepted = 0;                      // the number of the configuration accepted last; 0: none yet
    std::string accepted_value;            // its digests, one part per line ("coding-rules.toml sha256:...")
    std::string workstation_value;         // this workstation's, in the same form
    std::vector<std::string> differing{};  // the parts (files) whose digests differ; empty: the same
    [[nodiscard]] bool matches() const { return accepted == 0 || differing.empty(); }
    // The differing parts as every front end says them: "coding-rules.toml, substances.toml".
    [[nodiscard]] std::string differing_text() const;
};

class BillingConfiguration {
public:
    BillingConfiguration(storage::Database& db, const settings::Config& config);

    // Done when this workstation's billing configuration is the one the database accepted last (or it
    // is the first one used: accepted now, audited as `who`). Otherwise the refusal is audited and says
    // which files differ and what to do. `what` names the action ("sign visit 12").
    [[nodiscard]] core::Status require_accepted(const Acting& who, const std::string& what);
    // Administrators: this workstation's configuration becomes the accepted one, under the next number;
    // audited (a `database-fact` row). Returns its number; the same one again changes nothing.
    [[nodiscard]] core::Result<BillingConfigurationState> accept(const Acting& who);
    // Read now from the database (db check shows it).
    [[nodiscard]] core::Result<BillingConfigurationState> state();
    // The same from what was read last (until forget()): what a screen shows without asking the database.
    [[nodiscard]] core::Result<BillingConfigurationState> current();
    // Another workstation may have accepted one since: read it again at the next use.
    void forget() { m_accepted.reset(); }

private:
    struct Accepted {
        int number = 0;
        std::string value;
    };
    [[nodiscard]] core::Result<Accepted> accepted();  // m_accepted, read when forgotten
    [[nodiscard]] core::Result<Accepted> read_accepted();
    [[nodiscard]] BillingConfigurationState compare(const Accepted& accepted) const;

    storage::Database& m_db;
    std::string m_config_dir;
    std::string m_value;  // this workstation's digests, in the facts' form
    // Read once, until forget(); a damaged record too, so that a screen asking each frame reads it once.
    std::optional<core::Result<Accepted>> m_accepted{};
};

}  // namespace infusion::app
