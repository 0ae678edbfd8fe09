#pragma once
// Which config/ folder to use: --config DIR, then $INFUSIONDOC_CONFIG, then ./config when run from a
// checkout, then the installed folders relative to the program (<prefix>/bin/infusiondoc): the clinic's
// editable copy in the prefix's sysconfdir (/etc/infusiondoc for /usr), then the package's defaults in
// <prefix>/share/infusiondoc/config, then the build tree's config/, then the folders compiled in.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace infusion::app {

inline constexpr const char* config_env_var = "INFUSIONDOC_CONFIG";

struct ConfigSearch {
    std::optional<std::filesystem::path> explicit_dir;  // --config
    std::optional<std::string> env_dir;                 // $INFUSIONDOC_CONFIG
    std::filesystem::path working_dir;
    std::filesystem::path executable;  // /proc/self/exe or argv[0]
};

struct ConfigChoice {
    std::filesystem::path dir;
    std::vector<std::filesystem::path> tried;  // for the message when nothing was found
    bool found = false;
};

[[nodiscard]] ConfigChoice locate_config(const ConfigSearch& search);

// The running program's own path (for the installed layout).
[[nodiscard]] std::filesystem::path current_executable(const char* argv0);

}  // namespace infusion::app
