#pragma once
// Whole-number options as people write them. CLI11 reads "010" as octal (8) and "0x1" as hexadecimal,
// so `visits show 010` showed visit 8, and a number too large for 64 bits was clamped to the largest
// (`visits show 99999999999999999999` answered for visit 9223372036854775807). These options take
// decimal digits only; leading zeros are dropped ("010" is 10), and anything else is refused with the
// option's name and what it takes.
#include <CLI/CLI.hpp>

#include <cstdint>

namespace infusion::cli {

// `option` takes a decimal whole number from `minimum` to `maximum` (each value, for a list).
CLI::Option* decimal(CLI::Option* option, std::int64_t minimum, std::int64_t maximum = INT64_MAX);

}  // namespace infusion::cli
