#include "app/export_folder.hpp"

#include <cstdlib>
#include <fstream>
#include <string>

namespace infusion::app {
namespace {

// XDG_DOCUMENTS_DIR="$HOME/Documents" in user-dirs.dirs (xdg-user-dirs writes it so; "$HOME" is the
// only variable it allows).
std::filesystem::path from_user_dirs(const std::filesystem::path& file, const std::string& home) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const std::string key = "XDG_DOCUMENTS_DIR=\"";
        if (line.rfind(key, 0) != 0 || line.size() < key.size() + 1 || line.back() != '"') continue;
        std::string value = line.substr(key.size(), line.size() - key.size() - 1);
        if (value.rfind("$HOME", 0) == 0) value = home + value.substr(5);
        if (!value.empty() && value.front() == '/') return value;
    }
    return {};
}

}  // namespace

std::filesystem::path default_export_folder(const EnvReader& env) {
    const char* home_env = env("HOME");
    const std::string home = home_env != nullptr && *home_env == '/' ? home_env : "/tmp";
    std::filesystem::path documents;
    if (const char* xdg = env("XDG_DOCUMENTS_DIR"); xdg != nullptr && *xdg == '/') {
        documents = xdg;
    } else {
        const char* config = env("XDG_CONFIG_HOME");
        const std::filesystem::path config_home = config != nullptr && *config == '/'
                                                      ? std::filesystem::path(config)
                                                      : std::filesystem::path(home) / ".config";
        documents = from_user_dirs(config_home / "user-dirs.dirs", home);
        if (documents.empty()) documents = std::filesystem::path(home) / "Documents";
    }
    return documents / "InfusionDoc exports";
}

std::filesystem::path default_export_folder() {
    return default_export_folder([](const char* name) -> const char* { return std::getenv(name); });
}

}  // namespace infusion::app
