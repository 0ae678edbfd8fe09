#pragma once
// What `infusiondoc --version` prints: the project version (CMake's project(VERSION), which is also the
// Debian package version) and the git commit the binary was built from.
#include <string>

namespace infusion::cli {

// Defined in a file generated at every build (scripts/cmake/build_commit.cmake): "0123456789ab", with "-dirty"
// when tracked files had uncommitted changes, or "unknown" outside a git checkout.
extern const char* const build_commit;

// "infusiondoc 0.1.0\ncommit 0123456789ab": the first line alone is what help2man and scripts read.
[[nodiscard]] std::string version_text();

}  // namespace infusion::cli
