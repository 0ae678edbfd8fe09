#include "cli/number_options.hpp"

#include <charconv>
#include <string>

namespace infusion::cli {

CLI::Option* decimal(CLI::Option* option, std::int64_t minimum, std::int64_t maximum) {
    const std::string range =
        std::to_string(minimum) + (maximum == INT64_MAX ? " or more" : " to " + std::to_string(maximum));
    return option->transform(
        CLI::Validator(
            [minimum, maximum, range](std::string& text) -> std::string {
                const std::string shown = "'" + text + "'";
                if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
                    return shown + " is not a whole number in decimal digits (" + range + ")";
                }
                const std::size_t first = text.find_first_not_of('0');
                text = first == std::string::npos ? "0" : text.substr(first);
                std::int64_t value = 0;
                const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
                if (error == std::errc::result_out_of_range || (error == std::errc{} && value > maximum)) {
                    return shown + " is too large (" + range + ")";
                }
                if (error != std::errc{} || end != text.data() + text.size() || value < minimum) {
                    return shown + " is out of range (" + range + ")";
                }
                return {};
            },
            "NUMBER"),
        "decimal");
}

}  // namespace infusion::cli
