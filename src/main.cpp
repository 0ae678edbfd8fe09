// InfusionDoc entry point.
// 1. Hand the arguments to the command-line front end (the window comes with a later issue).
// 2. Return its exit status: 0 billable, 1 held by documentation, 2 invalid input or usage.
#include "cli/cli.hpp"

#include <iostream>

int main(int argc, char** argv) { return infusion::cli::run(argc, argv, std::cout, std::cerr); }
