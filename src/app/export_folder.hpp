#pragma once
// Where the window's billing export goes unless the biller picks another file (docs/export-csv.md,
// "export folder"): the XDG documents folder ($XDG_DOCUMENTS_DIR from the environment, else from
// $XDG_CONFIG_HOME/user-dirs.dirs or ~/.config/user-dirs.dirs, else ~/Documents), in a folder
// "InfusionDoc exports". Never the working directory: a desktop launch has none worth writing to.
#include <filesystem>
#include <functional>

namespace infusion::app {

// `env` reads an environment variable (nullptr when unset); tests pass their own.
using EnvReader = std::function<const char*(const char*)>;

[[nodiscard]] std::filesystem::path default_export_folder(const EnvReader& env);
[[nodiscard]] std::filesystem::path default_export_folder();  // from the process environment

}  // namespace infusion::app
