// Fuzz target: the visit-file reader (settings/visit_file, docs/visit-file.md), the file other systems
// write and `code`/`import` read, then the coding of what it read. Properties: nothing crashes; a
// refused file has a message naming it; a visit that reads writes back (write_visit) to a file that
// reads to the same visit, written the same; validate() and derive() take any visit the reader gives
// and derive() is deterministic and bills nothing while an error stands.
#include "core/derive.hpp"
#include "core/validate.hpp"
#include "fuzz_input.hpp"
#include "settings/config.hpp"
#include "settings/visit_file.hpp"

using namespace infusion;

namespace {

// The shipped configuration (config/), so the visit's sites and substances are the real ones. Read once,
// and its coding context (which looks the clinic's zone up in tzdata) made once, as the program does
// for a batch of visits: per input they only cost time the fuzzer should spend on the visit.
const settings::Config& config() {
    static const settings::Config loaded = [] {
        auto read = settings::load_config(std::filesystem::path(INFUSIONDOC_SOURCE_DIR) / "config");
        if (!read) fuzz::fail("cannot read config/", read.error().describe());
        return std::move(read).value();
    }();
    return loaded;
}

const core::CodingContext& coding_context() {
    static const core::CodingContext made = config().context();
    return made;
}

bool has_error(const std::vector<core::Problem>& problems) {
    for (const auto& problem : problems)
        if (problem.severity == core::Severity::error) return true;
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const settings::Config& cfg = config();
    const auto read = settings::parse_visit(text, "fuzz.toml", cfg.sites);
    if (!read) {
        fuzz::require(!read.error().message.empty() && read.error().file == "fuzz.toml",
                      "a refused visit file without a message naming it", read.error().describe());
        return 0;
    }
    const core::Visit& visit = read.value().visit;

    const std::string written = settings::write_visit(visit);
    const auto again = settings::parse_visit(written, "written.toml", cfg.sites);
    fuzz::require(again.ok(), "write_visit() wrote a file the reader refuses",
                  (again ? std::string() : again.error().describe()) + "\n" + written);
    fuzz::require(again.value().notices.empty(), "write_visit() wrote keys the reader does not know", written);
    const std::string rewritten = settings::write_visit(again.value().visit);
    fuzz::require(rewritten == written, "a written visit does not read back to the same visit",
                  written + "\n--- written again ---\n" + rewritten);

    const core::CodingContext& context = coding_context();
    const auto problems = core::validate(visit, context);
    const core::Coding coding = core::derive(visit, context);
    const core::Coding twice = core::derive(visit, context);
    fuzz::require(coding.lines.size() == twice.lines.size() && coding.problems.size() == twice.problems.size() &&
                      coding.billable == twice.billable,
                  "derive() gave two answers for one visit", written);
    fuzz::require(coding.billable == !has_error(coding.problems), "billable disagrees with the problems", written);
    fuzz::require(coding.billable || coding.lines.empty(), "a blocked visit has billing lines", written);
    fuzz::require(!has_error(problems) || !coding.billable, "validate() found an error derive() bills over", written);
    return 0;
}
