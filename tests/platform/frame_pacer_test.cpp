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

TEST_CASE("FramePacer: while the last settle frame still changes the picture, one more frame, up to a cap") {
    FramePacer pacer;
    settle(pacer);
    pacer.note_event();
    // A click's release opens a screen: its first frames lay it out, and each changes the picture.
    int made = 0;
    while (pacer.next_wait(FramePacer::never).kind == Kind::none && made < 100) {
        ++made;
        pacer.frame_drawn(made <= FramePacer::settle_frames + 2);  // the layout moves twice more, then stays
    }
    CHECK(made == FramePacer::settle_frames + 3);  // the two that moved, and the one that showed it stopped
    CHECK(pacer.next_wait(FramePacer::never).kind == Kind::until_event);

    // Frames that never stop changing (an animation) stop at the cap: an input never costs more.
    pacer.note_event();
    made = 0;
    while (pacer.next_wait(FramePacer::never).kind == Kind::none && made < 100) {
        ++made;
        pacer.frame_drawn(true);
    }
    CHECK(made == FramePacer::settle_frames + FramePacer::most_extra_frames);

    // Pictures that do not change (the pointer moved over empty space) end with the settle frames.
    pacer.note_event();
    made = 0;
    while (pacer.next_wait(FramePacer::never).kind == Kind::none && made < 100) {
        ++made;
        pacer.frame_drawn(false);
    }
    CHECK(made == FramePacer::settle_frames);
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

TEST_CASE("ChangeWatch: an idle window looks once a second and draws only when something changed elsewhere") {
    using infusion::platform::ChangeWatch;
    FramePacer pacer;
    settle(pacer);
    ChangeWatch watch(true, 1.0, 100.0);
    int asked = 0;
    bool changed = false;
    const std::function<bool()> ask = [&] {
        ++asked;
        return changed;
    };
    // Idle on Today (nothing due for 5 minutes): the loop sleeps a second at most, not five minutes.
    const auto wait = pacer.next_wait(300.0, watch.seconds_left(100.0));
    CHECK(wait.kind == Kind::until_timeout);
    CHECK(wait.seconds == doctest::Approx(1.0));
    // Woken at the look: nothing changed, so no frame, and the next look is a second later.
    CHECK_FALSE(watch.frame_wanted(101.0, false, ask));
    CHECK(asked == 1);
    CHECK(watch.seconds_left(101.0) == doctest::Approx(1.0));
    // Woken early by something else that draws anyway: no extra question before the second is up.
    CHECK(watch.frame_wanted(101.5, true, ask));
    CHECK(asked == 1);
    // Another workstation saved: the next look draws a frame.
    changed = true;
    CHECK(watch.frame_wanted(102.0, false, ask));
    CHECK(asked == 2);
}

TEST_CASE("ChangeWatch: without a question to ask, the window sleeps as before, until its own deadline") {
    using infusion::platform::ChangeWatch;
    FramePacer pacer;
    settle(pacer);
    ChangeWatch off(false, 1.0, 0.0);
    CHECK(off.seconds_left(0.0) == FramePacer::never);
    CHECK(pacer.next_wait(FramePacer::never, off.seconds_left(0.0)).kind == Kind::until_event);
    CHECK_FALSE(off.frame_wanted(5.0, false, {}));
}
