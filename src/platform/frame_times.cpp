#include "platform/frame_times.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace infusion::platform {
namespace {

constexpr const char* environment_variable = "INFUSIONDOC_FRAME_TIMES";

timespec now(clockid_t clock) {
    timespec t{};
    (void)clock_gettime(clock, &t);
    return t;
}

long long microseconds_between(const timespec& a, const timespec& b) {
    return (static_cast<long long>(b.tv_sec) - a.tv_sec) * 1'000'000 + (b.tv_nsec - a.tv_nsec) / 1000;
}

}  // namespace

FrameTimes FrameTimes::from_environment() {
    FrameTimes times;
    const char* file = std::getenv(environment_variable);  // NOLINT(concurrency-mt-unsafe): main thread only
    if (file == nullptr || *file == '\0') return times;
    times.m_file.reset(std::fopen(file, "w"));  // NOLINT(cppcoreguidelines-owning-memory): owned by m_file
    if (!times.m_file) {
        std::cerr << "infusiondoc: " << environment_variable << ": cannot write " << file << " ("
                  << std::strerror(errno) << "); frame times are not recorded\n";  // NOLINT(concurrency-mt-unsafe)
    }
    return times;
}

void FrameTimes::frame_begins() {
    if (!m_file) return;
    // The process's CPU time, not the thread's: the OpenGL driver may rasterise on its own threads.
    m_cpu = now(CLOCK_PROCESS_CPUTIME_ID);
    m_wall = now(CLOCK_MONOTONIC);
}

void FrameTimes::frame_ends(long long pixels_drawn) {
    if (!m_file) return;
    const long long cpu = microseconds_between(m_cpu, now(CLOCK_PROCESS_CPUTIME_ID));
    const long long wall = microseconds_between(m_wall, now(CLOCK_MONOTONIC));
    std::fprintf(m_file.get(), "%lld\t%lld\t%d\t%lld\n", cpu, wall, pixels_drawn > 0 ? 1 : 0, pixels_drawn);
    (void)std::fflush(m_file.get());
}

}  // namespace infusion::platform
