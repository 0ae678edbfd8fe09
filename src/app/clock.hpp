#pragma once
// "Now" for records and the audit log, as UTC ISO 8601; injectable so tests can fix time.
#include <functional>
#include <string>

namespace infusion::app {

using Clock = std::function<std::string()>;

// The system clock: "2026-03-02T14:10:00Z".
[[nodiscard]] std::string utc_now();

}  // namespace infusion::app
