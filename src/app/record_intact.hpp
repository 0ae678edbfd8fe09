#pragma once
// Before an action seals or attests a signed visit's content (an amendment starts from it; a
// countersignature says "reviewed as documented"), its seals are recomputed: content changed behind the
// program's back (a trigger dropped in the sqlite3 shell, units times ten, the trigger made again) became
// a properly sealed amendment, its over-billing with it, and only db check had noticed (found from
// outside). One visit's rows: milliseconds.
#include "core/result.hpp"
#include "storage/visit_store.hpp"

#include <string>

namespace infusion::app {

// Done when the visit's sealed revisions match their seals and audit rows; otherwise an error of kind
// corrupt that names the first finding and says the action (`not_done`, e.g. "amended") was not done.
[[nodiscard]] core::Status signed_record_intact(storage::VisitStore& visits, storage::VisitId id,
                                                const std::string& not_done);

}  // namespace infusion::app
