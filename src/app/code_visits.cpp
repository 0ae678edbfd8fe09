#include "app/code_visits.hpp"

namespace infusion::app {
namespace {

CodedFile finish(CodedFile out, core::Result<settings::VisitFile> read, const settings::Config& config) {
    if (!read) {
        out.error = read.error();
        return out;
    }
    out.visit = std::move(read.value());
    out.coding = core::derive(out.visit.visit, config.context());
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
    CodedFile out;
    out.file = file.string();
    return finish(std::move(out), settings::read_visit_file(file, config.sites), config);
}

CodedFile code_text(std::string_view text, const std::string& name, const settings::Config& config) {
    CodedFile out;
    out.file = name;
    return finish(std::move(out), settings::parse_visit(text, name, config.sites), config);
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
