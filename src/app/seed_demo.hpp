#pragma once
// Use case: fill a database with synthetic visits (demo-data). Past visits are signed when their
// documentation allows it (the rest stay drafts, as forgotten stop times do); today's are drafts.
#include "app/clinic.hpp"
#include "app/demo_visits.hpp"

#include <functional>

namespace infusion::app {

struct SeedSummary {
    std::uint64_t visits = 0;
    std::uint64_t signed_visits = 0;
    std::uint64_t drafts = 0;
};

// demo-data: writes `options.visits` visits in batches (one transaction each), as `who`, who needs
// the admin role (on a database without users anyone acts). `progress(done)` after each batch.
[[nodiscard]] core::Result<SeedSummary> seed_demo(const Acting& who, Clinic& clinic, const DemoOptions& options,
                                                  const std::function<void(std::uint64_t)>& progress);

}  // namespace infusion::app
