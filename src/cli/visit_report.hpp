#pragma once
// A stored visit for people (text) and programs (json).
#include "app/visit_service.hpp"

#include <iosfwd>

namespace infusion::cli {

// `review`: what review added to the visit (VisitService::review_record).
void write_visit_text(const storage::StoredVisit& visit, const app::ReviewRecord& review, std::ostream& out);
void write_visit_json(const storage::StoredVisit& visit, const app::ReviewRecord& review, std::ostream& out);

}  // namespace infusion::cli
