#pragma once
// Internal to storage/: lists kept in one column ("JZ,59", "D80.1,E86.0"), on either backend.
#include <string>
#include <vector>

namespace infusion::storage::detail {

// Comma-joined, and split back in order.
[[nodiscard]] std::string join_list(const std::vector<std::string>& items);
[[nodiscard]] std::vector<std::string> split_list(const std::string& text);

}  // namespace infusion::storage::detail
