#pragma once
// Opens a folder in the desktop's file manager (xdg-open), without a shell and without waiting for it.
#include <filesystem>
#include <string>

namespace infusion::platform {

// Returns "" when xdg-open was started, else why not.
[[nodiscard]] std::string open_folder(const std::filesystem::path& folder);

}  // namespace infusion::platform
