#include "app/config_locator.hpp"

#include <system_error>

#ifndef INFUSIONDOC_INSTALLED_CONFIG_DIR
#define INFUSIONDOC_INSTALLED_CONFIG_DIR "/usr/local/share/infusiondoc/config"
#endif

namespace infusion::app {
namespace {

bool looks_like_config(const std::filesystem::path& dir) {
    std::error_code ec;
    return std::filesystem::is_regular_file(dir / "coding-rules.toml", ec);
}

}  // namespace

ConfigChoice locate_config(const ConfigSearch& search) {
    ConfigChoice out;
    // An explicit choice is final: falling back would code visits with rules nobody asked for.
    if (search.explicit_dir) {
        out.dir = *search.explicit_dir;
        out.tried.push_back(out.dir);
        out.found = looks_like_config(out.dir);
        return out;
    }
    if (search.env_dir && !search.env_dir->empty()) {
        out.dir = *search.env_dir;
        out.tried.push_back(out.dir);
        out.found = looks_like_config(out.dir);
        return out;
    }
    std::vector<std::filesystem::path> candidates{search.working_dir / "config"};
    if (!search.executable.empty()) {
        const auto bin = search.executable.parent_path();
        candidates.push_back(bin.parent_path() / "share" / "infusiondoc" / "config");  // installed prefix
        candidates.push_back(bin.parent_path() / "config");                            // build/ in a checkout
        candidates.push_back(bin.parent_path().parent_path() / "config");              // build/<type>/
    }
    candidates.emplace_back(INFUSIONDOC_INSTALLED_CONFIG_DIR);
    for (const auto& dir : candidates) {
        out.tried.push_back(dir);
        if (looks_like_config(dir)) {
            out.dir = dir;
            out.found = true;
            return out;
        }
    }
    return out;
}

std::filesystem::path current_executable(const char* argv0) {
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) return self;
    return argv0 != nullptr ? std::filesystem::absolute(argv0, ec) : std::filesystem::path{};
}

}  // namespace infusion::app
