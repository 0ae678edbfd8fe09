#include "demo/seed_demo.hpp"

#include "core/signing_policy.hpp"

#include <stdexcept>

namespace infusion::demo {

core::Result<SeedSummary> seed_demo(const app::Acting& who, app::Clinic& clinic, const DemoOptions& options,
                                    const std::function<void(std::uint64_t)>& progress) {
    if (auto ok = who.require(app::Role::admin, "add demo data"); !ok) return ok.error();
    if (!clinic.is_demo()) {
        return who.refuse("add synthetic visits to " + clinic.database_name(),
                          "it is a clinic's database, not one made by demo-data: synthetic visits would reach its "
                          "billing export");
    }
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
