#pragma once
// A guard run before toml++ parses a file: refuses nesting deeper than max_nesting levels.
//
// toml++ 3.3 limits nested arrays and inline tables (256) but not dotted keys or table headers, and it
// recurses once per table level (update_region_ends() while parsing, the destructors after). A visit file
// well under 4 MiB such as "x.a.a.a... = 1" with ~40,000 levels overflowed the stack (SIGSEGV) inside
// toml::parse before any error could be reported. This scan bounds the depth that keys, headers, arrays
// and inline tables can add up to. It over-estimates (a float's dot counts as a key level) and stays far
// below any sensible file.
#include <string_view>

namespace infusion::settings {

inline constexpr int max_nesting = 512;

// Throws ReadError with line and column at the first place deeper than max_nesting.
void check_nesting(std::string_view text);

}  // namespace infusion::settings
