// The review store's contract (every backend): flags and priorities, the queue's order and pages,
// site-care notes, countersigning once, correction requests and their resolution. What the sqlite3 shell
// cannot do and migration 4's backfill: review_record_safety_test.cpp.
#include "storage/review_fixture.hpp"

#include <doctest/doctest.h>

using namespace infusion;
using namespace infusion::test::review;

TEST_CASE("contract: review flags and priorities are computed from the signed record") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        const auto ids = flagged_visits(*db);
        (void)db->visits().create_draft(test::sample_visit(), test::actor());  // drafts are not reviewed
        const auto rows = rows_by_id(*db);
        CHECK(rows.size() == ids.size());
        const std::map<std::string, std::pair<std::uint32_t, int>> expected{
            {"plain", {0, 0}},
            {"blood", {flag::blood_return, 16}},
            {"reaction", {flag::reaction, 32}},
            {"site-condition", {flag::reaction, 32}},
            {"prep", {flag::prep_missing, 2}},
            {"unchecked", {flag::aspiration_unchecked, 2}},
            {"unsecured", {flag::securing_missing, 2}},
            {"long", {flag::long_infusion, 1}},
            {"held", {flag::billing_held, 8}},
        };
        for (const auto& [name, want] : expected) {
            CAPTURE(name);
            const auto& row = rows.at(ids.at(name));
            CHECK((row.flags & stored_flags) == want.first);
            CHECK(row.priority == want.second);
            CHECK(row.priority == core::review_priority(row.flags));
            CHECK(row.state == storage::ReviewState::pending);
            CHECK(row.patient_id == "MRN-004211");
            CHECK(row.nurse == "rn.okafor");
            CHECK(row.days_since == 18);
        }
        // Another threshold (the clinic changed clinic.toml [review]) re-flags the queue: every visit of
        // 75 minutes becomes long at 60, and is long no more at 240 again.
        CHECK(db->reviews().apply_review_settings({60}, test::actor()).value() == 8);
        CHECK(rows_by_id(*db).at(ids.at("plain")).flags == (flag::long_infusion | flag::no_follow_up));
        CHECK(rows_by_id(*db).at(ids.at("plain")).priority == 1);
        CHECK(rows_by_id(*db).at(ids.at("reaction")).priority == 33);
        CHECK(db->reviews().apply_review_settings({60}, test::actor()).value() == 0);  // already so
        CHECK(db->reviews().apply_review_settings({240}, test::actor()).value() == 8);
        CHECK(rows_by_id(*db).at(ids.at("plain")).priority == 0);
        storage::AuditFilter rethreshold;
        rethreshold.action = "review-threshold";
        CHECK(db->audit().entries(rethreshold).value().size() == 2);
    }
}

TEST_CASE("contract: the queue is ordered by priority, then date, then id, and pages by keyset") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        const auto ids = flagged_visits(*db);
        storage::ReviewQueueFilter filter;
        filter.limit = 4;
        std::vector<storage::VisitId> order;
        std::vector<int> priorities;
        for (int pages = 0; pages < 10; ++pages) {
            const auto page = queue(*db, filter);
            for (const auto& row : page.rows) {
                order.push_back(row.id);
                priorities.push_back(row.priority);
            }
            if (!page.next) break;
            filter.after = page.next;
        }
        CHECK(priorities == std::vector<int>{32, 32, 16, 8, 2, 2, 2, 1, 0});
        CHECK(order.front() == ids.at("site-condition"));  // equal priority and date: the higher id first
        CHECK(order[1] == ids.at("reaction"));
        CHECK(order.back() == ids.at("plain"));

        // Each index the store may pick gives the same order.
        storage::ReviewQueueFilter by_patient;
        by_patient.patient_id = "MRN-004211";
        storage::ReviewQueueFilter by_nurse;
        by_nurse.nurse = "rn.okafor";
        storage::ReviewQueueFilter by_date;
        by_date.from = std::chrono::year{2026} / 3 / 1;
        by_date.to = std::chrono::year{2026} / 3 / 2;
        storage::ReviewQueueFilter long_range = by_date;
        long_range.from = std::chrono::year{2025} / 1 / 1;
        for (auto f : {by_patient, by_nurse, by_date, long_range}) {
            f.limit = 100;
            std::vector<storage::VisitId> same;
            for (const auto& row : queue(*db, f).rows) same.push_back(row.id);
            CHECK(same == order);
        }
        const std::vector<std::pair<std::uint32_t, std::size_t>> masks{
            {flag::checklist_gaps, 3}, {flag::reaction, 2},
            {flag::billing_held, 1},   {flag::long_infusion | flag::blood_return, 2},
            {flag::prep_missing, 1},   {flag::no_follow_up, 9}};
        for (const auto& [mask, count] : masks) {
            CAPTURE(mask);
            storage::ReviewQueueFilter f;
            f.flags = mask;
            CHECK(queue(*db, f).rows.size() == count);
            f.nurse = "rn.okafor";
            CHECK(queue(*db, f).rows.size() == count);
        }
        storage::ReviewQueueFilter other_patient;
        other_patient.patient_id = "MRN-NOBODY";
        CHECK(queue(*db, other_patient).rows.empty());
        storage::ReviewQueueFilter other_nurse;
        other_nurse.nurse = "rn.lindqvist";
        CHECK(queue(*db, other_nurse).rows.empty());
    }
}

TEST_CASE("contract: site-care notes go on signed visits and answer the follow-up flag") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& reviews = db->reviews();
        const auto draft = db->visits().create_draft(test::sample_visit(), test::actor()).value();
        const auto id = signed_visit(*db, test::sample_visit());
        const auto other = signed_visit(*db, test::sample_visit());
        storage::NewSiteCareNote note{"abdomen-left-lower", {"swelling", "redness"}, 1, "small bump, no pain"};
        CHECK_FALSE(reviews.add_site_care_note(draft, note, test::actor()).ok());
        CHECK_FALSE(reviews.add_site_care_note(id, {"", {"bruising"}, 1, ""}, test::actor()).ok());
        CHECK_FALSE(reviews.add_site_care_note(id, {"", {}, 4, ""}, test::actor()).ok());
        REQUIRE(reviews.add_site_care_note(id, note, test::actor("rn.lindqvist", "2026-03-03T14:00:00Z")).ok());
        const auto notes = reviews.site_care_notes(id).value();
        REQUIRE(notes.size() == 1);
        CHECK(notes[0].conditions == std::vector<std::string>{"redness", "swelling"});  // stored in a fixed order
        CHECK(notes[0].author == "rn.lindqvist");
        CHECK(notes[0].grade == 1);

        storage::ReviewQueueFilter late;
        late.flags = flag::no_follow_up;
        const auto page = queue(*db, late);
        REQUIRE(page.rows.size() == 1);
        CHECK(page.rows[0].id == other);
        const auto rows = rows_by_id(*db);
        CHECK(rows.at(id).followed_up);
        CHECK((rows.at(id).flags & flag::no_follow_up) == 0);
    }
}

TEST_CASE("contract: a visit is countersigned once, never while a correction is open") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& reviews = db->reviews();
        const auto draft = db->visits().create_draft(test::sample_visit(), test::actor()).value();
        CHECK_FALSE(reviews.countersign(draft, "", test::actor("sup.nakamura")).ok());
        CHECK_FALSE(reviews.request_correction(draft, "why", test::actor("sup.nakamura")).ok());

        core::Visit v = test::sample_visit();
        v.pump_setups[0].sites[0].prepped.reset();
        const auto id = signed_visit(*db, v);
        CHECK_FALSE(reviews.request_correction(id, "  ", test::actor("sup.nakamura")).ok());
        REQUIRE(reviews.request_correction(id, "document the prep of site 1", test::actor("sup.nakamura")).ok());
        CHECK(rows_by_id(*db).empty());  // the pending queue no longer holds it
        storage::ReviewQueueFilter correcting;
        correcting.state = storage::ReviewState::correction;
        CHECK(queue(*db, correcting).rows.at(0).open_correction);
        // What was asked, and by whom, is on the supervisor's "Asked to correct" list.
        CHECK(queue(*db, correcting).rows.at(0).asked_reason == "document the prep of site 1");
        CHECK(queue(*db, correcting).rows.at(0).asked_by == "sup.nakamura");
        CHECK(reviews.open_corrections_for("rn.okafor", {}).value().rows.at(0).id == id);
        CHECK(reviews.open_corrections_for("rn.lindqvist", {}).value().rows.empty());
        const auto refused = reviews.countersign(id, "", test::actor("sup.nakamura"));
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("correction") != std::string::npos);

        // The nurse amends; the app then resolves the request with the new revision.
        v.pump_setups[0].sites[0].prepped = true;
        const auto revision =
            db->visits().amend(id, 2, v, "prep documented", app::signed_coding(v, test::repo_config()), test::actor());
        REQUIRE(revision.ok());
        CHECK(reviews.resolve_corrections(id, revision.value(), test::actor()).value() == 1);
        CHECK(reviews.resolve_corrections(id, revision.value(), test::actor()).value() == 0);
        const auto requests = reviews.corrections(id).value();
        REQUIRE(requests.size() == 1);
        CHECK(requests[0].resolved_revision == revision.value());
        CHECK(reviews.open_corrections_for("rn.okafor", {}).value().rows.empty());
        const auto row = rows_by_id(*db).at(id);
        CHECK(row.state == storage::ReviewState::pending);
        // Back in the queue, it says what was asked and answered (it looked like any other visit).
        CHECK(row.answered_reason == "document the prep of site 1");
        CHECK(row.answered_by == "sup.nakamura");
        CHECK(row.asked_reason.empty());
        CHECK((row.flags & stored_flags) == 0);  // the amendment documented the prep

        const auto done = reviews.countersign(id, "reviewed", test::actor("sup.nakamura", "2026-03-04T10:00:00Z"));
        REQUIRE(done.ok());
        CHECK(done.value().revision == 1);
        CHECK(reviews.countersignatures(id).value().at(0).supervisor == "sup.nakamura");
        CHECK_FALSE(reviews.countersign(id, "again", test::actor("sup.other")).ok());
        CHECK_FALSE(reviews.request_correction(id, "late", test::actor("sup.other")).ok());
        storage::ReviewQueueFilter finished;
        finished.state = storage::ReviewState::countersigned;
        CHECK(queue(*db, finished).rows.size() == 1);
        storage::AuditFilter countersigned;
        countersigned.action = "countersign";
        CHECK(db->audit().entries(countersigned).value().size() == 1);
    }
}

// Found from outside: a visit amended after its countersignature stayed "countersigned", so what the nurse
// changed was never reviewed and the countersignature seemed to vouch for it.
TEST_CASE("contract: an amendment after a countersignature sends the visit back to review, once per revision") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& reviews = db->reviews();
        core::Visit v = test::sample_visit();
        const auto id = signed_visit(*db, v);
        REQUIRE(reviews.countersign(id, "read", test::actor("sup.nakamura", "2026-03-04T10:00:00Z")).ok());
        storage::ReviewQueueFilter finished;
        finished.state = storage::ReviewState::countersigned;
        CHECK(queue(*db, finished).rows.size() == 1);

        v.pump_setups[0].sites[0].secured.reset();  // the nurse changes what the supervisor read
        const auto revision = db->visits().amend(id, 2, v, "securing not done after all",
                                                 app::signed_coding(v, test::repo_config()), test::actor());
        REQUIRE(revision.ok());
        CHECK(rows_by_id(*db).at(id).state == storage::ReviewState::pending);  // in the pending queue again
        CHECK(queue(*db, finished).rows.empty());
        // The first countersignature stays on the revision it covered.
        REQUIRE(reviews.countersignatures(id).value().size() == 1);
        CHECK(reviews.countersignatures(id).value()[0].revision == 0);

        const auto again = reviews.countersign(id, "amendment read", test::actor("sup.other", "2026-03-05T09:00:00Z"));
        REQUIRE(again.ok());
        CHECK(again.value().revision == 1);
        CHECK(queue(*db, finished).rows.size() == 1);
        const auto all = reviews.countersignatures(id).value();
        REQUIRE(all.size() == 2);
        CHECK(all[0].supervisor == "sup.nakamura");
        CHECK(all[1].supervisor == "sup.other");
        const auto refused = reviews.countersign(id, "third", test::actor("sup.third"));
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message ==
              "cannot countersign visit " + std::to_string(id) +
                  ": it was countersigned by sup.other at 2026-03-05T09:00:00Z (once per revision; an amendment "
                  "brings it back for review)");
        CHECK_FALSE(reviews.request_correction(id, "late", test::actor("sup.third")).ok());
        storage::AuditFilter countersigned;
        countersigned.action = "countersign";
        CHECK(db->audit().entries(countersigned).value().size() == 2);
        // Both are sealed and named in the audit chain: the check finds nothing.
        const auto report = db->check().value();
        CHECK(report.ok);
        CHECK(report.findings == std::vector<std::string>{});
    }
}
