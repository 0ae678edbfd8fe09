#pragma once
// A stored visit for people (text) and programs (json).
#include "app/visit_service.hpp"

#include <iosfwd>
#include <optional>

namespace infusion::cli {

// `review`: what review added to the visit (VisitService::review_record); `billing`: where it stands with
// billing, as the worklist says it (VisitService::billing_state; none for a draft).
void write_visit_text(const storage::StoredVisit& visit, const app::ReviewRecord& review,
                      const std::optional<storage::WorklistRow>& billing, std::ostream& out);
void write_visit_json(const storage::StoredVisit& visit, const app::ReviewRecord& review,
                      const std::optional<storage::WorklistRow>& billing, std::ostream& out);

}  // namespace infusion::cli
