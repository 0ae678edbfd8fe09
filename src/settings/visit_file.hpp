#pragma once
// The visit file, format 1 (docs/visit-file.md): a TOML file describing one visit.
// A public contract: clinics write these from other systems. Reading never guesses: a syntax or type
// error, an unknown site or an unknown value is an Error with file, line and column. Keys that format 1
// does not know are kept out of the visit and reported as warnings, so nothing is dropped silently.
#include "core/catalog.hpp"
#include "core/problem.hpp"
#include "core/result.hpp"
#include "core/visit.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace infusion::settings {

inline constexpr const char* visit_format_1 = "infusiondoc-visit-1";
inline constexpr std::size_t max_visit_file_bytes = 4U * 1024U * 1024U;

struct VisitFile {
    core::Visit visit;
    std::vector<core::Problem> notices;                // warnings about the file itself (unknown keys)
    std::map<std::string, core::SourcePos> positions;  // field path -> line and column
};

[[nodiscard]] core::Result<VisitFile> read_visit_file(const std::filesystem::path& file,
                                                      const core::SiteCatalog& sites);
[[nodiscard]] core::Result<VisitFile> parse_visit(std::string_view text, const std::string& source_name,
                                                  const core::SiteCatalog& sites);

// Writes a visit as a format-1 file that reads back to the same visit.
[[nodiscard]] std::string write_visit(const core::Visit& visit);

}  // namespace infusion::settings
