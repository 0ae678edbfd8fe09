#pragma once
// A stored visit for people (text) and programs (json).
#include "app/visit_service.hpp"

#include <iosfwd>

namespace infusion::cli {

// `countersigned`: the supervisor's countersignature, if any (VisitService::countersignature).
void write_visit_text(const storage::StoredVisit& visit, const std::optional<storage::Countersignature>& countersigned,
                      std::ostream& out);
void write_visit_json(const storage::StoredVisit& visit, const std::optional<storage::Countersignature>& countersigned,
                      std::ostream& out);

}  // namespace infusion::cli
