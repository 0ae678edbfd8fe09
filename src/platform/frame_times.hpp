#pragma once
// With INFUSIONDOC_FRAME_TIMES=FILE set, the window appends one line per frame it draws to FILE: the
// frame's CPU time and wall time in microseconds, "cpu_us<TAB>wall_us", from the start of building the
// frame to the end of showing it. scripts/bench reads it to compare a frame on a large database with one
// on an empty database; the idle bench counts its lines. Unset or empty: nothing is measured or written.
#include <cstdio>
#include <ctime>
#include <memory>

namespace infusion::platform {

class FrameTimes {
public:
    // Opens the file INFUSIONDOC_FRAME_TIMES names (truncated), or says on stderr why it cannot.
    [[nodiscard]] static FrameTimes from_environment();

    [[nodiscard]] bool enabled() const { return m_file != nullptr; }
    void frame_begins();
    void frame_ends();  // writes the line and flushes it: a window closed by a signal loses nothing

private:
    struct Closer {
        void operator()(std::FILE* f) const { (void)std::fclose(f); }
    };
    std::unique_ptr<std::FILE, Closer> m_file;
    timespec m_cpu{};
    timespec m_wall{};
};

}  // namespace infusion::platform
