#pragma once
// Use case: code visit files. Reads each file, validates and derives its billing lines.
#include "core/derive.hpp"
#include "core/result.hpp"
#include "settings/config.hpp"
#include "settings/visit_file.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace infusion::app {

struct CodedFile {
    std::string file;
    std::optional<core::Error> error;  // the file could not be read or is not a valid visit file
    settings::VisitFile visit;         // valid when !error
    core::Coding coding;               // valid when !error; problems include the file's own notices

    [[nodiscard]] bool valid() const { return !error.has_value(); }
    // Where a problem's field stands in the file, when known.
    [[nodiscard]] core::SourcePos position(const std::string& field) const;
};

// Coded against the clinic's today (system clock) so an implausible date of service is an error
// ([ed. 2]); tests pass `today` to stay independent of the calendar.
[[nodiscard]] CodedFile code_file(const std::filesystem::path& file, const settings::Config& config);
[[nodiscard]] CodedFile code_file(const std::filesystem::path& file, const settings::Config& config,
                                  std::optional<std::chrono::year_month_day> today);
[[nodiscard]] CodedFile code_text(std::string_view text, const std::string& name, const settings::Config& config);
[[nodiscard]] CodedFile code_text(std::string_view text, const std::string& name, const settings::Config& config,
                                  std::optional<std::chrono::year_month_day> today);

// Exit status of `infusiondoc code`: 2 when a file is unreadable or invalid, else 1 when a visit is
// blocked by its documentation, else 0.
[[nodiscard]] int code_exit_status(const std::vector<CodedFile>& files);

}  // namespace infusion::app
