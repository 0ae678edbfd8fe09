#include "demo/seed_demo.hpp"

#include "core/signing_policy.hpp"
#include "core/wall_time.hpp"

#include <algorithm>
#include <stdexcept>

namespace infusion::demo {
namespace {

// An instant of a synthetic visit's clock, as the stores write times; a reading the zone cannot place (a
// DST gap or a repeated hour) takes the earlier of its two instants.
std::optional<std::string> utc_of(const std::optional<core::WallTime>& time, const std::string& zone) {
    if (!time) return std::nullopt;
    const core::ResolvedTime resolved = core::resolve(*time, zone);
    if (resolved.status == core::TimeResolution::unknown_zone) return std::nullopt;
    return core::format_utc(resolved.status == core::TimeResolution::ok ? resolved.instant : resolved.first);
}

// A synthetic visit as its nurse writes it at the chair: created a quarter of an hour before its first
// set-up, signed ten minutes after its last stop (after its last note; never after `now`). Every demo visit read
// "signed by admin" at the moment the data was made (found from outside). Times in UTC's fixed-width form compare as
// text.
void at_the_chair(storage::VisitStore::NewVisit& item, const storage::Actor& now) {
    std::optional<std::string> first_start;
    std::optional<std::string> last_stop;
    for (const auto& p : item.visit.pump_setups) {
        std::optional<core::WallTime> opened = p.set_up_at ? p.set_up_at : p.start;
        if (opened) opened->local -= std::chrono::minutes{15};
        if (auto start = utc_of(opened, item.visit.time_zone); start && (!first_start || *start < *first_start))
            first_start = start;
        std::optional<core::WallTime> done = p.stop;
        if (done) done->local += std::chrono::minutes{10};
        if (auto stop = utc_of(done, item.visit.time_zone); stop && (!last_stop || *stop > *last_stop))
            last_stop = stop;
    }
    if (item.visit.clinician.empty()) return;
    // A draft not started yet (no time on it) was opened by its nurse just now.
    item.created_as = storage::Actor{item.visit.clinician, first_start ? std::min(*first_start, now.at) : now.at};
    if (item.sign && last_stop) item.signed_as = storage::Actor{item.visit.clinician, std::min(*last_stop, now.at)};
}

}  // namespace

core::Result<SeedSummary> seed_demo(const app::Acting& who, app::Clinic& clinic, const DemoOptions& options,
                                    const std::function<void(std::uint64_t)>& progress) {
    if (auto ok = who.require(app::Role::admin, "add demo data"); !ok) return ok.error();
    if (!clinic.is_demo()) {
        return who.refuse("add synthetic visits to " + clinic.database_name(),
                          "it is a clinic's database, not one made by demo-data: synthetic visits would reach its "
                          "billing export");
    }
    // The synthetic visits are signed with this configuration's lines: the database bills by it.
    if (auto ok = clinic.billing_configuration().require_accepted(who, "add demo data"); !ok) return ok.error();
    storage::VisitStore& store = clinic.database().visits();
    const settings::Config& config = clinic.config();
    const storage::Actor actor = who.actor();
    constexpr std::size_t batch_size = 2000;  // one transaction each: fast, and an interrupted run keeps whole batches
    SeedSummary summary;
    try {
        DemoVisitGenerator generator(options, config.substances, config.sites);
        std::vector<storage::VisitStore::NewVisit> batch;
        batch.reserve(batch_size);
        while (summary.visits < options.visits) {
            batch.clear();
            while (batch.size() < batch_size && summary.visits + batch.size() < options.visits) {
                core::Visit visit = generator.next();
                storage::VisitStore::NewVisit item{std::move(visit), std::nullopt};
                const auto day = core::first_start_date(item.visit);
                if (day && *day < options.last_day) {
                    auto coding = app::signed_coding(item.visit, config);
                    if (!core::any_blocks_signing(coding.problems)) item.sign = std::move(coding);
                }
                at_the_chair(item, actor);
                batch.push_back(std::move(item));
            }
            auto ids = store.create_many(batch, actor);
            if (!ids) return ids.error();
            for (const auto& item : batch) {
                ++(item.sign ? summary.signed_visits : summary.drafts);
            }
            summary.visits += batch.size();
            if (progress) progress(summary.visits);
        }
    } catch (const std::invalid_argument& e) {
        return core::Error{std::string("demo data: ") + e.what(), "", {}};
    }
    return summary;
}

}  // namespace infusion::demo
