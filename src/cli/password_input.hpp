#pragma once
// Reading a password for a command: from a file only its owner can read, or from the terminal with
// echo off. Never from an option's value or an environment variable, where other users of the machine
// (ps, /proc/PID/environ) and shell history would see it.
#include "core/result.hpp"

#include <optional>
#include <string>

namespace infusion::cli {

// With `file`: its first line (trailing newline removed), refused unless it is a regular file with no
// permission bits for group or others (mode & 077 == 0, as chmod 600 gives). Without: `prompt` on
// stderr and a line from the terminal without echo, refused when stdin is not a terminal.
[[nodiscard]] core::Result<std::string> read_password(const std::string& prompt,
                                                      const std::optional<std::string>& file);

// A new password: from `file` as above, or asked twice at the terminal and refused when they differ.
[[nodiscard]] core::Result<std::string> read_new_password(const std::string& prompt,
                                                          const std::optional<std::string>& file);

}  // namespace infusion::cli
