#pragma once
// Output of `infusiondoc code`: a readable table (text) or one JSON object per file per line (json).
#include "app/code_visits.hpp"

#include <iosfwd>

namespace infusion::cli {

void write_text_report(const app::CodedFile& file, std::ostream& out);
void write_json_report(const app::CodedFile& file, std::ostream& out);
// "FILE:LINE:COL: what" for an invalid file, on stderr.
void write_file_error(const app::CodedFile& file, std::ostream& err);

}  // namespace infusion::cli
