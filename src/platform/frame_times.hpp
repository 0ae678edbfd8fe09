#pragma once
// With INFUSIONDOC_FRAME_TIMES=FILE set, the window appends one line per frame it makes to FILE: the
// frame's CPU time and wall time in microseconds, whether it was drawn and how many pixels were,
// "cpu_us<TAB>wall_us<TAB>drawn<TAB>pixels", from the start of building the frame to the end of showing
// it. `drawn` is 1 when the frame was rendered and shown, 0 when its picture was the one already on
// screen and it was not (ChangedArea); `pixels` is the area drawn again (the whole window's when all of
// it was, less when only a part changed: OffscreenPicture), 0 when not drawn.
// scripts/bench reads it to compare a frame on a large database with one on an empty database; the idle
// tests count its lines (every frame the window woke for). Unset or empty: nothing is measured or written.
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
    // Writes the line and flushes it: a window closed by a signal loses nothing.
    void frame_ends(long long pixels_drawn);

private:
    struct Closer {
        void operator()(std::FILE* f) const { (void)std::fclose(f); }
    };
    std::unique_ptr<std::FILE, Closer> m_file;
    timespec m_cpu{};
    timespec m_wall{};
};

}  // namespace infusion::platform
