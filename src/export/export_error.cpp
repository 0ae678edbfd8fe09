#include "export/export_error.hpp"

namespace infusion::exporting {

void ensure_written(const std::ostream& out, std::string_view what) {
    if (!out) throw ExportError("could not write " + std::string(what) + ": the output stream failed");
}

}  // namespace infusion::exporting
