#pragma once
// Writes an RGBA image as PNG without ever leaving a half-written file behind.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

namespace infusion::platform {

// Rows top to bottom, 4 bytes per pixel. Writes FILE.tmp, then renames it over FILE, so a reader
// sees the old file or the whole new one. Returns the error message, or nullopt on success.
[[nodiscard]] std::optional<std::string> write_png(const std::filesystem::path& file, int width, int height,
                                                   std::span<const std::uint8_t> rgba);

}  // namespace infusion::platform
