#pragma once
// Runs the real program (or a test helper) as a child process, reads its output and kills it with
// SIGKILL mid-way, as a power cut or the task manager would.
#include <sys/types.h>
#include <cstdio>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace infusion::test {

// Starts `args` (args[0] is the program path) with stdout on a pipe; returns the pid and the read end.
std::pair<pid_t, FILE*> spawn(const std::vector<std::string>& args);

// Runs `args` to its end; returns its exit status (-1 when a signal ended it) and adds everything it
// printed (stdout and stderr) to `said`, for the failure message.
int run_to_end(const std::vector<std::string>& args, std::string& said);

// Reads lines until `wanted` of them contain `marker`, kills the child with SIGKILL, reads what it had
// already printed, reaps it and returns every line.
std::vector<std::string> read_lines_then_kill(pid_t pid, FILE* out, const std::string& marker, int wanted);

// Runs `body` in a forked child that must die of SIGKILL (the body raises it at the moment under test;
// a body that returns fails the test) and reaps it.
void run_until_killed(const std::function<void()>& body);

}  // namespace infusion::test
