// Fuzz target: the configuration reader (settings/config): clinic.toml, coding-rules.toml,
// substances.toml and sites.toml, the files a clinic's IT edits by hand. The first byte picks the file.
// Properties: nothing crashes or hangs; a refused file has a message naming the file and, when it
// gives a line, a line the file has; a rules file that reads keeps every limit in its documented range.
#include "fuzz_input.hpp"
#include "settings/config.hpp"

#include <algorithm>

using namespace infusion;

namespace {

template <typename T>
void check_refusal(const core::Result<T>& read, std::string_view text, const std::string& name) {
    if (read) return;
    const core::Error& error = read.error();
    fuzz::require(!error.message.empty() && error.file == name, "a refused file without a message naming it",
                  error.describe());
    if (error.pos.line <= 0) return;  // no line given: the file need not be counted
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    fuzz::require(static_cast<std::size_t>(error.pos.line) <= lines, "an error on a line the file does not have",
                  error.describe());
}

void check_rules(const core::CodingRules& rules) {
    fuzz::require(!rules.version.empty(), "rules without a version");
    fuzz::require(rules.first_hour_minutes >= 1 && rules.additional_hour_minutes >= 1, "a time limit below 1");
    fuzz::require(rules.max_years_in_past >= 1 && rules.max_years_in_past <= 100, "max_years_in_past out of range");
    for (const auto& limit : rules.mue) {
        fuzz::require(!limit.code.empty() && limit.units >= 0 && limit.indicator >= 1 && limit.indicator <= 3,
                      "an MUE row out of range", limit.code);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::Input input(data, size);
    const std::size_t which = input.pick(4);
    const std::string_view text = input.rest();
    switch (which) {
        case 0: check_refusal(settings::parse_clinic(text, "clinic.toml"), text, "clinic.toml"); break;
        case 1: {
            const auto read = settings::parse_coding_rules(text, "coding-rules.toml");
            check_refusal(read, text, "coding-rules.toml");
            if (read) check_rules(read.value());
            break;
        }
        case 2: {
            const auto read = settings::parse_substances(text, "substances.toml");
            check_refusal(read, text, "substances.toml");
            if (read)
                for (const auto& substance : read.value().substances)
                    fuzz::require(!substance.hcpcs.empty() ? substance.billing_unit.amount > 0.0 : true,
                                  "a billed substance without a positive billing unit", substance.id);
            break;
        }
        default: {
            const auto read = settings::parse_sites(text, "sites.toml");
            check_refusal(read, text, "sites.toml");
            if (read)
                for (const auto& site : read.value().sites)
                    fuzz::require(site.x >= 0.0F && site.x <= 1.0F && site.y >= 0.0F && site.y <= 1.0F,
                                  "a site off the body map", site.id);
        }
    }
    return 0;
}
