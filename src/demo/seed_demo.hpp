#pragma once
// Use case: fill a demo database with synthetic visits (demo-data). Past visits are signed when their
// documentation allows it (the rest stay drafts, as forgotten stop times do); today's are drafts.
#include "app/clinic.hpp"
#include "demo/demo_visits.hpp"

#include <functional>

namespace infusion::demo {

struct SeedSummary {
    std::uint64_t visits = 0;
    std::uint64_t signed_visits = 0;
    std::uint64_t drafts = 0;
};

// demo-data: writes `options.visits` visits in batches (one transaction each), as `who`, who needs
// the admin role (on a database without users anyone acts), on a demo database only (refused and
// audited on a clinic's database, whose exports synthetic visits must never reach).
// `progress(done)` after each batch.
[[nodiscard]] core::Result<SeedSummary> seed_demo(const app::Acting& who, app::Clinic& clinic,
                                                  const DemoOptions& options,
                                                  const std::function<void(std::uint64_t)>& progress);

}  // namespace infusion::demo
