#pragma once
// The CSV charge file (billing-formats.md section 1; columns and rules in docs/export-csv.md).
//
// Streaming: the caller writes the header once, then lines in chunks of any size, so a year of lines
// never has to be in memory at once. RFC 4180 (comma, CRLF, quotes doubled), UTF-8 without a BOM.
// Both functions throw ExportError for a line that is not a correct charge (nothing of that chunk's bad
// line is written) or when the stream fails.
#include "export/charge.hpp"

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace infusion::exporting {

// The column names in file order: a public contract, documented column by column in docs/export-csv.md.
[[nodiscard]] const std::vector<std::string_view>& csv_columns();

void write_csv_header(std::ostream& out);
void write_csv_lines(std::ostream& out, const std::vector<ChargeLine>& lines);

// The same bytes appended to `out`: the export formats a whole file's worth of lines into one reused
// buffer and writes it in large chunks. Checks every line first, as write_csv_lines does.
void append_csv_header(std::string& out);
// `guard_apostrophe` false: a free-text value that begins with an apostrophe gets none added, as files
// written before 2026-12-04 were (a re-export of such a batch writes its bytes again).
void append_csv_lines(std::string& out, std::span<const ChargeLine> lines, bool guard_apostrophe = true);

}  // namespace infusion::exporting
