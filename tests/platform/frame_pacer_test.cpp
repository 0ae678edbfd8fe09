// platform/frame_pacer: an idle window sleeps; input buys a few frames; a running timer ticks.
#include "platform/frame_pacer.hpp"

#include <doctest/doctest.h>

using infusion::platform::FramePacer;
using Wait = FramePacer::Wait;

TEST_CASE("FramePacer: settle frames after start and after each event, then sleep") {
    FramePacer pacer;
    for (int i = 0; i < FramePacer::settle_frames; ++i) {
        CHECK(pacer.next_wait(false) == Wait::none);
        pacer.frame_drawn();
    }
    CHECK(pacer.next_wait(false) == Wait::until_event);
    CHECK(pacer.next_wait(true) == Wait::until_tick);

    pacer.frame_drawn();  // the frame after a tick: still asleep afterwards
    CHECK(pacer.next_wait(false) == Wait::until_event);

    pacer.note_event();
    CHECK(pacer.next_wait(true) == Wait::none);
    pacer.frame_drawn();
    pacer.note_event();  // an event while settling starts the count again
    for (int i = 0; i < FramePacer::settle_frames; ++i) {
        CHECK(pacer.next_wait(false) == Wait::none);
        pacer.frame_drawn();
    }
    CHECK(pacer.next_wait(false) == Wait::until_event);
}
