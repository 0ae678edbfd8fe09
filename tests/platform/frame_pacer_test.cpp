// platform/frame_pacer: an idle window sleeps until its next deadline; input buys a few frames.
#include "platform/frame_pacer.hpp"

#include <doctest/doctest.h>

using infusion::platform::FramePacer;
using Kind = FramePacer::Kind;

namespace {

void settle(FramePacer& pacer) {
    for (int i = 0; i < FramePacer::settle_frames; ++i) {
        CHECK(pacer.next_wait(FramePacer::never).kind == Kind::none);
        pacer.frame_drawn();
    }
}

}  // namespace

TEST_CASE("FramePacer: settle frames after start, then sleep until an event when nothing is due") {
    FramePacer pacer;
    settle(pacer);
    CHECK(pacer.next_wait(FramePacer::never).kind == Kind::until_event);
    pacer.frame_drawn();  // a frame after a due time: still asleep afterwards, no redraw asked
    CHECK(pacer.next_wait(FramePacer::never).kind == Kind::until_event);
}

TEST_CASE("FramePacer: sleeps exactly until the next deadline, however far (the idle lock's 5 minutes)") {
    FramePacer pacer;
    settle(pacer);
    const auto lock = pacer.next_wait(300.0);
    CHECK(lock.kind == Kind::until_timeout);
    CHECK(lock.seconds >= 300.0);
    CHECK(lock.seconds < 300.0 + 0.01);
    const auto timer = pacer.next_wait(0.25);  // a running timer's next second is a quarter second away
    CHECK(timer.kind == Kind::until_timeout);
    CHECK(timer.seconds == doctest::Approx(0.25).epsilon(0.01));
    CHECK(pacer.next_wait(0.0).kind == Kind::none);  // due now: draw without waiting
    CHECK(pacer.next_wait(-3.0).kind == Kind::none);
}

TEST_CASE("FramePacer: input wakes it whatever the deadline, for settle_frames frames") {
    FramePacer pacer;
    settle(pacer);
    pacer.note_event();
    CHECK(pacer.next_wait(300.0).kind == Kind::none);
    pacer.frame_drawn();
    pacer.note_event();  // an event while settling starts the count again
    for (int i = 0; i < FramePacer::settle_frames; ++i) {
        CHECK(pacer.next_wait(300.0).kind == Kind::none);
        pacer.frame_drawn();
    }
    CHECK(pacer.next_wait(300.0).kind == Kind::until_timeout);
}

TEST_CASE("FramePacer: a limit (a delayed screenshot's capture) caps the wait") {
    FramePacer pacer;
    settle(pacer);
    const auto capped = pacer.next_wait(FramePacer::never, 2.5);
    CHECK(capped.kind == Kind::until_timeout);
    CHECK(capped.seconds == doctest::Approx(2.5));
    CHECK(pacer.next_wait(1.0, 2.5).seconds == doctest::Approx(1.0 + FramePacer::margin_seconds));
    CHECK(pacer.next_wait(FramePacer::never, 0.0).kind == Kind::none);
}
