#pragma once
// Saves what the current OpenGL context has drawn into its back buffer, before the swap.
#include <filesystem>
#include <optional>
#include <string>

namespace infusion::platform {

// Reads width x height pixels of GL_BACK, flips them (OpenGL's rows run bottom to top, PNG's top to
// bottom) and writes a PNG atomically (write_png). Returns the error message, or nullopt on success.
[[nodiscard]] std::optional<std::string> save_back_buffer(const std::filesystem::path& file, int width, int height);

}  // namespace infusion::platform
