#pragma once
// Turns a database made by this version back into one from before schema 6 (no seals, no export
// deliveries, no database facts of migration 8), so upgrade tests can start from signed visits made by today's code:
// migration 6's objects and columns are removed and the audit chain is recomputed as the old program wrote it.
#include <filesystem>

namespace infusion::test {

void roll_back_seals(const std::filesystem::path& file);

}  // namespace infusion::test
