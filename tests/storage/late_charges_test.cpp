// Charges that wait and go out later, on every backend that stores billing. Late charges: a visit that an export of its
// date could not take (a draft then, held then) goes out with the next date-range export once it can, whatever that
// export's dates, exactly once; a visit of a date no export has taken waits for its own range. Found from outside: a
// draft signed after its date was exported never went out with later exports, and nothing said so.
#include "app/export_billing.hpp"
#include "app/hold_reasons.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace infusion;

namespace {

// The sample visit (2 March 2026) moved `day` days, for a patient of its own.
core::Visit visit_on(int day, const std::string& patient) {
    core::Visit v = test::sample_visit(75);
    v.patient.id = patient;
    for (auto& p : v.pump_setups) {
        p.start->local += std::chrono::days{day};
        p.stop->local += std::chrono::days{day};
    }
    return v;
}

// `v` moved by `by` (hours or days): a later visit of the same date, or the same visit on another date.
core::Visit moved(core::Visit v, std::chrono::minutes by) {
    for (auto& p : v.pump_setups) {
        p.start->local += by;
        p.stop->local += by;
    }
    return v;
}

storage::VisitId signed_visit(test::TestClinic& tc, const app::Acting& nurse, const core::Visit& v) {
    const auto id = tc.clinic().visits().create(nurse, v).value();
    REQUIRE(tc.clinic().visits().sign(nurse, id).value().signed_visit);
    return id;
}

storage::VisitId signed_visit(test::TestClinic& tc, const app::Acting& nurse, int day, const std::string& patient) {
    return signed_visit(tc, nurse, visit_on(day, patient));
}

// A clinic on one backend with its nurse, supervisor and biller.
struct Clinic {
    explicit Clinic(const test::Backend& backend) : tc("2026-04-01T12:00:00Z", backend.open()) {}
    test::TempDir dir;
    test::TestClinic tc;
    app::Acting nurse = tc.as("rn.okafor", {app::Role::nurse});
    app::Acting supervisor = tc.as("sup.nakamura", {app::Role::supervisor});
    app::Acting biller = tc.as("billing.chen", {app::Role::biller});
};

struct Exported {
    app::ExportOutcome outcome;
    std::set<storage::VisitId> visits;  // the visits whose charges the batch carries
};

Exported export_range(test::TestClinic& tc, const app::Acting& biller, const test::TempDir& dir, int first_day,
                      int last_day, bool dry_run = false) {
    static int files = 0;
    app::ExportRequest r;
    r.format = "csv";
    r.dry_run = dry_run;
    r.out = dir.path() / ("batch-" + std::to_string(++files) + ".csv");
    r.selection.from = std::chrono::sys_days{std::chrono::year{2026} / 3 / 1} + std::chrono::days{first_day};
    r.selection.to = std::chrono::sys_days{std::chrono::year{2026} / 3 / 1} + std::chrono::days{last_day};
    auto done = tc.clinic().billing().export_billing(biller, r, {});
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().describe()));
    Exported out{done.value(), {}};
    if (out.outcome.batch) {
        REQUIRE(tc.db()
                    .billing()
                    .replay_batch(out.outcome.batch->id,
                                  [&](const storage::ExportRow& row) {
                                      if (!row.reversal) out.visits.insert(row.visit_id);
                                      return true;
                                  })
                    .ok());
    }
    return out;
}

}  // namespace

TEST_CASE("late charges: a visit signed or released after its date was exported goes out with the next export") {
    for (const auto& backend : test::backends(test::Stores::billing)) {
        CAPTURE(backend.name);
        test::TempDir dir;
        test::TestClinic tc("2026-04-01T12:00:00Z", backend.open());
        const auto nurse = tc.as("rn.okafor", {app::Role::nurse});
        const auto biller = tc.as("billing.chen", {app::Role::biller});

        const auto on_time = signed_visit(tc, nurse, 1, "MRN-L1");
        // A draft of 4 March, signed only after March 1-10 was exported.
        const auto draft = tc.clinic().visits().create(nurse, visit_on(2, "MRN-L2")).value();
        // Signed on 5 March without a diagnosis: its billing held; corrected after the export.
        core::Visit undiagnosed = visit_on(3, "MRN-L3");
        undiagnosed.diagnoses.clear();
        const auto held = tc.clinic().visits().create(nurse, undiagnosed).value();
        REQUIRE(tc.clinic().visits().sign(nurse, held).value().signed_visit);

        const auto first = export_range(tc, biller, dir, 0, 9);
        CHECK(first.visits == std::set<storage::VisitId>{on_time});
        CHECK(first.outcome.held_visits == 1);
        CHECK(first.outcome.late_visits == 0);

        REQUIRE(tc.clinic().visits().sign(nurse, draft).value().signed_visit);
        core::Visit diagnosed = tc.db().visits().load(held).value().current().content;
        diagnosed.diagnoses = {"D80.1"};
        REQUIRE(tc.clinic().visits().amend(nurse, held, diagnosed, "diagnosis from the order").ok());
        // Dated where no export has been: each waits for an export of its own dates, as before.
        const auto after_range = signed_visit(tc, nurse, 25, "MRN-L4");
        const auto february = tc.clinic().visits().create(nurse, visit_on(-5, "MRN-L5")).value();
        REQUIRE(tc.clinic().visits().sign(nurse, february).value().signed_visit);
        const auto in_range = signed_visit(tc, nurse, 12, "MRN-L6");

        // The dry run says what the export will do; the export does it.
        const auto dry = export_range(tc, biller, dir, 10, 19, true);
        CHECK(dry.outcome.late_visits == 2);
        CHECK(dry.outcome.visits == 3);
        const auto second = export_range(tc, biller, dir, 10, 19);
        CHECK(second.visits == std::set<storage::VisitId>{draft, held, in_range});
        CHECK(second.outcome.late_visits == 2);
        CHECK(
            app::late_visits_sentence(second.outcome.late_visits).find("2 of the visits are dated outside the range") ==
            0);
        // Under their own dates.
        std::set<std::string> dates;
        REQUIRE(tc.db()
                    .billing()
                    .replay_batch(second.outcome.batch->id,
                                  [&](const storage::ExportRow& row) {
                                      dates.insert(core::format_date(row.date_of_service));
                                      return true;
                                  })
                    .ok());
        CHECK(dates == std::set<std::string>{"2026-03-04", "2026-03-05", "2026-03-14"});

        // Exactly once: the next export of other dates takes them no more.
        const auto third = export_range(tc, biller, dir, 20, 24);
        CHECK_FALSE(third.outcome.batch);
        CHECK(third.outcome.late_visits == 0);
        // The visits of dates never exported went out with their own range only.
        const auto fourth = export_range(tc, biller, dir, 25, 30);
        CHECK(fourth.visits == std::set<storage::VisitId>{after_range});
        const auto february_export = export_range(tc, biller, dir, -28, -1);
        CHECK(february_export.visits == std::set<storage::VisitId>{february});
        const auto check = tc.db().check();
        REQUIRE(check.ok());
        CHECK(check.value().ok);
    }
}

TEST_CASE("late charges: visits of one patient and date held by a correction request go out once it is answered") {
    for (const auto& backend : test::backends(test::Stores::billing)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        auto& [dir, tc, nurse, supervisor, biller] = c;

        // Two visits of one patient on 6 March: a request on the first holds the date's lines, both visits'.
        const auto asked = signed_visit(tc, nurse, 4, "MRN-W1");
        const auto other = signed_visit(tc, nurse, moved(visit_on(4, "MRN-W1"), std::chrono::hours{4}));
        REQUIRE(tc.clinic().review().request_correction(supervisor, asked, "the lot number is missing").ok());
        const auto ready = signed_visit(tc, nurse, 1, "MRN-W2");

        const auto first = export_range(tc, biller, dir, 0, 9);
        CHECK(first.visits == std::set<storage::VisitId>{ready});
        CHECK(first.outcome.held_visits == 2);

        // The nurse's amendment answers the request: the other visit, which nobody touched, goes out too.
        core::Visit corrected = tc.db().visits().load(asked).value().current().content;
        corrected.notes.push_back(
            core::Note{std::nullopt, core::NoteKind::general, "lot number checked with the pharmacy"});
        REQUIRE(tc.clinic().visits().amend(nurse, asked, corrected, "lot number").ok());
        const auto second = export_range(tc, biller, dir, 10, 19);
        CHECK(second.visits == std::set<storage::VisitId>{asked, other});
        CHECK(second.outcome.late_visits == 2);
    }
}

TEST_CASE("late charges: an amendment that answers a request and moves its visit releases the visits of its old date") {
    for (const auto& backend : test::backends(test::Stores::billing)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        auto& [dir, tc, nurse, supervisor, biller] = c;

        // The first signed without a diagnosis (held, billing nothing), so the second bills the date's 96369 and
        // moving the first away changes nothing of it.
        core::Visit undiagnosed = visit_on(4, "MRN-M1");
        undiagnosed.diagnoses.clear();
        const auto asked = tc.clinic().visits().create(nurse, undiagnosed).value();
        REQUIRE(tc.clinic().visits().sign(nurse, asked).value().signed_visit);
        const auto other = signed_visit(tc, nurse, moved(visit_on(4, "MRN-M1"), std::chrono::hours{4}));
        REQUIRE(tc.clinic().review().request_correction(supervisor, asked, "wrong day?").ok());
        const auto ready = signed_visit(tc, nurse, 1, "MRN-M2");
        CHECK(export_range(tc, biller, dir, 0, 9).visits == std::set<storage::VisitId>{ready});

        // The answer moves the visit to 27 March, a date no export has taken: it waits for its range; the other
        // visit of 6 March, released, goes with the next export.
        core::Visit to_27th = moved(tc.db().visits().load(asked).value().current().content, std::chrono::days{21});
        to_27th.diagnoses = {"D80.1"};
        REQUIRE(tc.clinic().visits().amend(nurse, asked, to_27th, "it was on the 27th").ok());
        const auto second = export_range(tc, biller, dir, 10, 19);
        CHECK(second.visits == std::set<storage::VisitId>{other});
        CHECK(second.outcome.late_visits == 1);
        CHECK(export_range(tc, biller, dir, 25, 30).visits == std::set<storage::VisitId>{asked});
    }
}

TEST_CASE("an amended visit's new charges wait while the reversal of its old date's charges waits") {
    for (const auto& backend : test::backends(test::Stores::billing)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        auto& [dir, tc, nurse, supervisor, biller] = c;

        // Two visits of one patient on 6 March, both sent.
        const auto moving = signed_visit(tc, nurse, 4, "MRN-R1");
        const auto asked = signed_visit(tc, nurse, moved(visit_on(4, "MRN-R1"), std::chrono::hours{4}));
        CHECK(export_range(tc, biller, dir, 0, 9).visits == std::set<storage::VisitId>{moving, asked});

        // A request on the second holds 6 March; the first is amended to 10 March. Its reversals wait with 6
        // March, and so do its new charges: the payer never holds both dates' charges for one infusion.
        REQUIRE(tc.clinic().review().request_correction(supervisor, asked, "check the lot").ok());
        const core::Visit to_10th =
            moved(tc.db().visits().load(moving).value().current().content, std::chrono::days{4});
        REQUIRE(tc.clinic().visits().amend(nurse, moving, to_10th, "it was on the 10th").ok());
        CHECK_FALSE(export_range(tc, biller, dir, 10, 19).outcome.batch);
        // An export of its new date says it is held (it said nothing, and the command exited 0).
        const auto tenth = export_range(tc, biller, dir, 9, 9, true);
        CHECK_FALSE(tenth.outcome.batch);
        CHECK(tenth.outcome.held_visits == 1);
        storage::WorklistFilter filter;
        filter.from = std::chrono::year{2026} / 3 / 1;
        filter.to = std::chrono::year{2026} / 3 / 31;
        filter.limit = 10;
        const auto rows = tc.db().billing().worklist(filter).value().rows;
        const auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.id == moving; });
        REQUIRE(row != rows.end());
        CHECK(row->state == storage::WorklistState::held);  // not "amended after export": it waits
        // And says why, naming the request on its old date by that date (it said "held" with no reason).
        REQUIRE(row->request_holds.size() == 1);
        CHECK(row->request_holds[0].visit == asked);
        CHECK(row->request_holds[0].date == std::chrono::year{2026} / 3 / 6);
        const auto reasons = app::hold_reasons(*row, "America/New_York");
        REQUIRE(reasons.size() == 1);
        CHECK(reasons[0].find("visit " + std::to_string(asked) +
                              " of the same patient on 2026-03-06, the date this "
                              "visit's lines were sent under before its amendment") != std::string::npos);

        // The nurse answers the request: everything of both visits that changed goes out together.
        core::Visit corrected = tc.db().visits().load(asked).value().current().content;
        corrected.notes.push_back(core::Note{std::nullopt, core::NoteKind::general, "lot checked"});
        REQUIRE(tc.clinic().visits().amend(nurse, asked, corrected, "lot").ok());
        const auto after = export_range(tc, biller, dir, 20, 24);
        REQUIRE(after.outcome.batch);
        CHECK(after.visits.count(moving) == 1);
        CHECK(after.outcome.reversals > 0);
        const auto check = tc.db().check();
        REQUIRE(check.ok());
        CHECK(check.value().ok);
    }
}
