#include "app/visit_files.hpp"

#include "settings/visit_file.hpp"

namespace infusion::app {

std::string visit_file_text(const core::Visit& visit) { return settings::write_visit(visit); }

}  // namespace infusion::app
