#include "app/code_visits.hpp"

#include "app/signing_check.hpp"

namespace infusion::app {
namespace {

std::optional<std::chrono::year_month_day> system_today(const settings::Config& config) {
    return clinic_today(config, std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

CodedFile finish(CodedFile out, core::Result<settings::VisitFile> read, const settings::Config& config,
                 std::optional<std::chrono::year_month_day> today) {
    if (!read) {
        out.error = read.error();
        return out;
    }
    out.visit = std::move(read.value());
    core::CodingContext context = config.context();
    context.today = today;
    out.coding = core::derive(out.visit.visit, context);
    // Unknown keys are warnings about the file: they never block, but a biller should see them.
    out.coding.problems.insert(out.coding.problems.end(), out.visit.notices.begin(), out.visit.notices.end());
    return out;
}

}  // namespace

core::SourcePos CodedFile::position(const std::string& field) const {
    // The deepest recorded path that the field starts with ("pump_setups[0].stop" or its parents).
    std::string key = field;
    while (!key.empty()) {
        if (auto it = visit.positions.find(key); it != visit.positions.end()) return it->second;
        const auto cut = key.find_last_of(".[");
        if (cut == std::string::npos) break;
        key.resize(cut);
    }
    return {};
}

CodedFile code_file(const std::filesystem::path& file, const settings::Config& config) {
    return code_file(file, config, system_today(config));
}

CodedFile code_file(const std::filesystem::path& file, const settings::Config& config,
                    std::optional<std::chrono::year_month_day> today) {
    CodedFile out;
    out.file = file.string();
    return finish(std::move(out), settings::read_visit_file(file, config.sites), config, today);
}

CodedFile code_text(std::string_view text, const std::string& name, const settings::Config& config) {
    return code_text(text, name, config, system_today(config));
}

CodedFile code_text(std::string_view text, const std::string& name, const settings::Config& config,
                    std::optional<std::chrono::year_month_day> today) {
    CodedFile out;
    out.file = name;
    return finish(std::move(out), settings::parse_visit(text, name, config.sites), config, today);
}

int code_exit_status(const std::vector<CodedFile>& files) {
    int status = 0;
    for (const auto& f : files) {
        if (!f.valid()) return 2;
        if (!f.coding.billable) status = 1;
    }
    return status;
}

}  // namespace infusion::app
