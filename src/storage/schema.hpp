#pragma once
// The database schema as ordered migrations: user_version N means migrations 1..N have run.
#include <string_view>
#include <vector>

namespace infusion::storage::schema {

// 'IDOC': marks a file as an InfusionDoc database (PRAGMA application_id).
inline constexpr int application_id = 0x49444F43;

// migrations()[i] brings user_version i to i + 1.
[[nodiscard]] const std::vector<std::string_view>& migrations();
[[nodiscard]] int current_version();

}  // namespace infusion::storage::schema
