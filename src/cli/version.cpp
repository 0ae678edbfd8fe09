#include "cli/version.hpp"

namespace infusion::cli {

std::string version_text() { return std::string("infusiondoc ") + INFUSIONDOC_VERSION + "\ncommit " + build_commit; }

}  // namespace infusion::cli
