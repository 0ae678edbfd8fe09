#pragma once
// A stored visit for people (text) and programs (json).
#include "app/visit_service.hpp"

#include <iosfwd>
#include <optional>
#include <string_view>

namespace infusion::cli {

// `review`: what review added to the visit (VisitService::review_record); `billing`: where it stands with
// billing, as the worklist says it (VisitService::billing_state; none for a draft); `zone`: the clinic's,
// for the times in its hold reasons.
void write_visit_text(const storage::StoredVisit& visit, const app::ReviewRecord& review,
                      const std::optional<storage::WorklistRow>& billing, std::string_view zone, std::ostream& out);
void write_visit_json(const storage::StoredVisit& visit, const app::ReviewRecord& review,
                      const std::optional<storage::WorklistRow>& billing, std::string_view zone, std::ostream& out);

}  // namespace infusion::cli
