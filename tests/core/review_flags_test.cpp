// The review flags of a signed revision (core/review_flags.hpp, docs/review.md "The queue and its flags"):
// each flag from what the nurse documented, and the priority order the supervisor's queue follows.
#include "core/review_flags.hpp"
#include "core_test_helpers.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace infusion;
namespace flag = core::review_flag;

namespace {

// A visit of two checked, prepped and secured needles and no note: nothing for the reviewer.
core::Visit clean_visit() {
    core::Visit v = test::sample_visit(75);
    v.notes.clear();
    v.pump_setups = {coretest::setup_minutes(0, 75, "abdomen-left-lower abdomen-right-lower")};
    return v;
}

std::uint32_t flags_of(const core::Visit& v, core::SignedFacts facts = {}, int threshold = 240) {
    facts.infusion_minutes = facts.infusion_minutes.value_or(75);
    return core::review_flags(v, facts, core::ReviewSettings{threshold});
}

core::Note note(core::NoteKind kind) { return core::Note{test::at(2026, 3, 2, 9, 40), kind, "text"}; }

}  // namespace

TEST_CASE("review flags: a complete visit without notes carries none") { CHECK(flags_of(clean_visit()) == 0); }

TEST_CASE("review flags: a reaction or a site-condition note flags a reaction, other notes do not") {
    for (auto kind : {core::NoteKind::reaction, core::NoteKind::site_condition}) {
        core::Visit v = clean_visit();
        v.notes.push_back(note(kind));
        CHECK(flags_of(v) == flag::reaction);
    }
    for (auto kind : {core::NoteKind::general, core::NoteKind::monitoring, core::NoteKind::instructions}) {
        core::Visit v = clean_visit();
        v.notes.push_back(note(kind));
        CHECK(flags_of(v) == 0);
    }
}

TEST_CASE("review flags: a needle that returned blood is flagged, and its missing prep or securing is no gap") {
    core::Visit v = clean_visit();
    auto& removed = v.pump_setups[0].sites[1];
    removed.aspiration = core::Aspiration::blood;
    removed.prepped.reset();
    removed.secured = false;
    CHECK(flags_of(v) == flag::blood_return);
}

TEST_CASE("review flags: each checklist gap of a usable needle") {
    SUBCASE("aspiration not checked") {
        core::Visit v = clean_visit();
        v.pump_setups[0].sites[0].aspiration = core::Aspiration::not_checked;
        CHECK(flags_of(v) == flag::aspiration_unchecked);
    }
    SUBCASE("aspiration not recorded") {
        core::Visit v = clean_visit();
        v.pump_setups[0].sites[0].aspiration.reset();
        CHECK(flags_of(v) == flag::aspiration_unchecked);
    }
    SUBCASE("prep not recorded, or recorded as not done") {
        core::Visit v = clean_visit();
        v.pump_setups[0].sites[0].prepped.reset();
        CHECK(flags_of(v) == flag::prep_missing);
        v.pump_setups[0].sites[0].prepped = false;
        CHECK(flags_of(v) == flag::prep_missing);
    }
    SUBCASE("securing not recorded, or recorded as not done") {
        core::Visit v = clean_visit();
        v.pump_setups[0].sites[1].secured.reset();
        CHECK(flags_of(v) == flag::securing_missing);
        v.pump_setups[0].sites[1].secured = false;
        CHECK(flags_of(v) == flag::securing_missing);
    }
    SUBCASE("a gap in a second set-up counts too") {
        core::Visit v = clean_visit();
        v.pump_setups.push_back(coretest::setup_minutes(90, 120, "thigh-left"));
        v.pump_setups[1].sites[0].secured.reset();
        CHECK(flags_of(v) == flag::securing_missing);
    }
}

TEST_CASE("review flags: billing held") {
    CHECK(flags_of(clean_visit(), {false, 75}) == flag::billing_held);
    CHECK(flags_of(clean_visit(), {true, 75}) == 0);
}

TEST_CASE("review flags: a long infusion is one over the clinic's threshold") {
    CHECK(flags_of(clean_visit(), {true, 240}) == 0);  // over, not at
    CHECK(flags_of(clean_visit(), {true, 241}) == flag::long_infusion);
    CHECK(flags_of(clean_visit(), {true, 100}, 90) == flag::long_infusion);
    CHECK(core::review_flags(clean_visit(), {true, std::nullopt}, {}) == 0);  // no time known: not long

    // Another threshold changes long_infusion only.
    const std::uint32_t signed_flags = flag::reaction | flag::long_infusion;
    CHECK(core::with_long_infusion_threshold(signed_flags, 300, {360}) == flag::reaction);
    CHECK(core::with_long_infusion_threshold(flag::reaction, 300, {120}) == signed_flags);
    CHECK(core::with_long_infusion_threshold(signed_flags, std::nullopt, {0}) == flag::reaction);
}

TEST_CASE("review priority: a higher category outranks any mix of lower ones") {
    CHECK(core::review_priority(0) == 0);
    CHECK(core::review_priority(flag::reaction) == 32);
    CHECK(core::review_priority(flag::blood_return) == 16);
    CHECK(core::review_priority(flag::billing_held) == 8);
    CHECK(core::review_priority(flag::prep_missing) == 2);
    CHECK(core::review_priority(flag::checklist_gaps) == 6);  // the gaps add up
    CHECK(core::review_priority(flag::long_infusion) == 1);
    CHECK(core::review_priority(flag::no_follow_up) == 0);  // depends on the day read, not the record
    CHECK(core::max_review_priority == 63);

    // The categories in order, one flag of each; each outweighs every flag of the categories below.
    const std::uint32_t one_of[] = {flag::reaction, flag::blood_return, flag::billing_held, flag::prep_missing,
                                    flag::long_infusion};
    const std::uint32_t all_below[] = {
        flag::blood_return | flag::billing_held | flag::checklist_gaps | flag::long_infusion,
        flag::billing_held | flag::checklist_gaps | flag::long_infusion, flag::checklist_gaps | flag::long_infusion,
        flag::long_infusion, 0};
    for (std::size_t i = 0; i < std::size(one_of); ++i) {
        CAPTURE(i);
        CHECK(core::review_priority(one_of[i]) > core::review_priority(all_below[i]));
    }
}

TEST_CASE("review priority: the table lists the flags most important first, each bit once") {
    std::uint32_t all = 0;
    int last_weight = 1000;
    for (const auto& info : core::review_flag_table) {
        CAPTURE(info.name);
        CHECK((all & info.bit) == 0);
        all |= info.bit;
        CHECK(info.weight <= last_weight);
        last_weight = info.weight;
        CHECK(std::string(info.meaning).size() > 10);
    }
    CHECK(all == (flag::of_revision | flag::no_follow_up));
}

TEST_CASE("review priority: the priorities a flag filter can meet") {
    // Only reaction rows: 32 and above.
    const auto reaction = core::review_priorities_with_any(flag::reaction);
    CHECK(reaction.front() == 63);
    CHECK(reaction.back() == 32);
    CHECK(reaction.size() == 32);
    // Long infusion: the odd priorities, each exactly once, highest first.
    const auto odd = core::review_priorities_with_any(flag::long_infusion);
    CHECK(odd.size() == 32);
    CHECK(std::all_of(odd.begin(), odd.end(), [](int p) { return p % 2 == 1; }));
    CHECK(std::is_sorted(odd.rbegin(), odd.rend()));
    // Every priority a row with the flag can have is listed: checked against every combination.
    for (std::uint32_t flags = 0; flags <= flag::of_revision; ++flags) {
        const auto prio = core::review_priority(flags);
        const auto gaps = core::review_priorities_with_any(flag::checklist_gaps);
        if ((flags & flag::checklist_gaps) != 0) {
            CHECK(std::find(gaps.begin(), gaps.end(), prio) != gaps.end());
        }
    }
    CHECK(core::review_priorities_with_any(flag::no_follow_up).empty());
    CHECK(core::review_priorities_with_any(0).empty());
}
