#pragma once
// The command-line front end. run() is main() without the process: tests call it with their own streams.
#include <iosfwd>

namespace infusion::cli {

[[nodiscard]] int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace infusion::cli
