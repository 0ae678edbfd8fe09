#include "app/billing_configuration.hpp"

#include "storage/sha256.hpp"

#include <map>

namespace infusion::app {
namespace {

constexpr const char* fact_prefix = "billing-configuration-";
// Far more than a clinic accepts in its life; a bound so that a damaged table cannot loop for long.
constexpr int most_configurations = 100000;

std::string fact_name(int number) { return fact_prefix + std::to_string(number); }

// One line per part: "NAME sha256:HEX". The name may hold spaces; the digest is after the last one.
std::string digests_of(const std::vector<settings::BillingPart>& parts) {
    std::string value;
    for (const auto& part : parts) {
        storage::Sha256 hash;
        hash.update(part.canonical);
        value += (value.empty() ? "" : "\n") + part.name + " sha256:" + hash.hex();
    }
    return value;
}

std::map<std::string, std::string> parts_of(const std::string& value) {
    std::map<std::string, std::string> out;
    std::size_t start = 0;
    while (start < value.size()) {
        std::size_t end = value.find('\n', start);
        if (end == std::string::npos) end = value.size();
        const std::string line = value.substr(start, end - start);
        const std::size_t space = line.rfind(' ');
        if (space != std::string::npos) out[line.substr(0, space)] = line.substr(space + 1);
        start = end + 1;
    }
    return out;
}

// A fact's name taken by a row without the audit row InfusionDoc records with it (the facts read it as
// absent): put there by hand with the sqlite3 shell or psql. Nothing can be recorded under that name.
core::Error by_hand(const std::string& name, const std::string& outcome) {
    return core::Error::of(core::ErrorKind::corrupt,
                           name +
                               " is in the database's facts without the audit row InfusionDoc records with it "
                               "(written outside the program): " +
                               outcome +
                               ". 'infusiondoc db check' names it; the database needs its administrator (restore "
                               "the last good backup)");
}

}  // namespace

std::string BillingConfigurationState::differing_text() const {
    std::string out;
    for (const auto& name : differing) out += (out.empty() ? "" : ", ") + name;
    return out;
}

BillingConfiguration::BillingConfiguration(storage::Database& db, const settings::Config& config)
    : m_db(db), m_config_dir(config.dir.string()), m_value(digests_of(config.billing_parts)) {}

core::Result<BillingConfiguration::Accepted> BillingConfiguration::accepted() {
    if (!m_accepted) m_accepted = read_accepted();
    return *m_accepted;
}

core::Result<BillingConfiguration::Accepted> BillingConfiguration::read_accepted() {
    Accepted last;
    for (int number = 1; number <= most_configurations; ++number) {
        auto value = m_db.facts().get(fact_name(number));
        if (!value) return value.error();
        if (!value.value()) break;
        last = Accepted{number, std::move(*value.value())};
    }
    // The next number is recorded in the audit log but not in the table (or not as recorded): removed or
    // altered outside the program. Going on would bill by the edition before it, or accept a new first
    // one (found from outside: triggers dropped, the fact deleted, and the next signature pinned its own).
    const std::string next = fact_name(last.number + 1);
    auto known = m_db.facts().ever_recorded(next);
    if (!known) return known.error();
    if (known.value()) {
        return core::Error::of(core::ErrorKind::corrupt,
                               "the audit log records " + next +
                                   ", which the database no longer holds as recorded (removed or changed outside "
                                   "the program): nothing is signed or exported by another configuration. "
                                   "'infusiondoc db check' names it; the database needs its administrator "
                                   "(restore the last good backup)");
    }
    return last;
}

BillingConfigurationState BillingConfiguration::compare(const Accepted& accepted) const {
    BillingConfigurationState state;
    state.accepted = accepted.number;
    state.accepted_value = accepted.value;
    state.workstation_value = m_value;
    if (accepted.number == 0 || accepted.value == m_value) return state;
    const auto theirs = parts_of(accepted.value);
    const auto ours = parts_of(m_value);
    for (const auto& [name, digest] : ours) {
        const auto it = theirs.find(name);
        if (it == theirs.end() || it->second != digest) state.differing.push_back(name);
    }
    for (const auto& [name, digest] : theirs) {
        if (!ours.contains(name)) state.differing.push_back(name + " (not read here)");
    }
    if (state.differing.empty()) state.differing.push_back("the list of files");  // same parts, other form
    return state;
}

core::Result<BillingConfigurationState> BillingConfiguration::state() {
    forget();
    return current();
}

core::Result<BillingConfigurationState> BillingConfiguration::current() {
    auto last = accepted();
    if (!last) return last.error();
    return compare(last.value());
}

core::Status BillingConfiguration::require_accepted(const Acting& who, const std::string& what) {
    auto last = accepted();
    if (!last) return last.error();
    if (last.value().number == 0) {
        // The first configuration that bills on this database is the one it keeps.
        auto done = m_db.facts().record(fact_name(1), m_value, /*only_on_new_database=*/false, who.actor());
        forget();
        if (!done && done.error().kind != core::ErrorKind::conflict) return done;
        last = accepted();  // another workstation may have recorded its own first: compare with that
        if (!last) return last.error();
        if (last.value().number == 0) return by_hand(fact_name(1), "nothing was signed or exported");
    }
    const BillingConfigurationState state = compare(last.value());
    if (state.matches()) return core::Done{};
    return who.refuse(
        what, "this workstation's billing configuration (" + m_config_dir + ") differs from the one the database " +
                  "accepted (number " + std::to_string(state.accepted) + ") in " + state.differing_text() +
                  ": lines signed or exported now would follow other rules under the same label. Start the " +
                  "program with the clinic's configuration folder, or have an administrator accept this one " +
                  "with 'infusiondoc db accept-config' (docs/coding.md, section 8)");
}

core::Result<BillingConfigurationState> BillingConfiguration::accept(const Acting& who) {
    if (auto ok = who.require(Role::admin, "accept this workstation's billing configuration"); !ok) return ok.error();
    forget();
    auto last = accepted();
    if (!last) return last.error();
    if (last.value().number > 0 && last.value().value == m_value) return compare(last.value());  // nothing new
    const int number = last.value().number + 1;
    auto done = m_db.facts().record(fact_name(number), m_value, /*only_on_new_database=*/false, who.actor());
    forget();
    if (!done && done.error().kind != core::ErrorKind::conflict) return done.error();
    auto now = state();
    if (!now) return now;
    if (now.value().accepted == number && now.value().matches()) return now;
    if (now.value().accepted >= number) {
        return core::Error::of(core::ErrorKind::conflict,
                               "another workstation recorded billing configuration " + std::to_string(number) +
                                   " meanwhile; nothing was accepted: run 'infusiondoc db check' to see it, then "
                                   "accept again if this one is the clinic's");
    }
    // The name is taken by a row without the audit row InfusionDoc writes with it.
    return by_hand(fact_name(number), "nothing was accepted");
}

}  // namespace infusion::app
