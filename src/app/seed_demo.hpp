#pragma once
// Use case: fill a database with synthetic visits (demo-data). Past visits are signed when their
// documentation allows it (the rest stay drafts, as forgotten stop times do); today's are drafts.
#include "app/demo_visits.hpp"
#include "settings/config.hpp"
#include "storage/visit_store.hpp"

#include <functional>

namespace infusion::app {

struct SeedSummary {
    std::uint64_t visits = 0;
    std::uint64_t signed_visits = 0;
    std::uint64_t drafts = 0;
};

// Writes `options.visits` visits in batches (one transaction each). `progress(done)` after each batch.
[[nodiscard]] core::Result<SeedSummary> seed_demo(storage::VisitStore& store, const settings::Config& config,
                                                  const DemoOptions& options, const storage::Actor& actor,
                                                  const std::function<void(std::uint64_t)>& progress);

}  // namespace infusion::app
