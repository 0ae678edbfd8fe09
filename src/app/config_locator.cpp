#include "app/config_locator.hpp"

#include <algorithm>
#include <system_error>

#ifndef INFUSIONDOC_INSTALLED_CONFIG_DIR
#define INFUSIONDOC_INSTALLED_CONFIG_DIR "/usr/local/share/infusiondoc/config"
#endif
#ifndef INFUSIONDOC_INSTALLED_SYSCONF_DIR
#define INFUSIONDOC_INSTALLED_SYSCONF_DIR "/usr/local/etc/infusiondoc"
#endif

namespace infusion::app {
namespace {

bool looks_like_config(const std::filesystem::path& dir) {
    std::error_code ec;
    return std::filesystem::is_regular_file(dir / "coding-rules.toml", ec);
}

// The clinic's own folder (/etc/infusiondoc) counts as soon as it holds any of the configuration files:
// an edited clinic.toml beside a deleted coding-rules.toml must stop with "coding-rules.toml missing",
// not be skipped in silence for the package's defaults.
bool looks_like_clinic_config(const std::filesystem::path& dir) {
    std::error_code ec;
    for (const char* name : {"coding-rules.toml", "clinic.toml", "substances.toml", "sites.toml"}) {
        if (std::filesystem::is_regular_file(dir / name, ec)) return true;
    }
    return false;
}

// <prefix>/bin/infusiondoc -> the prefix's sysconfdir, as GNUInstallDirs places it: /usr -> /etc,
// anything else (/usr/local, /opt/infusiondoc) -> <prefix>/etc. Derived from the program's own path, so
// a package unpacked into a scratch root (dpkg -x ROOT) finds ROOT/etc/infusiondoc.
std::filesystem::path sysconf_dir_of(const std::filesystem::path& prefix) {
    if (prefix.filename() == "usr") return prefix.parent_path() / "etc" / "infusiondoc";
    return prefix / "etc" / "infusiondoc";
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
    struct Candidate {
        std::filesystem::path dir;
        bool clinic_copy = false;  // the clinic's editable folder: see looks_like_clinic_config
    };
    std::vector<Candidate> candidates{{search.working_dir / "config"}};
    if (!search.executable.empty()) {
        const auto prefix = search.executable.parent_path().parent_path();
        candidates.push_back({sysconf_dir_of(prefix), true});                 // /etc/infusiondoc: the clinic's copy
        candidates.push_back({prefix / "share" / "infusiondoc" / "config"});  // the package's defaults
        candidates.push_back({prefix / "config"});                            // build/ in a checkout
        candidates.push_back({prefix.parent_path() / "config"});              // build/<type>/
    }
    candidates.push_back({INFUSIONDOC_INSTALLED_SYSCONF_DIR, true});
    candidates.push_back({INFUSIONDOC_INSTALLED_CONFIG_DIR});
    for (const auto& [dir, clinic_copy] : candidates) {
        if (std::find(out.tried.begin(), out.tried.end(), dir) != out.tried.end()) continue;
        out.tried.push_back(dir);
        if (clinic_copy ? looks_like_clinic_config(dir) : looks_like_config(dir)) {
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
