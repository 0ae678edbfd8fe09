#pragma once
// A stored visit as a visit file (infusiondoc-visit-1, docs/visit-file.md): `visits show --format toml`.
#include "core/visit.hpp"

#include <string>

namespace infusion::app {

[[nodiscard]] std::string visit_file_text(const core::Visit& visit);

}  // namespace infusion::app
